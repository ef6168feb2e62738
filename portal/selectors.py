"""Reads of the shared core: who holds which role where."""

from django.db.models import QuerySet

from portal.models import Municipality, Role, RoleAssignment, User


def user_roles(user) -> set[str]:
    """All roles the user holds, in any municipality."""
    if not user.is_authenticated:
        return set()
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def municipalities_for_roles(user, roles=tuple(Role)) -> QuerySet[Municipality]:
    """Municipalities where the user holds one of ``roles``; superusers see them all."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(
        role_assignments__user=user, role_assignments__role__in=list(roles)
    ).distinct()


def staff_with_roles(municipalities, roles) -> QuerySet[User]:
    """People holding one of ``roles`` in the given municipality or municipalities (a pk,
    pks or a queryset), by name: who may own an action, who may be given a case."""
    if not isinstance(municipalities, list | tuple | set | QuerySet):
        municipalities = [municipalities]
    holders = RoleAssignment.objects.filter(
        municipality__in=municipalities, role__in=list(roles)
    ).values("user")
    return User.objects.filter(pk__in=holders).order_by("full_name", "email")


def user_has_role(user, municipality, roles) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        user=user, municipality=municipality, role__in=list(roles)
    ).exists()


def role_assignments_for(user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("municipality", "committee")


def user_has_any_role(user, roles) -> bool:
    """Whether the user holds one of ``roles`` in any municipality."""
    if not user.is_authenticated:
        return False
    return RoleAssignment.objects.filter(user=user, role__in=list(roles)).exists()


def municipality_overview(municipality: Municipality) -> dict:
    """The public structure of a municipality: committees, districts, focus areas, groups."""
    return {
        "committees": list(municipality.committees.all()),
        "districts": list(municipality.districts.all()),
        "focus_areas": list(municipality.focusareas.all()),
        "target_groups": list(municipality.targetgroups.all()),
    }
