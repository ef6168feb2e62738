"""What each municipal role may do with the organisation registry (registered with
:mod:`portal.roles` from ``OrganisationsConfig.ready()``)."""

from portal import roles
from portal.models import Role
from portal.roles import ADD, CHANGE, VIEW

REVIEW_REGISTRY = "organisations.review"  # approve, grant eligibility, change payout accounts
READ_REGISTRY_DOCUMENTS = "organisations.read_documents"  # statutes, annual reports, minutes

# What an officer reads on an organisation's page (read-only rows there; the models have no
# admin list of their own).
REGISTRY_ROWS = {
    "organisations.boardmember": (VIEW,),
    "organisations.document": (VIEW,),
    "organisations.eligibilityperiod": (VIEW,),
}
REGISTRY = {
    # ADD: an organisation that is not online, registered on its behalf (services.organisation_add)
    "organisations.organisation": (VIEW, ADD, CHANGE),
    "organisations.membership": (VIEW,),
    "organisations.payoutaccount": (VIEW, ADD, CHANGE),
    "organisations.activityarea": (VIEW,),
    **REGISTRY_ROWS,
}

roles.register(
    {
        Role.OFFICER: REGISTRY,
        Role.COORDINATOR: {"organisations.organisation": (VIEW,)},
        Role.MUNICIPAL_ADMIN: {
            **REGISTRY,
            "organisations.registrypolicy": (VIEW, ADD, CHANGE),
        },
    },
    abilities={
        REVIEW_REGISTRY: {Role.OFFICER, Role.MUNICIPAL_ADMIN},
        READ_REGISTRY_DOCUMENTS: {Role.OFFICER, Role.MUNICIPAL_ADMIN},
    },
)
