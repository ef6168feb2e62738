"""A survey's answers as a spreadsheet (through ``portal.spreadsheets``, formula-neutral):
one row per answer, a column per question; the XLSX has the summary per question too.
Who answered is named only for those who may see names (``permissions.may_see_names``)."""

import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal import spreadsheets
from surveys.models import Survey, SurveyResponse
from surveys.selectors.results import Results


def filename(survey: Survey, extension: str) -> str:
    year = f"-{survey.year}" if survey.year else ""
    return f"{slugify(survey.title)[:60] or 'enkat'}{year}-svar.{extension}"


def _cell(value):
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def answer_rows(survey: Survey, questions, names: bool) -> list[list]:
    header = [_("Answer"), _("Answered by"), _("Focus areas"), _("Answered")]
    header += [q.label for q in questions]
    rows = [header]
    responses = (
        SurveyResponse.objects.filter(survey=survey)
        .select_related("organisation", "person")
        .prefetch_related("organisation__focus_areas")
        .order_by("submitted_at", "pk")
    )
    for number, response in enumerate(responses, start=1):
        if response.organisation_id:
            who = response.organisation.name if names else _("An organisation")
            areas = ", ".join(sorted(a.name for a in response.organisation.focus_areas.all()))
        else:
            who = (response.person.full_name or response.person.email) if names else _("A person")
            areas = ""
        answered = timezone.localtime(response.updated_at).strftime("%Y-%m-%d %H:%M")
        row = [number, who, areas, answered]
        row += [_cell(response.answers.get(q.key)) for q in questions]
        rows.append(row)
    return rows


def answers_csv(survey: Survey, questions, names: bool) -> str:
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, delimiter=";", decimal=",")
    writer.writerows(answer_rows(survey, questions, names))
    return out.getvalue()


def answers_xlsx(survey: Survey, found: Results) -> bytes:
    out = io.BytesIO()
    book = spreadsheets.workbook(out)
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Answers")[:31])
    for r, row in enumerate(answer_rows(survey, found.questions, found.names_shown)):
        for c, value in enumerate(row):
            spreadsheets.write_cell(sheet, r, c, value, bold if r == 0 else None)
    summary = book.add_worksheet(_("Summary")[:31])
    r = 0
    for item in found.overall:
        spreadsheets.write_cell(summary, r, 0, item.question.label, bold)
        spreadsheets.write_cell(summary, r, 1, _("Answered"), bold)
        spreadsheets.write_cell(summary, r, 2, item.answered)
        r += 1
        for row in item.rows:
            for c, value in enumerate([row.label, row.count, row.percent]):
                spreadsheets.write_cell(summary, r, c, value)
            r += 1
        for label, value in [(_("Average"), item.average), (_("Median"), item.median)]:
            if value is not None:
                spreadsheets.write_cell(summary, r, 0, label)
                spreadsheets.write_cell(summary, r, 1, value)
                r += 1
        r += 1
    book.close()
    return out.getvalue()
