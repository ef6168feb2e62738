"""Changes of an approved organisation's identity: its name, legal form and organisation
number.

The municipality approved one legal person under one name; open data (SE-ON-<number>),
payment files and decision letters name it. So once an organisation is approved, a change
of these three waits for an officer of its municipality (an ``IdentityChange``), and the
approved identity stays in force, on the organisation's row and so in every export, until
the officer approves it. Other details (contact, purpose, areas...) save at once, and an
organisation that is not yet approved changes everything at once, as its whole
registration is reviewed anyway. Every move is audited on the organisation; the moves and
who makes them are in organisations.workflow.IDENTITY_CHANGE_TRANSITIONS.
"""

import copy
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import selectors, services, workflow
from organisations.models import IdentityChange, Membership, Organisation
from organisations.validators import check_legal_form_matches

IDENTITY_FIELDS = IdentityChange.FIELDS
IC = IdentityChange.Status
SHOWN_AFTER_DECISION = timedelta(days=30)


def _is_officer(user, organisation) -> bool:
    """Whether ``user`` reviews the registry of the organisation's municipality. The one
    place this module asks it (organisations.selectors.user_is_officer_for)."""
    return selectors.user_is_officer_for(user, organisation)


def _may_edit(user, organisation) -> bool:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    return membership is not None and membership.can_edit


def identity_of(organisation) -> dict:
    return {name: getattr(organisation, name) for name in IDENTITY_FIELDS}


def pending_change(organisation) -> IdentityChange | None:
    return (
        IdentityChange.objects.filter(organisation=organisation, status=IC.PENDING)
        .select_related("requested_by")
        .first()
    )


def change_to_show(organisation) -> IdentityChange | None:
    """For the organisation's own page: the change awaiting review, or else the last one
    approved or refused in the past 30 days (with the officer's message)."""
    recent = timezone.now() - SHOWN_AFTER_DECISION
    return (
        IdentityChange.objects.filter(organisation=organisation)
        .filter(
            Q(status=IC.PENDING) | Q(status__in=[IC.APPROVED, IC.REJECTED], decided_at__gte=recent)
        )
        .order_by("-requested_at", "-pk")
        .first()
    )


def _check_identity(organisation, wanted: dict) -> None:
    """The identity asked for must be one the registry would accept (the organisation's own
    rules and constraints, the number unique in the municipality), checked on a copy."""
    probe = copy.copy(organisation)
    for name, value in wanted.items():
        setattr(probe, name, value)
    probe.full_clean()
    if probe.kind == Organisation.Kind.ASSOCIATION:
        try:
            check_legal_form_matches(probe.organisation_number, probe.legal_form)
        except ValidationError as error:
            raise ValidationError({"organisation_number": error}) from None


def _close(change, to_status, *, by, actor_kind, message="", before=None, after=None):
    """Move a pending change on (organisations.workflow), audited on its organisation."""
    if not workflow.identity_change_allowed(change.status, to_status, actor_kind):
        raise ValidationError(_("The change is no longer awaiting review."))
    from_status = change.status
    change.status, change.decided_by, change.decided_at = to_status, by, timezone.now()
    change.decision_message = message
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_message"])
    services.organisation_audit(
        change.organisation,
        actor=by,
        action=f"organisation.identity_change_{to_status}",
        before={"status": from_status, **(before or {})},
        after={"status": to_status, **({"message": message} if message else {}), **(after or {})},
    )


@transaction.atomic
def organisation_edit(*, organisation: Organisation, by, data: dict) -> IdentityChange | None:
    """The organisation's own edit of its registry data (cleaned data of OrganisationForm).

    Returns the change that awaits review after this edit, if any. Asking again for the
    identity already asked for changes nothing; asking for another one replaces the pending
    change (withdrawn, so an officer never approves what was not asked for); asking for the
    identity in force withdraws it."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not _may_edit(by, organisation):
        raise PermissionDenied
    pending = (
        IdentityChange.objects.select_for_update()
        .filter(organisation=organisation, status=IC.PENDING)
        .first()
    )
    if organisation.status != Organisation.Status.APPROVED:
        if pending is not None:  # the form showed what it asked for: saved directly now
            _close(pending, IC.WITHDRAWN, by=by, actor_kind=workflow.MEMBER)
        services.organisation_update(organisation=organisation, by=by, data=data)
        return None
    details = {name: value for name, value in data.items() if name not in IDENTITY_FIELDS}
    services.organisation_update(organisation=organisation, by=by, data=details)
    current = identity_of(organisation)
    wanted = {name: data.get(name, current[name]) for name in IDENTITY_FIELDS}
    if pending is not None:
        if pending.after == wanted:
            return pending
        _close(pending, IC.WITHDRAWN, by=by, actor_kind=workflow.MEMBER)
    if wanted == current:
        return None
    _check_identity(organisation, wanted)
    change = IdentityChange.objects.create(
        organisation=organisation,
        requested_by=by,
        **{f"{name}_before": value for name, value in current.items()},
        **{f"{name}_after": value for name, value in wanted.items()},
    )
    services.organisation_audit(
        organisation,
        actor=by,
        action="organisation.identity_change_requested",
        before=current,
        after=wanted,
    )
    return change


def _end_eligibility(organisation, by) -> int:
    periods = organisation.eligibility_periods.filter(
        revoked_at__isnull=True, valid_until__gte=timezone.localdate()
    )
    reason = _(
        "New organisation number or legal form (another legal person): the eligibility "
        "must be granted again."
    )
    ended = 0
    for period in periods:
        services.eligibility_revoke(period=period, by=by, reason=reason)
        ended += 1
    return ended


@transaction.atomic
def identity_change_approve(
    *, change: IdentityChange, by, keep_eligibility: bool = False
) -> Organisation:
    """An officer of the organisation's municipality approves the change: the organisation
    takes the new identity, and from then on the registry, open data, new payment files and
    decision letters use it. Someone other than the person who asked must approve it, and
    only while the identity in force is still the one the change started from.

    Eligibility (bidragsberättigad): a new organisation number or legal form means another
    legal person than the one whose statutes, board and accounts the municipality checked
    when it granted the eligibility, and grants are paid to a legal person. So on approval
    the eligibility ends (each current or coming period revoked with the reason, audited)
    and an officer grants it again after checking the new legal person. Only when the
    officer confirms that the legal person is the same (``keep_eligibility``: a mistyped
    number corrected) does it stay. A new name alone keeps it: the same legal person.
    """
    change = IdentityChange.objects.select_for_update().get(pk=change.pk)
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    if not _is_officer(by, organisation):
        raise PermissionDenied
    if change.status != IC.PENDING:
        raise ValidationError(_("The change is no longer awaiting review."))
    if change.requested_by_id is not None and change.requested_by_id == by.pk:
        raise ValidationError(
            _("Someone other than the person who asked for the change must approve it.")
        )
    if identity_of(organisation) != change.before:
        raise ValidationError(
            _(
                "The name, legal form or organisation number has changed since this change "
                "was asked for. Do not approve it; the organisation can ask again."
            )
        )
    for name, value in change.after.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save(update_fields=[*IDENTITY_FIELDS, "updated_at"])
    change.organisation = organisation
    ended = 0
    if change.is_new_legal_person and not keep_eligibility:
        ended = _end_eligibility(organisation, by)
    _close(
        change,
        IC.APPROVED,
        by=by,
        actor_kind=workflow.OFFICER,
        before=change.before,
        after={**change.after, "eligibility_periods_ended": ended},
    )
    return organisation


@transaction.atomic
def identity_change_reject(*, change: IdentityChange, by, message: str) -> IdentityChange:
    """An officer refuses the change, saying why; the identity in force stays."""
    if not message.strip():
        raise ValidationError(_("Say why the change is not approved."))
    change = (
        IdentityChange.objects.select_for_update().select_related("organisation").get(pk=change.pk)
    )
    if not _is_officer(by, change.organisation):
        raise PermissionDenied
    _close(change, IC.REJECTED, by=by, actor_kind=workflow.OFFICER, message=message)
    return change
