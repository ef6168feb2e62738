"""What each municipal role may do in mobilisation and volunteering (registered with
:mod:`portal.roles` from ``VolunteeringConfig.ready()``).

Coordinators and municipal administrators mobilise: call-outs, pledges, the volunteer
register, recognition. Officers host volunteer posts in their administration's activities
(``HOST`` is bound to the committee; an officer's committee reaches the administrations that
serve it, ``volunteering.permissions.may_host``). Politicians read the figures."""

from portal import roles
from portal.models import Role
from portal.roles import ADD, ALL, CHANGE, VIEW

MOBILISE = "volunteering.mobilise"
HOST = "volunteering.host"
VIEW_FIGURES = "volunteering.view"

_HOSTING = {
    "volunteering.post": ALL,
    "volunteering.shift": ALL,
    "volunteering.shiftsignup": (VIEW, CHANGE),
    "volunteering.recordextractcheck": ALL,
    "volunteering.interest": (VIEW,),
}
_MOBILISING = {
    **_HOSTING,
    "volunteering.skill": ALL,
    "volunteering.volunteer": (VIEW, CHANGE),
    "volunteering.readiness": (VIEW,),
    "volunteering.callout": ALL,
    "volunteering.pledge": (VIEW, ADD, CHANGE),
    "volunteering.recognition": ALL,
}

roles.register(
    {
        Role.OFFICER: _HOSTING,
        Role.COORDINATOR: _MOBILISING,
        Role.MUNICIPAL_ADMIN: _MOBILISING,
    },
    abilities={
        MOBILISE: {Role.COORDINATOR, Role.MUNICIPAL_ADMIN},
        HOST: {Role.OFFICER, Role.COORDINATOR, Role.MUNICIPAL_ADMIN},
        VIEW_FIGURES: {Role.OFFICER, Role.COORDINATOR, Role.POLITICIAN, Role.MUNICIPAL_ADMIN},
    },
    committee_bound=[HOST],
)
