"""Reads for handling a case: the formula calculation, the proposed amount, assessments
and the organisation's history."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from grants.activity_grant import ActivityCalculation, calculate
from grants.form_builder import application_form  # the form parses answers
from grants.models import ActivityGrantRule, Application, Assessment, Question, Score


def activity_calculation(application: Application) -> ActivityCalculation | None:
    """The activity-grant formula applied to the application's numbers, or ``None`` when
    the programme is not a formula grant (or the answers cannot be read)."""
    programme = application.call.programme
    rule = ActivityGrantRule.objects.filter(programme=programme).first()
    if rule is None:
        return None
    form = application_form(application)
    if not form.is_valid():
        return None
    rows = []
    for question in form.questions:
        if question.field_type == Question.FieldType.ACTIVITIES:
            rows += form.cleaned_data[f"q_{question.key}"]["rows"]
    return calculate(
        rows,
        rule,
        deduction_percent=application.late_deduction_percent,
        cap=programme.max_amount,
    )


def proposed_amount(application: Application) -> Decimal | None:
    """What to grant in full: the formula's amount, or what was applied for less any
    late deduction."""
    calculation = activity_calculation(application)
    if calculation is not None:
        return calculation.amount
    requested = application.amount_requested
    if requested is None:
        return None
    factor = Decimal(100 - application.late_deduction_percent) / 100
    return (requested * factor).quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass
class CriterionSummary:
    criterion: object
    average: Decimal | None
    scored: int  # assessors who gave a score (N/A left out)
    not_applicable: int


def assessment_summary(application: Application):
    """Per criterion: the average over assessors who scored it (N/A left out); and the
    assessments themselves with their scores. Three queries whatever the number of
    assessors."""
    criteria = list(application.call.programme.criteria.all())
    assessments = list(
        Assessment.objects.filter(application=application)
        .select_related("assessor")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    values = defaultdict(list)
    not_applicable = defaultdict(int)
    for assessment in assessments:
        for score in assessment.scores.all():
            if score.value is None:
                not_applicable[score.criterion_id] += 1
            else:
                values[score.criterion_id].append(score.value)
    summary = []
    for criterion in criteria:
        scored = values[criterion.pk]
        average = (
            (Decimal(sum(scored)) / len(scored)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if scored
            else None
        )
        summary.append(
            CriterionSummary(criterion, average, len(scored), not_applicable[criterion.pk])
        )
    return summary, assessments


def earlier_grants(application: Application):
    """The organisation's other applications with their decisions and reports, newest
    first (for the case page)."""
    return (
        Application.objects.filter(organisation=application.organisation)
        .exclude(pk=application.pk)
        .exclude(status=Application.Status.DRAFT)
        .select_related("call__programme", "decision")
        .prefetch_related("decision__reports")
        .order_by("-submitted_at")
    )


@dataclass(frozen=True)
class AttachmentRow:
    name: str
    question: str


def attachment_rows(application: Application) -> list[AttachmentRow]:
    """The case's files, each named with the question it answers (its label, not its key)."""
    labels = dict(
        Question.objects.filter(programme_id=application.call.programme_id).values_list(
            "key", "label"
        )
    )
    return [
        AttachmentRow(a.original_name, labels.get(a.question_key, ""))
        for a in application.attachments.order_by("pk")
    ]
