"""What each municipal role may do in the collaboration register (registered with
:mod:`portal.roles` from ``CollaborationsConfig.ready()``).

Officers of every administration record collaborations; the ``RECORD`` ability is bound to
the committee, and an officer's committee reaches the administrations that serve it
(``collaborations.permissions.may_record``). Coordinators and municipal administrators hold
the coordinating responsibility: the whole register, the gaps and the proposals.
Politicians read the register and the action plans (portal pages, no admin)."""

from portal import roles
from portal.models import Role
from portal.roles import ADD, ALL, CHANGE, DELETE, VIEW

RECORD = "collaborations.record"
COORDINATE = "collaborations.coordinate"
VIEW_REGISTER = "collaborations.view"

_RECORDING = {
    "collaborations.collaboration": (VIEW, ADD, CHANGE),
    "collaborations.outsidepartner": ALL,
    "collaborations.agreement": ALL,
    "collaborations.party": ALL,
    "collaborations.contribution": ALL,
    "collaborations.indicator": ALL,
    "collaborations.followup": (VIEW, ADD, CHANGE),
    "collaborations.indicatorresult": ALL,
    "collaborations.collaborationdocument": (VIEW, ADD, DELETE),
    "collaborations.coapplication": ALL,
}
_COORDINATING = {**_RECORDING, "collaborations.proposal": (VIEW, CHANGE)}

roles.register(
    {
        Role.OFFICER: _RECORDING,
        Role.COORDINATOR: _COORDINATING,
        Role.MUNICIPAL_ADMIN: _COORDINATING,
    },
    abilities={
        RECORD: {Role.OFFICER, Role.COORDINATOR, Role.MUNICIPAL_ADMIN},
        COORDINATE: {Role.COORDINATOR, Role.MUNICIPAL_ADMIN},
        VIEW_REGISTER: {Role.OFFICER, Role.COORDINATOR, Role.POLITICIAN, Role.MUNICIPAL_ADMIN},
    },
    committee_bound=[RECORD],
)
