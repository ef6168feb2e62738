"""The organisations' part of a person's data rights (``portal.gdpr``), registered from
``OrganisationsConfig.ready()``: their memberships, registrations, invitations, documents
and the payout accounts they registered or that are in their own name (a responsible
adult of an informal group) in the export; on erasure, an informal group's payout account
in the person's own name goes and they leave every organisation, which the last
responsible person of an organisation cannot do. Payouts already made keep their copy of
the account (accounting records)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from organisations.models import Document, Invitation, Membership, Organisation, PayoutAccount
from portal.gdpr import erasure, export
from portal.gdpr.export import iso
from portal.services import audit_record


@export.section
def organisations(user) -> dict:
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    return {
        "organisation_memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation": m.organisation.name,
                "role": m.role,
                "created_at": iso(m.created_at),
            }
            for m in memberships.order_by("pk")
        ],
        "organisations_registered": [
            {"organisation_id": o.pk, "organisation": o.name, "created_at": iso(o.created_at)}
            for o in Organisation.objects.filter(created_by=user).order_by("pk")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "created_at": iso(i.created_at),
                "expires_at": iso(i.expires_at),
                "accepted_at": iso(i.accepted_at),
            }
            for i in Invitation.objects.filter(email__iexact=user.email)
            .select_related("organisation")
            .order_by("pk")
        ],
        # Who was invited is the invitee's data: only that the person invited someone.
        "invitations_sent": [
            {"organisation": i.organisation.name, "role": i.role, "created_at": iso(i.created_at)}
            for i in Invitation.objects.filter(invited_by=user)
            .select_related("organisation")
            .order_by("pk")
        ],
        "payout_accounts_registered": [
            {
                "organisation": a.organisation.name,
                "method": a.method,
                "whose_account": a.holder_kind,
                "updated_at": iso(a.updated_at),
            }
            for a in PayoutAccount.objects.filter(registered_by=user)
            .select_related("organisation")
            .order_by("pk")
        ],
        "payout_accounts_in_your_name": [
            {
                "organisation": a.organisation.name,
                "method": a.method,
                "account_number": a.number,
                "bic": a.bic,
                "clearing_and_account_number": a.clearing_account,
                "account_holder": a.account_holder,
                "updated_at": iso(a.updated_at),
            }
            for a in _accounts_in_own_name(user).order_by("pk")
        ],
        "documents_uploaded": [
            {
                "organisation": d.organisation.name,
                "kind": d.kind,
                "year": d.year,
                "file_name": d.original_name,
                "uploaded_at": iso(d.uploaded_at),
            }
            for d in Document.objects.filter(uploaded_by=user)
            .select_related("organisation")
            .order_by("pk")
        ],
    }


@erasure.blocker
def sole_responsible(user) -> list[str]:
    """An organisation is never left without a responsible person: another one must be
    appointed first."""
    return [
        _(
            "You are the only responsible person of %(organisation)s. Invite another "
            "person as responsible on the organisation's people page first, or ask the "
            "municipality to close the registration."
        )
        % {"organisation": membership.organisation.name}
        for membership in _sole_responsible(user)
    ]


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


def _accounts_in_own_name(user):
    """Informal groups' payout accounts held by the person as their responsible adult:
    in their full name, for a group they belong to."""
    name = " ".join((user.full_name or "").split())
    if not name:
        return PayoutAccount.objects.none()
    return PayoutAccount.objects.filter(
        holder_kind=PayoutAccount.Holder.RESPONSIBLE_ADULT,
        account_holder__iexact=name,
        organisation__memberships__user=user,
    ).select_related("organisation__municipality")


@erasure.step
def payout_accounts_in_own_name(user) -> dict:
    """A private bank account in the person's name stops being a group's payout account
    (registered before they leave the group below); the group registers a new one with
    the municipality. The audit row says why, without the name or number."""
    count = 0
    for account in _accounts_in_own_name(user):
        organisation = account.organisation
        audit_record(
            actor=user,
            action="payout.removed",
            target=organisation,
            municipality=organisation.municipality,
            before={"method": account.method, "holder_kind": account.holder_kind},
            after={"reason": "account_deleted"},
        )
        account.delete()
        count += 1
    return {"payout_accounts": count}


@erasure.step
def leave_organisations(user) -> dict:
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
    return {"organisations": count}


@erasure.step
def invitations(user) -> dict:
    """Invitations to the person's address go (the address is the person's data)."""
    return {"invitations": Invitation.objects.filter(email__iexact=user.email).delete()[0]}
