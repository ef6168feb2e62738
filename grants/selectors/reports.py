"""Reads of follow-up reports: the money a report accounts for, what its acceptance
releases, and its answers as readable rows for officers (indicators as target → result)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _

from grants.forms import follow_up_report_form
from grants.models import FollowUpReport, Instalment, Question
from grants.selectors.answers import AnswerRow, _lines, _participant_lines
from grants.selectors.fast_track import decision_promise, promise_days_left, promise_text
from portal.money import format_amount


def report_money_basis(report: FollowUpReport) -> Decimal | None:
    """The money the report accounts for; what of it is not used is claimed back.

    An interim report accounts for nothing yet (``None``: the money is settled in a later
    report). A report of a grant year accounts for that year's instalments; any other
    (a project's final report) for the grant less the years other reports account for.
    Cancelled instalments are not paid, so they are not accounted for; a grant paid by
    suppliers' invoices (no instalments) accounts for the amount granted.
    """
    if report.kind == FollowUpReport.Kind.INTERIM:
        return None
    decision = report.decision
    instalments = [i for i in decision.instalments.all() if i.status != Instalment.Status.CANCELLED]
    if not instalments:
        return decision.amount
    if report.year is not None and any(i.year == report.year for i in instalments):
        return sum((i.amount for i in instalments if i.year == report.year), Decimal(0))
    other_years = {
        r.year
        for r in decision.reports.all()
        if r.pk != report.pk and r.year is not None and r.kind != FollowUpReport.Kind.INTERIM
    }
    return sum(
        (i.amount for i in instalments if i.year is None or i.year not in other_years),
        Decimal(0),
    )


def released_instalments(report: FollowUpReport) -> list[Instalment]:
    """The instalments that wait for this report to be accepted (not cancelled ones)."""
    waiting = report.released_instalments.all()  # prefetched by the pages that list reports
    return sorted(
        (i for i in waiting if i.status != Instalment.Status.CANCELLED), key=lambda i: i.number
    )


def releases_text(report: FollowUpReport) -> str:
    """E.g. "Accepting the report releases instalment 2 (100 000 kr, 2027)." or ""."""
    parts = []
    for instalment in released_instalments(report):
        values = {
            "number": instalment.number,
            "amount": format_amount(instalment.amount),
            "year": instalment.year,
        }
        if instalment.year:
            parts.append(_("instalment %(number)s (%(amount)s for %(year)s)") % values)
        else:
            parts.append(_("instalment %(number)s (%(amount)s)") % values)
    if not parts:
        return ""
    return _("When the report is accepted, the municipality pays %(instalments)s.") % {
        "instalments": ", ".join(parts)
    }


@dataclass
class IndicatorRow:
    """An indicator: the target the application gave, the result the report gives."""

    label: str
    target: int | None
    result: int | None


@dataclass
class ReportReading:
    """A submitted report as officers read it."""

    report: FollowUpReport
    rows: list[AnswerRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    basis: Decimal | None = None
    releases: str = ""


def report_reading(report: FollowUpReport) -> ReportReading:
    """The report's answers as rows (label: answer), its indicators as target → result,
    and its money. Answers that no longer validate (a question changed since) are left out
    of the rows rather than shown as codes."""
    reading = ReportReading(
        report=report, basis=report_money_basis(report), releases=releases_text(report)
    )
    if report.status == FollowUpReport.Status.DUE:  # nothing sent yet: the targets only
        form = follow_up_report_form(report)
        reading.indicators = [
            IndicatorRow(q.label, form.targets.get(q.key), None)
            for q in form.questions
            if q.field_type == Question.FieldType.INDICATOR
        ]
        return reading
    form = follow_up_report_form(report, stored=True)
    form.is_valid()
    cleaned = form.cleaned_data
    application = report.decision.application
    prefix = f"report-{report.number}-"
    attachments = {  # the application's attachments: prefetched once for all its reports
        a.question_key.removeprefix(prefix): a
        for a in application.attachments.all()
        if a.question_key.startswith(prefix)
    }
    participants = report.participants or {}
    if "counts" in participants:
        participant_lines = _participant_lines(participants)
    else:
        participant_lines = [str(participants["total"])] if "total" in participants else []
    rows = [
        AnswerRow(str(form.fields["outcomes"].label), report.outcomes.splitlines()),
        AnswerRow(str(form.fields["participants"].label), participant_lines),
    ]
    for question in form.questions:
        value = cleaned.get(f"q_{question.key}")
        if question.field_type == Question.FieldType.INDICATOR:
            reading.indicators.append(
                IndicatorRow(question.label, form.targets.get(question.key), value)
            )
            continue
        rows.append(AnswerRow(question.label, _lines(question, value, attachments)))
    money = [format_amount(report.money_used)] if report.money_used is not None else []
    rows.append(AnswerRow(str(form.fields["money_used"].label), money))
    reading.rows = rows
    return reading


def decision_report_readings(decision) -> list[ReportReading]:
    """Every report of the decision, in order, as officers read it (the case page), in a
    fixed number of queries: the programme's questions, the application's attachments, the
    decision's reports and instalments (each report's money reads them all) and what each
    report releases are fetched once for all reports; what the caller has prefetched
    already (grants.selectors.cases.case_page_prefetch) is not read again."""
    application = decision.application
    prefetch_related_objects([application.call.programme], "questions")
    prefetch_related_objects([application], "attachments")
    reports = FollowUpReport.objects.order_by("number").prefetch_related("released_instalments")
    prefetch_related_objects([decision], Prefetch("reports", queryset=reports))
    readings = decision.reports.all()
    if any(r.kind != FollowUpReport.Kind.INTERIM for r in readings):  # these have money
        prefetch_related_objects([decision], "instalments")
    return [report_reading(r) for r in readings]


@dataclass
class CaseFollowUp:
    """What the officer's case page shows after the application: a micro-grant's promised
    decision date, and the decision's follow-up reports."""

    promise: date | None
    promise_text: str
    overdue: bool
    decision_days: int | None
    readings: list[ReportReading]


def case_follow_up(application, decision) -> CaseFollowUp:
    """The case page's follow-up section, from the case and its ``decision`` (or None) as
    the page read them."""
    days = promise_days_left(application)
    return CaseFollowUp(
        promise=decision_promise(application),
        promise_text=promise_text(days) if days is not None else "",
        overdue=days is not None and days < 0,
        decision_days=application.call.programme.decision_days,
        readings=decision_report_readings(decision) if decision is not None else [],
    )
