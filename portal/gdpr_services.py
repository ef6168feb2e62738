"""Writes for the data subject's rights: a person erases their own account (GDPR art. 17).

What the municipality must keep by law stays: applications, decisions, messages and
reports are public records (allmänna handlingar, arkivlagen), so they are kept, but the
account they point to no longer carries a name, an address or a phone number. What only
concerns the person goes: organisation memberships, invitations, network memberships and
meeting answers, the messages sent to them. The anonymising itself is the one retention
uses for unused accounts (portal.retention.anonymise_account).
"""

from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from networks import services as network_services
from networks.models import Invitation as MeetingInvitation
from networks.models import NetworkMember
from organisations.models import Invitation, Membership
from portal.gdpr import deletion_blockers
from portal.models import Notification, User
from portal.notifications import notify
from portal.retention import anonymise_account
from portal.services import audit_record

DELETION_KIND = "portal.account_deleted"


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase the person's account at their own request; refuses while ``deletion_blockers``
    says why not. The person is told by email (queued before the address is removed)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    problems = deletion_blockers(user)
    if problems:
        raise ValidationError(problems)
    email = user.email
    notify(
        kind=DELETION_KIND,
        key=f"account:{user.pk}:deleted",
        template="portal/email/account_deleted",
        context={"date": timezone.localdate()},  # no name: the row outlives the account
        recipients=[user],
    )
    removed = {"organisations": _leave_organisations(user), **_leave_networks(user)}
    removed["invitations"] = Invitation.objects.filter(email__iexact=email).delete()[0]
    removed["notifications"] = (
        Notification.objects.filter(Q(user=user) | Q(recipient__iexact=email))
        .exclude(kind=DELETION_KIND)
        .delete()[0]
    )
    anonymise_account(user, actor=user, action="gdpr.account_anonymised")
    audit_record(actor=user, action="gdpr.erasure_requested", target=user, after=removed)


def _leave_organisations(user) -> int:
    """Leave every organisation; the organisation's audit trail says that someone left,
    without the address (the person is erased)."""
    count = 0
    for membership in Membership.objects.filter(user=user).select_related(
        "organisation__municipality"
    ):
        organisation = membership.organisation
        audit_record(
            actor=user,
            action="member.removed",
            target=organisation,
            municipality=organisation.municipality,
            before={"user_id": user.pk, "role": membership.role},
            after={"reason": "account_deleted"},
        )
        membership.delete()
        count += 1
    return count


def _leave_networks(user) -> dict:
    """Personal network memberships end and their meeting answers go. The member row stays
    (as *left*, pointing at the erased account) when attendance or actions are recorded on
    it, since those are the network's history and statistics; otherwise it is deleted."""
    answers = MeetingInvitation.objects.filter(member__user=user)
    coming = answers.filter(
        response=MeetingInvitation.Response.YES, meeting__starts_at__gt=timezone.now()
    )
    for invitation in coming:  # a "no" first, so the places go to the waiting list
        with suppress(ValidationError, PermissionDenied):  # e.g. a cancelled meeting
            network_services.rsvp(invitation=invitation, response="no", by=user)
    answers = answers.delete()[0]
    MeetingInvitation.objects.filter(responded_by=user).update(responded_by=None)
    members = NetworkMember.objects.filter(user=user)
    history = Q(attendance__isnull=False) | Q(actions__isnull=False)
    kept = set(members.filter(history).values_list("pk", flat=True))
    NetworkMember.objects.filter(pk__in=kept).update(
        status=NetworkMember.Status.LEFT,
        listed_publicly=False,
        contact_email="",
        request_message="",
    )
    gone = set(members.values_list("pk", flat=True)) - kept
    NetworkMember.objects.filter(pk__in=gone).delete()
    return {"network_memberships": len(kept) + len(gone), "meeting_answers": answers}
