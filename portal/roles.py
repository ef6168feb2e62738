"""What each municipal role may do, declared as data by the app that owns it.

``ADMIN_PERMISSIONS`` (model permissions) and ``ABILITIES`` (named actions outside the
admin's model permissions) are read by :mod:`portal.permissions`, which answers every
"may this person do this here" for a municipality and, where ``COMMITTEE_SCOPED`` says so,
a committee. The RolePermissionBackend shows the admin's menus from the same tables.

The portal declares its own models below and knows none of the domain apps; each app
declares its models, its abilities and what of them is bound to a committee, in
``<app>/roles.py``::

    from portal import roles
    from portal.models import Role

    HANDLE_GRANT_CASES = "grants.handle_cases"

    roles.register(
        {Role.OFFICER: {"grants.application": (roles.VIEW, roles.CHANGE)}, ...},
        abilities={HANDLE_GRANT_CASES: {Role.OFFICER, Role.MUNICIPAL_ADMIN}},
        committee_bound=["grants.application", HANDLE_GRANT_CASES],
    )

and imports that module from its ``AppConfig.ready()`` (as ``audit_texts`` is), so the
tables are complete before the first request. A model declared again for a role replaces
its actions; an ability declared again replaces its roles.
"""

from collections.abc import Iterable, Mapping

from portal.models import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

# role -> {"app_label.model": actions}
ADMIN_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {role: {} for role in Role}
# ability -> the roles that carry it
ABILITIES: dict[str, frozenset[str]] = {}
# Permissions that hold only for the committee (nämnd) of the role assignment (none: every
# committee of the municipality): the model permissions of committee-bound models, and
# committee-bound abilities.
COMMITTEE_SCOPED: set[str] = set()

_ROLES_BY_PERMISSION: dict[str, frozenset[str]] = {}


def register(
    permissions: Mapping[str, Mapping[str, Iterable[str]]],
    *,
    abilities: Mapping[str, Iterable[str]] | None = None,
    committee_bound: Iterable[str] = (),
) -> None:
    """Declare an app's part: ``{role: {"app_label.model": actions}}``, named
    ``{ability: roles}``, and the model labels and abilities bound to a committee."""
    for role, actions_by_model in permissions.items():
        ADMIN_PERMISSIONS.setdefault(role, {}).update(
            {label: tuple(actions) for label, actions in actions_by_model.items()}
        )
    for ability, roles in (abilities or {}).items():
        ABILITIES[ability] = frozenset(roles)
    for name in committee_bound:
        if name in ABILITIES:
            COMMITTEE_SCOPED.add(name)
        else:
            COMMITTEE_SCOPED.update(_model_permissions(name, ALL))
    _ROLES_BY_PERMISSION.clear()


def unregister(*names: str) -> None:
    """Forget models (``"app_label.model"``) and abilities (tests that declare their own)."""
    for name in names:
        for actions_by_model in ADMIN_PERMISSIONS.values():
            actions_by_model.pop(name, None)
        ABILITIES.pop(name, None)
        COMMITTEE_SCOPED.discard(name)
        COMMITTEE_SCOPED.difference_update(_model_permissions(name, ALL))
    _ROLES_BY_PERMISSION.clear()


def _model_permissions(label: str, actions: Iterable[str]) -> list[str]:
    """``"grants.application"``, (view,) -> ``["grants.view_application"]``."""
    app_label, _dot, model = label.partition(".")
    return [f"{app_label}.{action}_{model}" for action in actions]


def roles_by_permission() -> dict[str, frozenset[str]]:
    """Each permission (model permission or ability) and the roles that carry it."""
    if not _ROLES_BY_PERMISSION:
        found: dict[str, set[str]] = {}
        for role, actions_by_model in ADMIN_PERMISSIONS.items():
            for label, actions in actions_by_model.items():
                for permission in _model_permissions(label, actions):
                    found.setdefault(permission, set()).add(role)
        for ability, roles in ABILITIES.items():
            found.setdefault(ability, set()).update(roles)
        _ROLES_BY_PERMISSION.update(
            {permission: frozenset(roles) for permission, roles in found.items()}
        )
    return _ROLES_BY_PERMISSION


def permissions_for_roles(roles) -> set[str]:
    """Django permission strings ("app.action_model") granted by a set of roles."""
    perms = set()
    for role in roles:
        for model_label, actions in ADMIN_PERMISSIONS.get(role, {}).items():
            perms.update(_model_permissions(model_label, actions))
    return perms


# --- the portal's own part ------------------------------------------------------------------

VIEW_DASHBOARDS = "portal.view_dashboards"
USE_ADMIN = "portal.use_admin"

# Roles that open the Django admin (the officers' case-handling tool).
ADMIN_ROLES = frozenset({Role.OFFICER, Role.COORDINATOR, Role.MUNICIPAL_ADMIN})
# Roles that see a municipality's dashboards.
DASHBOARD_ROLES = frozenset(Role)

register(
    {
        Role.OFFICER: {
            "portal.committee": (VIEW,),
            "portal.administration": (VIEW,),
            "portal.district": (VIEW,),
            "portal.focusarea": (VIEW,),
            "portal.targetgroup": (VIEW,),
            "portal.auditevent": (VIEW,),
            "portal.notification": (VIEW, CHANGE),
            "portal.reminderpolicy": (VIEW,),
        },
        Role.COORDINATOR: {
            "portal.administration": (VIEW,),
            "portal.focusarea": (VIEW,),
            "portal.district": (VIEW,),
            "portal.targetgroup": (VIEW,),
        },
        Role.MUNICIPAL_ADMIN: {
            "portal.notification": (VIEW, CHANGE),
            "portal.reminderpolicy": (VIEW, ADD, CHANGE),
            "portal.committee": ALL,
            "portal.administration": ALL,
            "portal.district": ALL,
            "portal.focusarea": ALL,
            "portal.targetgroup": ALL,
            "portal.roleassignment": ALL,
            "portal.auditevent": (VIEW,),
        },
        Role.POLITICIAN: {},  # read-only dashboards in the portal, no admin
    },
    abilities={VIEW_DASHBOARDS: DASHBOARD_ROLES, USE_ADMIN: ADMIN_ROLES},
)
