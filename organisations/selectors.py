"""Reads of the organisation registry: access, the checklist of what is missing, directory."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations import rights
from organisations.models import (
    DEFAULT_REQUIRED_DOCUMENTS,
    BoardMember,
    Document,
    DocumentKind,
    EligibilityPeriod,
    Membership,
    MemberStatistics,
    Organisation,
    PayoutAccount,
    RegistryPolicy,
)
from organisations.permissions import may_for_organisation
from organisations.roles import READ_REGISTRY_DOCUMENTS, REVIEW_REGISTRY
from portal.models import User
from portal.permissions import may


def registry_policy(municipality) -> RegistryPolicy:
    """The municipality's registry rules, or the defaults when it has set none."""
    policy = RegistryPolicy.objects.filter(municipality=municipality).first()
    return policy or RegistryPolicy(
        municipality=municipality, required_documents=list(DEFAULT_REQUIRED_DOCUMENTS)
    )


def user_is_officer_for(user, organisation) -> bool:
    """Whether ``user`` reviews the registry of the organisation's municipality: approves,
    grants eligibility, changes payout accounts (officers and municipal administrators of
    that municipality; a coordinator there is not one, whatever they are elsewhere)."""
    return user is not None and may(user, REVIEW_REGISTRY, organisation.municipality_id)


def user_may_read_documents(user, organisation) -> bool:
    """Registry documents (statutes, annual reports, minutes) go to the organisation's own
    people and to those who review the municipality's registry, not to every staff role."""
    return may_for_organisation(user, organisation, rights.VIEW) or may(
        user, READ_REGISTRY_DOCUMENTS, organisation.municipality_id
    )


def organisations_for_user(user) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(Membership.current_q("memberships__"), memberships__user=user)
        .select_related("municipality")
        .order_by("name")
    )


def membership_for(user, organisation_id, *, edit=False, right=None) -> Membership:
    """The user's membership in the organisation; 404 if none, or if it lacks ``right``
    (``edit=True``: the right to edit; see organisations.rights)."""
    right = rights.EDIT if edit else (right or rights.VIEW)
    if not user.is_authenticated:
        raise Http404
    try:  # the id may come from a form field (starting an application): junk is not found
        organisation_id = int(organisation_id)
    except (TypeError, ValueError):
        raise Http404 from None
    membership = (
        Membership.objects.select_related("organisation__municipality", "organisation__district")
        .filter(Membership.current_q(), user=user, organisation_id=organisation_id)
        .first()
    )
    if membership is None or not membership.may(right):
        raise Http404
    return membership


def current_eligibility(organisation, day=None) -> EligibilityPeriod | None:
    day = day or timezone.localdate()
    return (
        organisation.eligibility_periods.filter(
            revoked_at__isnull=True, valid_from__lte=day, valid_until__gte=day
        )
        .order_by("-valid_until")
        .first()
    )


def eligible_organisations(day=None) -> QuerySet[Organisation]:
    """Organisations that are bidragsberättigad on ``day`` (one query, for lists and rules)."""
    day = day or timezone.localdate()
    active = EligibilityPeriod.objects.filter(
        organisation=OuterRef("pk"), revoked_at__isnull=True,
        valid_from__lte=day, valid_until__gte=day,
    )  # fmt: skip
    return Organisation.objects.filter(Exists(active))


@dataclass
class ChecklistItem:
    label: str
    done: bool
    url_name: str = ""
    url: str = ""


def organisation_checklist(organisation, year: int) -> list[ChecklistItem]:
    """What the organisation has and what is still missing for ``year``."""
    policy = registry_policy(organisation.municipality)
    items = [ChecklistItem(_("Contact person"), bool(organisation.contact_name), "edit")]
    if organisation.is_informal:
        return items
    board = list(BoardMember.objects.filter(organisation=organisation, year=year))
    board_people = {m.full_name.casefold() for m in board if m.role != BoardMember.Role.AUDITOR}
    items.append(
        ChecklistItem(
            _("Board for %(year)s (at least %(count)s people)")
            % {"year": year, "count": policy.minimum_board_size},
            len(board_people) >= policy.minimum_board_size,
            "board",
        )
    )
    items.append(
        ChecklistItem(
            _("Member counts for %(year)s") % {"year": year},
            MemberStatistics.objects.filter(organisation=organisation, year=year).exists(),
            "members",
        )
    )
    uploaded = set(
        Document.objects.filter(organisation=organisation, year=year).values_list("kind", flat=True)
    )
    has_statutes = Document.objects.filter(
        organisation=organisation, kind=DocumentKind.STADGAR
    ).exists()  # statutes stay valid across years
    for kind in policy.required_documents:
        done = has_statutes if kind == DocumentKind.STADGAR else kind in uploaded
        label = _("%(document)s (%(year)s)") % {"document": DocumentKind(kind).label, "year": year}
        items.append(ChecklistItem(label, done, "documents"))
    items.append(
        ChecklistItem(
            _("Payout details (bankgiro, plusgiro or bank account)"),
            PayoutAccount.objects.filter(organisation=organisation).exists(),
            "payout",
        )
    )
    items.append(
        ChecklistItem(
            _("Attestation of democracy, equal worth and children's rights"),
            organisation.values_attested_at is not None,
            "edit",
        )
    )
    return items


def directory_organisations() -> QuerySet[Organisation]:
    """Approved organisations that chose to be listed, with what the directory shows."""
    return (
        Organisation.objects.filter(listed_in_directory=True, status=Organisation.Status.APPROVED)
        .select_related("municipality", "district")
        .prefetch_related(
            Prefetch("focus_areas"), Prefetch("target_groups"), Prefetch("activity_areas")
        )
        .order_by("name", "pk")
    )


def board_initial(organisation, year: int) -> list[dict]:
    """The board of ``year`` for the form; last year's board as a start if none is kept yet."""
    for source_year in (year, year - 1):
        rows = [
            {"full_name": m.full_name, "role": m.role, "is_signatory": m.is_signatory}
            for m in BoardMember.objects.filter(organisation=organisation, year=source_year)
        ]
        if rows:
            return rows
    return []


# --- who gets an organisation's email -------------------------------------------------------


def people_by_organisation(organisation_ids, roles=None) -> dict:
    """{organisation id: [users]} for many organisations in one query (reminder jobs)."""
    memberships = Membership.objects.filter(
        Membership.current_q(), organisation_id__in=set(organisation_ids), user__is_active=True
    ).select_related("user")
    if roles:
        memberships = memberships.filter(role__in=roles)
    people = {}
    for membership in memberships:
        people.setdefault(membership.organisation_id, []).append(membership.user)
    return people


def organisation_people(organisation, roles=None) -> list:
    """The users of an organisation (optionally only some membership roles)."""
    own = {"memberships__organisation": organisation}
    if roles:  # the same membership: its organisation, its role, in force
        own["memberships__role__in"] = roles
    people = User.objects.filter(Membership.current_q("memberships__"), is_active=True, **own)
    return list(people.distinct())
