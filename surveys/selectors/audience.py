"""Whom a survey asks and who may answer it, worked out when asked (a segment is a
description, not a list: ``outreach.selectors.segments``), in a fixed number of queries
per survey.

*Everyone*: every registered (approved) organisation of the municipality, invited through
the people who act for it; and, where persons answer, any person with an account. *A
segment*: the segment's organisations and recipients. Addresses that opted out of the
municipality's mailings are never invited (the segment leaves them out; for everyone they
are left out here)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from organisations.models import Membership, Organisation
from outreach.selectors import segments
from portal.models import User
from surveys import permissions
from surveys.models import Survey, SurveyResponse

S = Survey.Status
SELF = "me"


@dataclass(frozen=True)
class Respondent:
    """As whom a person answers: an organisation they act for, or themselves."""

    key: str  # "org-<pk>" or "me"
    organisation: Organisation | None

    @property
    def label(self) -> str:
        return self.organisation.name if self.organisation else ""


def organisation_key(organisation) -> str:
    return f"org-{organisation.pk}"


def audience_organisations(survey: Survey) -> QuerySet[Organisation]:
    """The organisations the survey asks (every registered one, or the segment's)."""
    if survey.audience == Survey.Audience.SEGMENT and survey.segment_id:
        return segments.organisations(survey.segment)
    return Organisation.objects.filter(
        municipality_id=survey.municipality_id, status=Organisation.Status.APPROVED
    )


def invitees(survey: Survey) -> list:
    """Who is invited: Users, then bare addresses, each once, none that opted out."""
    if survey.audience == Survey.Audience.SEGMENT and survey.segment_id:
        return segments.recipients(survey.segment)
    users = list(
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(
                role__in=segments.ACTING,
                organisation__in=audience_organisations(survey).values("pk"),
            ).values("user_id"),
        ).order_by("email")
    )
    opted_out = segments.opted_out_addresses(survey.municipality_id, [u.email for u in users])
    return [user for user in users if user.email.lower() not in opted_out]


def _person_in_audience(user, survey: Survey) -> bool:
    if survey.audience == Survey.Audience.EVERYONE:
        return True
    in_organisation = audience_organisations(survey).filter(memberships__user_id=user.pk).exists()
    return in_organisation or any(
        getattr(r, "pk", None) == user.pk for r in invitees(survey) if hasattr(r, "pk")
    )


def respondents_for(user, survey: Survey) -> list[Respondent]:
    """As whom ``user`` may answer ``survey`` (whatever its status): the organisations of
    its audience they act for, and themselves where persons answer and they are asked."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    found = []
    if survey.by_organisations:
        mine = (
            audience_organisations(survey)
            .filter(pk__in=permissions.answering_organisations(user).values("pk"))
            .order_by("name")
        )
        found += [Respondent(organisation_key(o), o) for o in mine]
    if survey.by_persons and _person_in_audience(user, survey):
        found.append(Respondent(SELF, None))
    return found


def responses_of(user, survey: Survey, respondents) -> dict:
    """The answers already given as each of ``respondents`` (by key)."""
    organisation_ids = [r.organisation.pk for r in respondents if r.organisation]
    found = {}
    rows = SurveyResponse.objects.filter(survey=survey).filter(
        Q(organisation_id__in=organisation_ids) | Q(person_id=user.pk)
    )
    for response in rows.select_related("answered_by", "organisation"):
        key = SELF if response.person_id else f"org-{response.organisation_id}"
        found[key] = response
    return found


def shown(pk) -> Survey | None:
    """A survey that is not a draft, with what its pages read."""
    return (
        Survey.objects.exclude(status=S.DRAFT)
        .select_related("municipality", "segment")
        .filter(pk=pk)
        .first()
    )


def may_see(user, survey: Survey) -> bool:
    """The survey's page: those it asks, those who answered, and the municipality's staff
    and politicians."""
    if permissions.may_view_results(user, survey.municipality_id):
        return True
    if respondents_for(user, survey):
        return True
    return SurveyResponse.objects.filter(survey=survey, answered_by_id=user.pk).exists()


def _respondents_among(user, survey: Survey, mine: list[Organisation]) -> list[Respondent]:
    """``respondents_for`` with the organisations ``user`` answers for read once (``mine``):
    a survey of everyone needs no query; a segment's asks the segment."""
    found = []
    if survey.by_organisations and mine:
        if survey.audience == Survey.Audience.SEGMENT and survey.segment_id:
            asked = set(
                audience_organisations(survey)
                .filter(pk__in=[o.pk for o in mine])
                .values_list("pk", flat=True)
            )
        else:
            asked = {
                o.pk
                for o in mine
                if o.municipality_id == survey.municipality_id
                and o.status == Organisation.Status.APPROVED
            }
        found += [Respondent(organisation_key(o), o) for o in mine if o.pk in asked]
    if survey.by_persons and _person_in_audience(user, survey):
        found.append(Respondent(SELF, None))
    return found


def open_surveys_for(user) -> list[tuple[Survey, list[Respondent], dict]]:
    """The open surveys ``user`` may answer, with as whom and what they answered so far:
    a fixed number of queries for the surveys of everyone, one or two more for each
    segment's (asking the segment whether it holds the person)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    candidates = (
        Survey.objects.filter(status=S.OPEN, closes_at__gt=timezone.now())
        .filter(
            Q(respondents__in=[Survey.Respondents.PERSONS, Survey.Respondents.BOTH])
            | Q(
                municipality_id__in=Membership.objects.filter(user_id=user.pk).values(
                    "organisation__municipality_id"
                )
            )
        )
        .select_related("municipality", "segment")
        .order_by("closes_at", "pk")
    )
    candidates = list(candidates)
    if not candidates:
        return []
    mine = list(permissions.answering_organisations(user).order_by("name"))
    asked = []
    for survey in candidates:
        respondents = _respondents_among(user, survey, mine)
        if respondents:
            asked.append((survey, respondents))
    given = {}
    if asked:
        rows = SurveyResponse.objects.filter(survey__in=[s for s, _r in asked]).filter(
            Q(organisation_id__in=[o.pk for o in mine]) | Q(person_id=user.pk)
        )
        for response in rows.select_related("answered_by", "organisation"):
            key = SELF if response.person_id else f"org-{response.organisation_id}"
            given[(response.survey_id, key)] = response
    return [
        (survey, respondents,
         {r.key: given[(survey.pk, r.key)] for r in respondents if (survey.pk, r.key) in given})
        for survey, respondents in asked
    ]  # fmt: skip
