"""Reads for the data subject's rights (GDPR articles 15 and 20): everything the portal
holds about one person, gathered from every app, and what stands in the way of erasure.

The export holds the person's own data only. Where a row also concerns others (an audit
event about another person, an invitation sent to someone else) only what the person did
is listed, not the other person's name or address.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from grants.models import Application, ApplicationMessage, Attachment, FollowUpReport
from networks.models import Action, Attendance, NetworkMember
from networks.models import Invitation as MeetingInvitation
from organisations.models import Document, Invitation, Membership, Organisation
from portal.models import AuditEvent, Notification, RoleAssignment


def _date(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Everything stored about ``user``, as plain JSON-ready data."""
    return {
        "account": _account(user),
        "roles": [
            {
                "role": a.role,
                "municipality": a.municipality.name,
                "committee": a.committee.name if a.committee else None,
                "created_at": _date(a.created_at),
            }
            for a in RoleAssignment.objects.filter(user=user).select_related(
                "municipality", "committee"
            )
        ],
        **_organisations(user),
        **_grants(user),
        **_networks(user),
        "notifications": [
            {
                "kind": n.kind,
                "subject": n.subject,
                "status": n.status,
                "created_at": _date(n.created_at),
                "sent_at": _date(n.sent_at),
            }
            for n in Notification.objects.filter(
                Q(user=user) | Q(recipient__iexact=user.email)
            ).order_by("created_at", "pk")
        ],
        "audit_events": [
            {
                "time": _date(e.created_at),
                "action": e.action,
                "object_type": e.target_type,
                "object_id": e.target_id,
            }
            for e in AuditEvent.objects.filter(actor=user).order_by("created_at", "pk")
        ],
    }


def _account(user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "date_joined": _date(user.date_joined),
        "last_login": _date(user.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor_methods": [
            {
                "type": a.type,
                "created_at": _date(a.created_at),
                "last_used_at": _date(a.last_used_at),
            }
            for a in _linked("allauth.mfa", "mfa.Authenticator", user)
        ],
        "external_logins": [
            {"provider": a.provider, "uid": a.uid, "last_login": _date(a.last_login)}
            for a in _linked("allauth.socialaccount", "socialaccount.SocialAccount", user)
        ],
    }


def _linked(app: str, model: str, user):
    """Rows of an optional allauth app (two-factor methods, external logins) of the user."""
    if not apps.is_installed(app):
        return []
    return apps.get_model(model).objects.filter(user=user).order_by("pk")


def _organisations(user) -> dict:
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    return {
        "organisation_memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation": m.organisation.name,
                "role": m.role,
                "created_at": _date(m.created_at),
            }
            for m in memberships.order_by("pk")
        ],
        "organisations_registered": [
            {"organisation_id": o.pk, "organisation": o.name, "created_at": _date(o.created_at)}
            for o in Organisation.objects.filter(created_by=user).order_by("pk")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "created_at": _date(i.created_at),
                "expires_at": _date(i.expires_at),
                "accepted_at": _date(i.accepted_at),
            }
            for i in Invitation.objects.filter(email__iexact=user.email)
            .select_related("organisation")
            .order_by("pk")
        ],
        # Who was invited is the invitee's data: only that the person invited someone.
        "invitations_sent": [
            {"organisation": i.organisation.name, "role": i.role, "created_at": _date(i.created_at)}
            for i in Invitation.objects.filter(invited_by=user)
            .select_related("organisation")
            .order_by("pk")
        ],
        "documents_uploaded": [
            {
                "organisation": d.organisation.name,
                "kind": d.kind,
                "year": d.year,
                "file_name": d.original_name,
                "uploaded_at": _date(d.uploaded_at),
            }
            for d in Document.objects.filter(uploaded_by=user)
            .select_related("organisation")
            .order_by("pk")
        ],
    }


def _grants(user) -> dict:
    submitted_by_user = Q(events__actor=user, events__to_status=Application.Status.SUBMITTED) | Q(
        created_by=user
    )
    applications = (
        Application.objects.filter(submitted_by_user)
        .select_related("organisation", "call")
        .distinct()
        .order_by("pk")
    )
    return {
        "applications": [
            {
                "id": a.pk,
                "diarienummer": a.diarienummer,
                "organisation": a.organisation.name,
                "call": a.call.title,
                "status": a.status,
                "started_by_you": a.created_by_id == user.pk,
                "created_at": _date(a.created_at),
                "submitted_at": _date(a.submitted_at),
                "updated_at": _date(a.updated_at),
            }
            for a in applications
        ],
        "application_messages": [
            {
                "application_id": m.application_id,
                "diarienummer": m.application.diarienummer,
                "message": m.body,
                "created_at": _date(m.created_at),
            }
            for m in ApplicationMessage.objects.filter(author=user)
            .select_related("application")
            .order_by("pk")
        ],
        "attachments_uploaded": [
            {
                "application_id": a.application_id,
                "file_name": a.original_name,
                "uploaded_at": _date(a.uploaded_at),
            }
            for a in Attachment.objects.filter(uploaded_by=user).order_by("pk")
        ],
        "follow_up_reports": [
            {
                "application_id": r.decision.application_id,
                "diarienummer": r.decision.application.diarienummer,
                "status": r.status,
                "due_on": _date(r.due_on),
                "submitted_at": _date(r.submitted_at),
            }
            for r in FollowUpReport.objects.filter(submitted_by=user)
            .select_related("decision__application")
            .order_by("pk")
        ],
    }


def _networks(user) -> dict:
    mine = Q(member__user=user) | Q(responded_by=user)
    return {
        "network_memberships": [
            {
                "network": m.network.name,
                "role": m.role,
                "status": m.status,
                "request_message": m.request_message,
                "created_at": _date(m.created_at),
            }
            for m in NetworkMember.objects.filter(user=user)
            .select_related("network")
            .order_by("pk")
        ],
        "meeting_answers": [
            {
                "meeting": i.meeting.title,
                "starts_at": _date(i.meeting.starts_at),
                "answer": i.response,
                "places": i.places,
                "answered_at": _date(i.responded_at),
            }
            for i in MeetingInvitation.objects.filter(mine).select_related("meeting").order_by("pk")
        ],
        "meeting_attendance": [
            {
                "meeting": a.meeting.title,
                "starts_at": _date(a.meeting.starts_at),
                "people": a.people,
            }
            for a in Attendance.objects.filter(member__user=user)
            .select_related("meeting")
            .order_by("pk")
        ],
        "network_actions": [
            {
                "title": a.title,
                "network": a.network.name,
                "due_on": _date(a.due_on),
                "status": a.status,
            }
            for a in Action.objects.filter(
                Q(owner_officer=user) | Q(owner_member__user=user) | Q(created_by=user)
            )
            .select_related("network")
            .distinct()
            .order_by("pk")
        ],
    }


def deletion_blockers(user) -> list[str]:
    """Why the person cannot erase their account themselves now (empty: they can).

    Municipal staff accounts are managed by the municipality (their roles are removed by
    an administrator first), and an organisation is never left without a responsible
    person: another one must be appointed first.
    """
    problems = []
    if user.is_staff or user.is_superuser:
        problems.append(
            _(
                "Your account is a portal administrator account. Ask another portal "
                "administrator to remove it."
            )
        )
    if RoleAssignment.objects.filter(user=user).exists():
        problems.append(
            _(
                "Your account has a role in a municipality. Ask the municipality's "
                "administrator to remove your roles first; then you can remove the account."
            )
        )
    for membership in _sole_responsible(user):
        problems.append(
            _(
                "You are the only responsible person of %(organisation)s. Invite another "
                "person as responsible on the organisation's people page first, or ask the "
                "municipality to close the registration."
            )
            % {"organisation": membership.organisation.name}
        )
    return problems


def _sole_responsible(user):
    """The user's memberships as responsible where no one else is (one query)."""
    others = Membership.objects.filter(
        organisation=OuterRef("organisation"), role=Membership.Role.RESPONSIBLE
    ).exclude(user=user)
    return (
        Membership.objects.filter(user=user, role=Membership.Role.RESPONSIBLE)
        .exclude(Exists(others))
        .select_related("organisation")
    )
