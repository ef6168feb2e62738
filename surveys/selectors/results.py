"""A survey's results, read once: every answer in one query (with its organisation's name),
the organisations' focus areas in one more, the earlier years of its series in three; the
sums are made here. The number of queries does not grow with the number of answers.

Per question: for choices (and the 1–5 scale) how many chose each and the share of those
who answered the question; for numbers the average, median, least and most; texts listed.
Per focus area: the same, for the answers of the organisations in each focus area (an
organisation in two focus areas counts in both). Year by year: each question of this year
beside the question with the same key in the earlier years of the series."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from organisations.models import Organisation
from portal.models import FocusArea
from surveys.models import Comment, Survey, SurveyQuestion, SurveyResponse

F = SurveyQuestion.FieldType
NUMBER_KINDS = (F.NUMBER,)
TEXT_KINDS = (F.TEXT, F.TEXTAREA)


@dataclass
class Answer:
    """One answer as the summaries read it: who gave it (shown to those who may see names)
    and the organisation's focus areas."""

    answers: dict
    organisation_id: int | None
    who: str
    focus_areas: frozenset = frozenset()


@dataclass
class ChoiceRow:
    label: str
    count: int
    percent: int


@dataclass
class QuestionSummary:
    question: SurveyQuestion
    answered: int = 0
    rows: list[ChoiceRow] = field(default_factory=list)
    average: Decimal | None = None
    median: Decimal | None = None
    least: object = None
    most: object = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # (who, text)

    @property
    def kind(self) -> str:
        if self.question.field_type in SurveyQuestion.CHOICE_KINDS:
            return "choice"
        if self.question.field_type in NUMBER_KINDS:
            return "number"
        if self.question.field_type == F.DATE:
            return "date"
        return "text"


@dataclass
class Group:
    name: str
    count: int
    summaries: list[QuestionSummary]


@dataclass
class YearColumn:
    year: int
    survey: Survey
    summary: QuestionSummary | None


@dataclass
class Comparison:
    question: SurveyQuestion
    years: list[YearColumn]
    labels: list[str]  # the choices, in this year's order then any earlier ones

    def percent(self, column: YearColumn, label: str):
        if column.summary is None:
            return None
        for row in column.summary.rows:
            if row.label == label:
                return row.percent
        return 0 if column.summary.answered else None

    @property
    def is_choice(self) -> bool:
        return self.question.field_type in SurveyQuestion.CHOICE_KINDS

    @property
    def table(self) -> list[tuple[str, list]]:
        """Per choice, its share (percent of those who answered) in each year."""
        return [(label, [self.percent(c, label) for c in self.years]) for label in self.labels]


@dataclass
class Results:
    survey: Survey
    questions: list[SurveyQuestion]
    overall: list[QuestionSummary]
    total: int
    by_organisations: int
    by_persons: int
    focus_groups: list[Group]
    per_focus_area: list[tuple[SurveyQuestion, list[tuple[Group, QuestionSummary]]]]
    comparison: list[Comparison]
    comments: list
    names_shown: bool

    def rate(self, answered: int, invited: int):
        return None if not invited else _percent(answered, invited)

    @property
    def organisation_rate(self):
        return self.rate(self.by_organisations, self.survey.invited_organisations)

    @property
    def person_rate(self):
        return self.rate(self.by_persons, self.survey.invited_people)


def _percent(part: int, whole: int) -> int:
    if not whole:
        return 0
    return int((Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _decimal(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _given(value) -> bool:
    return value not in (None, "", [])


def summarise(question: SurveyQuestion, answers: list[Answer]) -> QuestionSummary:
    """The summary of one question over ``answers``."""
    summary = QuestionSummary(question)
    values = [(a.who, a.answers.get(question.key)) for a in answers]
    values = [(who, v) for who, v in values if _given(v)]
    summary.answered = len(values)
    if question.field_type in SurveyQuestion.CHOICE_KINDS:
        counts = dict.fromkeys(question.choice_list, 0)
        for _who, value in values:
            for choice in value if isinstance(value, list) else [value]:
                counts[str(choice)] = counts.get(str(choice), 0) + 1
        summary.rows = [
            ChoiceRow(label, count, _percent(count, summary.answered))
            for label, count in counts.items()
        ]
        if question.field_type == F.SCALE and values:
            numbers = [int(v) for _w, v in values if str(v).isdigit()]
            if numbers:
                summary.average = _decimal(statistics.fmean(numbers))
    elif question.field_type in NUMBER_KINDS:
        numbers = [v for _w, v in values if isinstance(v, int | float)]
        if numbers:
            summary.average = _decimal(statistics.fmean(numbers))
            summary.median = _decimal(statistics.median(numbers))
            summary.least, summary.most = min(numbers), max(numbers)
    elif question.field_type == F.DATE:
        days = sorted(date.fromisoformat(v) for _w, v in values if isinstance(v, str))
        if days:
            summary.least, summary.most = days[0], days[-1]
    else:
        summary.texts = [(who, str(v)) for who, v in values]
    return summary


def _answers(survey: Survey, names: bool) -> list[Answer]:
    rows = list(
        SurveyResponse.objects.filter(survey=survey)
        .order_by("submitted_at", "pk")
        .values("organisation_id", "organisation__name", "person__full_name", "answers")
    )
    through = Organisation.focus_areas.through
    areas = {}
    for organisation_id, focus_area_id in through.objects.filter(
        organisation_id__in=SurveyResponse.objects.filter(
            survey=survey, organisation__isnull=False
        ).values("organisation_id")
    ).values_list("organisation_id", "focusarea_id"):
        areas.setdefault(organisation_id, set()).add(focus_area_id)
    found = []
    for number, row in enumerate(rows, start=1):
        if not names:
            who = ""
        elif row["organisation_id"]:
            who = row["organisation__name"]
        else:
            who = row["person__full_name"] or _("A person (answer %(number)s)") % {"number": number}
        found.append(
            Answer(
                answers=row["answers"] or {},
                organisation_id=row["organisation_id"],
                who=who,
                focus_areas=frozenset(areas.get(row["organisation_id"], ())),
            )
        )
    return found


def _focus_groups(survey: Survey, answers: list[Answer], questions) -> list[tuple[Group, list]]:
    groups = []
    for area in FocusArea.objects.filter(municipality_id=survey.municipality_id).order_by("name"):
        mine = [a for a in answers if area.pk in a.focus_areas]
        groups.append((area.name, mine))
    without = [a for a in answers if a.organisation_id and not a.focus_areas]
    if without:
        groups.append((_("Organisations without a focus area"), without))
    persons = [a for a in answers if a.organisation_id is None]
    if persons:
        groups.append((_("Persons (not in a focus area)"), persons))
    return [
        (Group(name, len(mine), [summarise(q, mine) for q in questions]), mine)
        for name, mine in groups
    ]


def _comparison(survey: Survey, questions) -> list[Comparison]:
    if not survey.series or survey.year is None:
        return []
    earlier = list(
        Survey.objects.filter(
            municipality_id=survey.municipality_id,
            series__iexact=survey.series,
            status__in=[Survey.Status.OPEN, Survey.Status.CLOSED],
            year__isnull=False,
        )
        .filter(Q(year__lt=survey.year))
        .order_by("year")
    )
    if not earlier:
        return []
    ids = [s.pk for s in earlier]
    their_questions = {}
    for question in SurveyQuestion.objects.filter(survey_id__in=ids):
        their_questions[(question.survey_id, question.key)] = question
    their_answers = {}
    for survey_id, answers in SurveyResponse.objects.filter(survey_id__in=ids).values_list(
        "survey_id", "answers"
    ):
        their_answers.setdefault(survey_id, []).append(
            Answer(answers=answers or {}, organisation_id=None, who="")
        )
    own_answers = [
        Answer(answers=a or {}, organisation_id=None, who="")
        for a in SurveyResponse.objects.filter(survey=survey).values_list("answers", flat=True)
    ]
    found = []
    for question in questions:
        columns = []
        for other in earlier:
            theirs = their_questions.get((other.pk, question.key))
            summary = summarise(theirs, their_answers.get(other.pk, [])) if theirs else None
            columns.append(YearColumn(other.year, other, summary))
        if not any(c.summary for c in columns):
            continue
        columns.append(YearColumn(survey.year, survey, summarise(question, own_answers)))
        labels = list(question.choice_list)
        for column in columns:
            for row in column.summary.rows if column.summary else []:
                if row.label not in labels:
                    labels.append(row.label)
        found.append(Comparison(question, columns, labels))
    return found


def results(survey: Survey, *, names: bool) -> Results:
    """Everything the results page shows; ``names``: who answered is shown."""
    questions = list(survey.questions.all())
    answers = _answers(survey, names)
    groups = _focus_groups(survey, answers, questions)
    per_focus_area = [
        (question, [(group, group.summaries[index]) for group, _mine in groups])
        for index, question in enumerate(questions)
    ]
    comments = list(Comment.objects.filter(survey=survey).select_related("organisation", "author"))
    return Results(
        survey=survey,
        questions=questions,
        overall=[summarise(q, answers) for q in questions],
        total=len(answers),
        by_organisations=sum(1 for a in answers if a.organisation_id),
        by_persons=sum(1 for a in answers if a.organisation_id is None),
        focus_groups=[group for group, _mine in groups],
        per_focus_area=per_focus_area,
        comparison=_comparison(survey, questions),
        comments=comments,
        names_shown=names,
    )


def visible_surveys(municipality_ids) -> list[Survey]:
    """The surveys whose results staff and politicians of ``municipality_ids`` read."""
    return list(
        Survey.objects.filter(
            municipality_id__in=municipality_ids,
            status__in=[Survey.Status.OPEN, Survey.Status.CLOSED],
        )
        .select_related("municipality")
        .order_by("-opens_at", "-pk")
    )
