"""Reads for handling a case: the formula calculation, the proposed amount, assessments
and the organisation's history."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, prefetch_related_objects

from grants.activity_grant import ActivityCalculation, calculate
from grants.form_builder import application_form  # the form parses answers
from grants.models import (
    ActivityGrantRule,
    Application,
    Assessment,
    GrantProgramme,
    Question,
    Score,
)
from grants.selectors.plans import plan_instalments

# What the officer's case page shows of a case's relations, read with the case in one
# statement (grants.admin.cases.ApplicationAdmin.get_object): the call and programme (the
# permission checks, the calculation, the budget, the follow-up), the programme's formula
# rule, the organisation and its payout account, the decision, the host agreement and its
# host, and the people named on the page.
CASE_PAGE_RELATIONS = (
    "call__programme__activity_rule",
    "organisation__payout_account",
    "decision",
    "host_agreement__host",
    "assigned_to",
    "submitted_by",
    "entered_by",
)


def case_page_prefetch(application: Application) -> None:
    """Read once what several sections of the officer's case page read: the programme's
    questions (the answers, the calculation, the attachments' labels, the reports' forms),
    the case's attachments (the answers, the list, the reports' files) and its decision's
    instalments as the plan shows them (the plan, each report's money)."""
    prefetch_related_objects([application.call.programme], "questions")
    prefetch_related_objects([application], "attachments")
    decision = getattr(application, "decision", None)
    if decision is not None:
        prefetch_related_objects([decision], Prefetch("instalments", queryset=plan_instalments()))


def _activity_rule(programme: GrantProgramme) -> ActivityGrantRule | None:
    """The programme's formula rule: as read with the case (CASE_PAGE_RELATIONS), else
    asked for now."""
    if GrantProgramme.activity_rule.is_cached(programme):
        return getattr(programme, "activity_rule", None)
    return ActivityGrantRule.objects.filter(programme=programme).first()


def activity_calculation(application: Application) -> ActivityCalculation | None:
    """The activity-grant formula applied to the application's numbers, or ``None`` when
    the programme is not a formula grant (or the answers cannot be read)."""
    programme = application.call.programme
    rule = _activity_rule(programme)
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
    """The case's files, each named with the question it answers (its label, not its key):
    from the programme's questions and the case's attachments as prefetched for the case
    page (case_page_prefetch), else one query each."""
    labels = {q.key: q.label for q in application.call.programme.questions.all()}
    attachments = sorted(application.attachments.all(), key=lambda a: a.pk)
    return [AttachmentRow(a.original_name, labels.get(a.question_key, "")) for a in attachments]
