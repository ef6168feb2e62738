"""What the register's admin pages share: rows of the municipalities where the person may
read the register, changes only where ``collaborations.permissions.may_change`` lets them
(an officer of another committee reads a row but cannot change it), choices of the row's
own municipality, and writes through the services."""

from collaborations import permissions
from collaborations.roles import RECORD, VIEW_REGISTER
from portal import permissions as portal_permissions
from portal.admin.mixins import LabelledTabularInline, MunicipalityScopedAdmin
from portal.models import Committee


def follow(obj, path: str):
    for name in path.split("__") if path else ():
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def may_change(request, collaboration) -> bool:
    """``permissions.may_change``, asked once per request and collaboration: a change page
    asks it for the page and for each inline's add, change and delete rights (a query of
    the administration's committees each time)."""
    if collaboration is None or collaboration.pk is None:
        return permissions.may_change(request.user, collaboration)
    known = request.__dict__.setdefault("_may_change_collaboration", {})
    if collaboration.pk not in known:
        known[collaboration.pk] = permissions.may_change(request.user, collaboration)
    return known[collaboration.pk]


def recording_municipalities(user) -> list[int]:
    """Municipalities where ``user`` may record some collaboration (read once per request:
    the form's choices, its initial values and the add permission all ask)."""
    if not hasattr(user, "_recording_municipalities"):
        found = portal_permissions.scope(user, RECORD)
        committees = Committee.objects.filter(pk__in=found.committee_ids).values_list(
            "municipality_id", flat=True
        )
        user._recording_municipalities = sorted(found.municipality_ids | set(committees))
    return user._recording_municipalities


class RegisterAdmin(MunicipalityScopedAdmin):
    """A model of the register; ``collaboration_path`` leads from a row to its
    collaboration ("" for the collaboration itself)."""

    collaboration_path = "collaboration"

    def collaboration_of(self, obj):
        return follow(obj, self.collaboration_path)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        readable = portal_permissions.scope(request.user, VIEW_REGISTER).municipality_ids
        return queryset.filter(**{f"{self.municipality_lookup}__in": sorted(readable)})

    def has_add_permission(self, request):
        return super().has_add_permission(request) and bool(
            request.user.is_superuser or recording_municipalities(request.user)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_change(request, self.collaboration_of(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_change(request, self.collaboration_of(obj))


class ParentInline(LabelledTabularInline):
    """An inline of a register page: its rows change only where the page's object does
    (``collaboration_path`` from the parent object to its collaboration)."""

    collaboration_path = "collaboration"
    extra = 0

    def _may(self, request, obj) -> bool:
        if obj is None:
            return True
        return may_change(request, follow(obj, self.collaboration_path))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may(request, obj)


def mark_formsets_unsaved(formsets) -> None:
    """Formsets whose rows a service wrote: Django's history message reads these lists."""
    for formset in formsets:
        for name in ("new_objects", "changed_objects", "deleted_objects"):
            if not hasattr(formset, name):
                setattr(formset, name, [])
