from portal.roles import permissions_for_roles
from portal.selectors import user_roles


class RolePermissionBackend:
    """Grants model permissions from the user's RoleAssignments (see portal.roles)."""

    def authenticate(self, request, **credentials):
        return None  # permissions only; authentication is ModelBackend's and allauth's

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            user_obj._role_perm_cache = permissions_for_roles(user_roles(user_obj))
        return user_obj._role_perm_cache

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
