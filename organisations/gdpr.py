"""The organisations' part of a person's data rights (``portal.gdpr``), registered from
``OrganisationsConfig.ready()``: their memberships, registrations, invitations and
documents in the export; leaving every organisation on erasure, which the last responsible
person of an organisation cannot do."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from organisations.models import Document, Invitation, Membership, Organisation
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
