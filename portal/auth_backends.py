from portal.permissions import held_roles
from portal.roles import permissions_for_roles


class RolePermissionBackend:
    """Model permissions from the user's role assignments, for the admin's menus.

    Without an object this answers "does the person hold this permission in some
    municipality", which is all the admin's index and list pages need to show a model.
    Which rows, objects and actions are then allowed is asked of portal.permissions with
    the municipality (and committee) of each: the admin's scoped querysets and object
    checks (portal.admin.mixins) and every service do so. With an object this backend
    answers nothing: it cannot know where the object belongs.
    """

    def authenticate(self, request, **credentials):
        return None  # permissions only; authentication is ModelBackend's and allauth's

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            roles = {held.role for held in held_roles(user_obj)}
            user_obj._role_perm_cache = permissions_for_roles(roles)
        return user_obj._role_perm_cache

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
