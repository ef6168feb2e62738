"""Reads for applicants: open calls, who may apply and why not, late deductions, a user's
applications and reports."""

import math
from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Application, Call, FollowUpReport, GrantProgramme
from organisations import rights
from organisations.models import (
    Document,
    DocumentKind,
    EligibilityPeriod,
    Membership,
    Organisation,
)
from organisations.selectors import eligible_organisations
from portal import prebuilt


def open_calls(*, at=None, municipality=None) -> QuerySet[Call]:
    """Calls open for applications at ``at`` (now), soonest closing first, rolling last."""
    at = at or timezone.now()
    calls = Call.objects.filter(
        Q(closes_at__isnull=True) | Q(closes_at__gt=at),
        opens_at__lte=at,
        programme__is_active=True,
    )
    if municipality is not None:
        calls = calls.filter(programme__committee__municipality=municipality)
    return (
        calls.select_related("programme__committee__municipality", "focus_area")
        .prefetch_related("programme__target_groups", "programme__districts")
        .order_by("closes_at", "opens_at", "pk")
    )


@dataclass
class LateStatus:
    accepted: bool
    deduction_percent: int = 0


def late_status(call: Call, at=None) -> LateStatus:
    """Whether an application at ``at`` is in time, late with a deduction, or refused."""
    at = at or timezone.now()
    if at < call.opens_at:
        return LateStatus(accepted=False)
    if call.closes_at is None or at < call.closes_at:
        return LateStatus(accepted=True)
    if not call.programme.accepts_late_applications:
        return LateStatus(accepted=False)
    days_late = math.ceil((at - call.closes_at).total_seconds() / 86400) or 1
    for rule in call.programme.late_deductions.all():
        if days_late <= rule.days_late:
            return LateStatus(accepted=rule.percent < 100, deduction_percent=rule.percent)
    return LateStatus(accepted=False)


def ineligibility_reasons(call: Call, organisation: Organisation, at=None) -> list[str]:
    """Why ``organisation`` may not apply to ``call`` now; an empty list means it may.

    The same rules as ``ineligibility_reasons_by_organisation``, with one organisation's
    registry facts read in one statement written once (``_facts_of_one``): every submit
    asks this, and as three querysets Django spent a fifth of the submit's CPU building
    them. The programme's districts are read as rows only when the organisation is outside
    them (the reason names them)."""
    programme = call.programme
    eligible, kinds, district_ids = _facts_of_one(organisation, programme)
    districts = []
    if district_ids and organisation.district_id not in district_ids:
        districts = list(programme.districts.all())
    outstanding = set()
    if programme.requires_accepted_report:
        outstanding = set(
            _outstanding(programme, at)
            .filter(decision__application__organisation=organisation.pk)
            .values_list("decision__application__organisation_id", flat=True)
        )
    return _reasons(
        programme,
        organisation,
        late_status(call, at).accepted,
        {organisation.pk} if eligible else set(),
        districts,
        {organisation.pk: set(kinds)},
        outstanding,
    )


def _facts_of_one(organisation: Organisation, programme) -> tuple[bool, list, list]:
    """(whether ``organisation`` is eligible today, as ``eligible_organisations`` says; the
    kinds of document it has in the registry; the ids of ``programme``'s districts)."""
    day = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            _facts_statement(), [organisation.pk, day, day, organisation.pk, programme.pk]
        )
        return cursor.fetchone()


@cache
def _facts_statement() -> str:
    period, document = EligibilityPeriod, Document
    districts = GrantProgramme.districts.through
    column, table = prebuilt.column, prebuilt.table
    return (
        f"SELECT EXISTS (SELECT 1 FROM {table(period)} "  # noqa: S608 - names from the models
        f"WHERE {column(period, 'organisation')} = %s AND {column(period, 'revoked_at')} IS NULL "
        f"AND {column(period, 'valid_from')} <= %s AND {column(period, 'valid_until')} >= %s), "
        f"ARRAY(SELECT DISTINCT {column(document, 'kind')} FROM {table(document)} "
        f"WHERE {column(document, 'organisation')} = %s), "
        f"ARRAY(SELECT {column(districts, 'district')} FROM {table(districts)} "
        f"WHERE {column(districts, 'grantprogramme')} = %s)"
    )


def ineligibility_reasons_by_organisation(call: Call, organisations, at=None) -> dict:
    """``ineligibility_reasons`` for several organisations (a call's page lists all of the
    user's): {organisation id: reasons}, in the same few queries whatever their number."""
    programme = call.programme
    organisations = list(organisations)
    associations = [o.pk for o in organisations if not o.is_informal]
    call_open = late_status(call, at).accepted
    eligible = set()
    if programme.requires_eligibility and any(
        o.status == Organisation.Status.APPROVED and not o.is_informal for o in organisations
    ):
        eligible = set(
            eligible_organisations().filter(pk__in=associations).values_list("pk", flat=True)
        )
    districts = list(programme.districts.all())
    documents = {}
    if programme.required_documents and associations:
        for organisation_id, kind in Document.objects.filter(
            organisation__in=associations
        ).values_list("organisation_id", "kind"):
            documents.setdefault(organisation_id, set()).add(kind)
    outstanding = set()
    if programme.requires_accepted_report:
        outstanding = set(
            _outstanding(programme, at)
            .filter(decision__application__organisation__in=[o.pk for o in organisations])
            .values_list("decision__application__organisation_id", flat=True)
        )
    return {
        o.pk: _reasons(programme, o, call_open, eligible, districts, documents, outstanding)
        for o in organisations
    }


def _reasons(programme, organisation, call_open, eligible, districts, documents, outstanding):
    reasons = []
    if not call_open:
        reasons.append(_("The call is not open for applications."))
    if organisation.municipality_id != programme.committee.municipality_id:
        reasons.append(
            _("The programme is for organisations in %(municipality)s.")
            % {"municipality": programme.committee.municipality.name}
        )
    if organisation.is_informal and not programme.informal_groups_allowed:
        reasons.append(
            _("Informal groups cannot apply to this programme; it needs an association.")
        )
    if organisation.status != Organisation.Status.APPROVED:
        reasons.append(_("The organisation's registration has not been approved yet."))
    elif (
        programme.requires_eligibility
        and not organisation.is_informal
        and organisation.pk not in eligible
    ):
        reasons.append(_("The organisation is not eligible for grants (bidragsberättigad)."))
    if districts and organisation.district_id not in {d.pk for d in districts}:
        reasons.append(
            _("The programme is only for %(districts)s.")
            % {"districts": ", ".join(d.name for d in districts)}
        )
    if programme.required_documents and not organisation.is_informal:
        have = documents.get(organisation.pk, set())
        missing = [
            str(DocumentKind(k).label) for k in programme.required_documents if k not in have
        ]
        if missing:
            reasons.append(
                _("Documents missing in the registry: %(documents)s.")
                % {"documents": ", ".join(missing)}
            )
    if programme.requires_accepted_report and organisation.pk in outstanding:
        reasons.append(
            _("A follow-up report on an earlier grant from %(committee)s must be accepted first.")
            % {"committee": programme.committee.name}
        )
    return reasons


def outstanding_reports(organisation: Organisation, programme, at=None) -> bool:
    """Whether an earlier grant of the programme's committee has a report not yet accepted
    (see ``_outstanding``: every report of every decision counts)."""
    return (
        _outstanding(programme, at).filter(decision__application__organisation=organisation)
    ).exists()


def _outstanding(programme, at=None) -> QuerySet[FollowUpReport]:
    """Reports on grants of the programme's committee that are not accepted yet and hold a
    new application back: every report of a decision (interim, yearly, final) once it is
    due, and a report without a grant year (a project's report) from the decision on. A
    yearly report of a grant running over several years waits for its year: an association
    with a three-year operating grant may apply for a project meanwhile, as long as the
    reports that are due have been accepted."""
    today = timezone.localdate(at) if at else timezone.localdate()
    return FollowUpReport.objects.filter(
        Q(due_on__lte=today) | Q(year__isnull=True),
        decision__application__call__programme__committee_id=programme.committee_id,
    ).exclude(status=FollowUpReport.Status.ACCEPTED)


def applications_for_user(user) -> QuerySet:
    """Applications of every organisation the user belongs to."""
    return (
        Application.objects.filter(
            Membership.current_q("organisation__memberships__"),
            organisation__memberships__user=user,
        )
        .select_related("call__programme__committee__municipality", "organisation")
        .order_by("-updated_at")
    )


def application_for_member(user, pk, *, right: str = rights.VIEW):
    """The application if the user belongs to its organisation with ``right`` (see
    organisations.rights: members read, those who apply act); 404 otherwise."""
    application = (
        # One filter(): the user's own membership must carry the right, not anyone's.
        Application.objects.filter(
            Membership.current_q("organisation__memberships__"),
            pk=pk,
            organisation__memberships__user=user,
            organisation__memberships__role__in=rights.roles_with(right),
        )
        .select_related("call__programme__committee__municipality", "organisation")
        .first()
        if user.is_authenticated
        else None
    )
    if application is None:
        raise Http404
    return application


def reports_for_user(user) -> QuerySet:
    """Follow-up reports of every organisation the user belongs to, soonest due first:
    each report of a decision is its own row (interim, yearly, final)."""
    return (
        FollowUpReport.objects.filter(decision__application__organisation__memberships__user=user)
        .select_related("decision__application__call", "decision__application__organisation")
        .order_by("due_on", "decision_id", "number")
    )
