"""Writes of the shared core: role changes and the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import permissions
from portal.models import AuditEvent, Committee, Municipality, Role, RoleAssignment, User


def audit_record(*, actor, action: str, target, municipality=None, before=None, after=None):
    """Append one audit row. Called inside the writing service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        municipality=municipality,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        before=before or {},
        after=after or {},
    )


@transaction.atomic
def role_assign(
    *,
    user: User,
    municipality: Municipality,
    role: Role | str,
    committee: Committee | None = None,
    assigned_by: User | None = None,
) -> RoleAssignment:
    """Give ``user`` a role in a municipality (idempotent), audited. Without a committee
    the role covers every committee of the municipality."""
    if committee is not None and committee.municipality_id != municipality.pk:
        raise ValidationError(
            {"committee": _("The committee must belong to the same municipality.")}
        )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, municipality=municipality, role=role, committee=committee
    )
    permissions.forget(user)
    if created:
        audit_record(
            actor=assigned_by,
            action="role.assigned",
            target=user,
            municipality=municipality,
            after={"role": str(role), "committee": committee.name if committee else None},
        )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, revoked_by: User | None = None) -> None:
    audit_record(
        actor=revoked_by,
        action="role.revoked",
        target=assignment.user,
        municipality=assignment.municipality,
        before={
            "role": assignment.role,
            "committee": assignment.committee.name if assignment.committee else None,
        },
    )
    assignment.delete()
    permissions.forget(assignment.user)
