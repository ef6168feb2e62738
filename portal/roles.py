"""What each municipal role may do, declared as data in one place.

``ADMIN_PERMISSIONS`` (model permissions) and ``ABILITIES`` (named actions outside the
admin's model permissions) are read by :mod:`portal.permissions`, which answers every
"may this person do this here" for a municipality and, where ``COMMITTEE_SCOPED`` says so,
a committee. The RolePermissionBackend shows the admin's menus from the same tables.
Later apps add their models here as they arrive.
"""

from portal.models import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

# Handling grant cases (officers and municipal admins): queue, decisions, payouts, reports.
GRANT_CASES = {
    "grants.application": (VIEW, CHANGE),
    "grants.decision": (VIEW,),
    "grants.payoutbatch": (VIEW, CHANGE),
    "grants.payout": (VIEW,),
    "grants.followupreport": (VIEW, CHANGE),
    "grants.repaymentclaim": (VIEW, CHANGE),
}
# What an officer reads on an organisation's page and a case page (read-only rows there; the
# models have no admin list of their own).
REGISTRY_AND_TIMELINE = {
    "organisations.boardmember": (VIEW,),
    "organisations.document": (VIEW,),
    "organisations.eligibilityperiod": (VIEW,),
    "grants.applicationevent": (VIEW,),
}
# Convening networks (coordinators and municipal admins).
NETWORK_COORDINATION = {
    "networks.network": ALL,
    "networks.networkmember": ALL,
    "networks.meetingplace": ALL,
    "networks.meeting": ALL,
    "networks.agendaitem": ALL,
    "networks.invitation": (VIEW,),
    "networks.attendance": (VIEW,),
    "networks.action": ALL,
    "networks.networkdocument": (VIEW, DELETE),
}

# role -> {"app_label.model": actions}
ADMIN_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.OFFICER: {
        "portal.committee": (VIEW,),
        "portal.district": (VIEW,),
        "portal.focusarea": (VIEW,),
        "portal.targetgroup": (VIEW,),
        "portal.auditevent": (VIEW,),
        "organisations.organisation": (VIEW, CHANGE),
        "organisations.membership": (VIEW,),
        "organisations.payoutaccount": (VIEW, ADD, CHANGE),
        "organisations.activityarea": (VIEW,),
        "grants.grantprogramme": (VIEW,),
        "grants.question": (VIEW,),
        "grants.latededuction": (VIEW,),
        "grants.call": (VIEW,),
        **GRANT_CASES,
        **REGISTRY_AND_TIMELINE,
        "grants.activitygrantrule": (VIEW,),
        "grants.assessmentcriterion": (VIEW,),
        "networks.network": (VIEW,),
        "networks.meeting": (VIEW,),
        "networks.action": (VIEW, CHANGE),
        "portal.notification": (VIEW, CHANGE),
        "portal.reminderpolicy": (VIEW,),
    },
    Role.COORDINATOR: {
        "portal.focusarea": (VIEW,),
        "portal.district": (VIEW,),
        "portal.targetgroup": (VIEW,),
        "organisations.organisation": (VIEW,),
        **NETWORK_COORDINATION,
    },
    Role.MUNICIPAL_ADMIN: {
        "portal.notification": (VIEW, CHANGE),
        "portal.reminderpolicy": (VIEW, ADD, CHANGE),
        "portal.committee": ALL,
        "portal.district": ALL,
        "portal.focusarea": ALL,
        "portal.targetgroup": ALL,
        "portal.roleassignment": ALL,
        "portal.auditevent": (VIEW,),
        "organisations.organisation": (VIEW, CHANGE),
        "organisations.membership": (VIEW,),
        "organisations.payoutaccount": (VIEW, ADD, CHANGE),
        "organisations.registrypolicy": (VIEW, ADD, CHANGE),
        "organisations.activityarea": (VIEW,),
        "grants.grantprogramme": ALL,
        "grants.question": ALL,
        "grants.latededuction": ALL,
        "grants.call": ALL,
        **GRANT_CASES,
        **REGISTRY_AND_TIMELINE,
        "grants.activitygrantrule": ALL,
        "grants.assessmentcriterion": ALL,
        **NETWORK_COORDINATION,
    },
    Role.POLITICIAN: {},  # read-only dashboards in the portal, no admin
}

# Named abilities: actions that are not one model's add/change/view/delete.
HANDLE_GRANT_CASES = "grants.handle_cases"  # assess, decide, pay out, review reports
REVIEW_REGISTRY = "organisations.review"  # approve, grant eligibility, change payout accounts
READ_REGISTRY_DOCUMENTS = "organisations.read_documents"  # statutes, annual reports, minutes
COORDINATE_NETWORKS = "networks.coordinate"
VIEW_DASHBOARDS = "portal.view_dashboards"
USE_ADMIN = "portal.use_admin"

ABILITIES: dict[str, frozenset[str]] = {
    HANDLE_GRANT_CASES: frozenset({Role.OFFICER, Role.MUNICIPAL_ADMIN}),
    REVIEW_REGISTRY: frozenset({Role.OFFICER, Role.MUNICIPAL_ADMIN}),
    READ_REGISTRY_DOCUMENTS: frozenset({Role.OFFICER, Role.MUNICIPAL_ADMIN}),
    COORDINATE_NETWORKS: frozenset({Role.COORDINATOR, Role.MUNICIPAL_ADMIN}),
    VIEW_DASHBOARDS: frozenset(Role),
    USE_ADMIN: frozenset({Role.OFFICER, Role.COORDINATOR, Role.MUNICIPAL_ADMIN}),
}

# Grant programmes and their cases belong to a committee (nämnd): these permissions hold
# only for the committee of the role assignment (none: every committee of the municipality).
COMMITTEE_BOUND_MODELS = {
    *GRANT_CASES,
    "grants.applicationevent",
    "grants.grantprogramme",
    "grants.question",
    "grants.latededuction",
    "grants.call",
    "grants.activitygrantrule",
    "grants.assessmentcriterion",
}
COMMITTEE_SCOPED = frozenset(
    {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in COMMITTEE_BOUND_MODELS
        for action in ALL
    }
    | {HANDLE_GRANT_CASES}
)

# Roles that open the Django admin (the officers' case-handling tool).
ADMIN_ROLES = frozenset({Role.OFFICER, Role.COORDINATOR, Role.MUNICIPAL_ADMIN})
# Roles that handle grant cases: assess, decide, pay out, review reports.
GRANT_ROLES = frozenset({Role.OFFICER, Role.MUNICIPAL_ADMIN})
# Roles that see a municipality's dashboards.
DASHBOARD_ROLES = frozenset(Role)


def permissions_for_roles(roles) -> set[str]:
    """Django permission strings ("app.action_model") granted by a set of roles."""
    perms = set()
    for role in roles:
        for model_label, actions in ADMIN_PERMISSIONS.get(role, {}).items():
            app_label, model = model_label.split(".")
            perms.update(f"{app_label}.{action}_{model}" for action in actions)
    return perms
