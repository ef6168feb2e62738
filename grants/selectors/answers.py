"""The application's answers as readable rows (question, lines) for officers and applicants."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from grants.form_builder import application_form  # the form parses answers
from grants.models import Application, Question
from organisations.models import AgeBand, Gender
from portal.money import format_amount


@dataclass
class AnswerRow:
    label: str
    lines: list[str]


def _kr(value) -> str:
    """An amount typed in the form (a Decimal, or its string in a budget row)."""
    return format_amount(value)


def _budget_lines(value) -> list[str]:
    lines = [f"{c['label']}: {_kr(c['amount'])}" for c in value["costs"]]
    lines.append(_("Total costs: %(amount)s") % {"amount": _kr(value["total_costs"])})
    lines.append(_("Own funding: %(amount)s") % {"amount": _kr(value["own_funding"])})
    lines += [
        _("Applied for from %(funder)s: %(amount)s")
        % {"funder": f["name"], "amount": _kr(f["amount"])}
        for f in value["other_funders"]
    ]
    lines.append(_("Applied for here: %(amount)s") % {"amount": _kr(value["applied_for"])})
    return lines


def _participant_lines(value) -> list[str]:
    labels = {
        f"{b.value}|{g.value}": f"{b.label}, {g.label.lower()}" for b in AgeBand for g in Gender
    }
    lines = [f"{labels[key]}: {count}" for key, count in value["counts"].items() if count]
    return [*lines, _("In all: %(count)s") % {"count": value["total"]}]


def _activity_lines(value) -> list[str]:
    return [
        _("%(activity)s: %(occasions)s occasions of %(minutes)s minutes, %(participants)s "
          "participants, %(leaders)s leaders") % row
        for row in value["rows"]
    ]  # fmt: skip


def _lines(question, value, attachments) -> list[str]:
    kind = Question.FieldType
    if question.field_type == kind.FILE:
        attachment = attachments.get(question.key)
        return [attachment.original_name] if attachment else []
    if value in (None, "", [], {}):
        return []
    match question.field_type:
        case kind.BUDGET:
            return _budget_lines(value)
        case kind.PARTICIPANTS:
            return _participant_lines(value)
        case kind.ACTIVITIES:
            return _activity_lines(value)
        case kind.MULTIPLE_CHOICE:
            return [", ".join(value)]
        case kind.AMOUNT:
            return [_kr(value)]
    return str(value).splitlines()


def answer_rows(application: Application) -> list[AnswerRow]:
    """Each question with its answer as lines of text. Answers that no longer validate (a
    draft, or a question changed since) are shown as typed."""
    form = application_form(application)
    valid = form.is_valid()
    attachments = {a.question_key: a for a in application.attachments.all()}
    rows = []
    for question in form.questions:
        name = f"q_{question.key}"
        if valid or name in form.cleaned_data:
            value = form.cleaned_data.get(name)
        else:
            value = application.answers.get(name, "")
            if question.field_type in (Question.FieldType.BUDGET, Question.FieldType.PARTICIPANTS,
                                       Question.FieldType.ACTIVITIES):  # fmt: skip
                value = None
        rows.append(AnswerRow(question.label, _lines(question, value, attachments)))
    return rows
