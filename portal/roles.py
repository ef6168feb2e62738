"""What each municipal role may do, declared as data in one place.

``ADMIN_PERMISSIONS`` feeds the RolePermissionBackend, so the Django admin shows officers
and administrators exactly the models their role covers. Rows are additionally scoped
to the user's own municipalities by the admin classes (portal.admin_mixins).
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
