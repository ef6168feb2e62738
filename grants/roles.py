"""What each municipal role may do with grants (registered with :mod:`portal.roles` from
``GrantsConfig.ready()``): the admin's models, handling cases, and the committee binding
of programmes and their cases."""

from portal import roles
from portal.models import Role
from portal.roles import ALL, CHANGE, VIEW

HANDLE_GRANT_CASES = "grants.handle_cases"  # assess, decide, pay out, review reports
# Roles that handle grant cases: assess, decide, pay out, review reports.
GRANT_ROLES = frozenset({Role.OFFICER, Role.MUNICIPAL_ADMIN})

# Handling grant cases (officers and municipal admins): queue, decisions, payouts, reports.
GRANT_CASES = {
    "grants.application": (VIEW, CHANGE),
    "grants.decision": (VIEW,),
    "grants.payoutbatch": (VIEW, CHANGE),
    "grants.payout": (VIEW,),
    "grants.followupreport": (VIEW, CHANGE),
    "grants.repaymentclaim": (VIEW, CHANGE),
    "grants.applicationevent": (VIEW,),  # a case's timeline (no admin list of its own)
    "grants.hostagreement": (VIEW,),  # answered by the host in the portal; read here
    "grants.supplierinvoice": (VIEW, CHANGE),  # approved or rejected by the officer
}
# Programmes and what they are made of: officers read them, municipal admins set them up.
PROGRAMMES = (
    "grants.grantprogramme",
    "grants.question",
    "grants.latededuction",
    "grants.call",
    "grants.appropriation",  # anslag: officers read them, municipal admins set them up
    "grants.activitygrantrule",
    "grants.assessmentcriterion",
)

roles.register(
    {
        Role.OFFICER: {**GRANT_CASES, **dict.fromkeys(PROGRAMMES, (VIEW,))},
        Role.MUNICIPAL_ADMIN: {**GRANT_CASES, **dict.fromkeys(PROGRAMMES, ALL)},
    },
    abilities={HANDLE_GRANT_CASES: GRANT_ROLES},
    # programmes and their cases belong to a committee (nämnd)
    committee_bound=[*GRANT_CASES, *PROGRAMMES, HANDLE_GRANT_CASES],
)
