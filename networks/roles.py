"""What each municipal role may do with networks (registered with :mod:`portal.roles` from
``NetworksConfig.ready()``): coordinators and municipal admins convene them, officers
follow them."""

from portal import roles
from portal.models import Role
from portal.roles import ALL, CHANGE, DELETE, VIEW

COORDINATE_NETWORKS = "networks.coordinate"

# Convening networks (coordinators and municipal admins).
NETWORK_COORDINATION = {
    "networks.network": ALL,
    "networks.networkmember": ALL,
    "networks.meetingplace": ALL,
    "networks.meeting": ALL,
    "networks.agendaitem": ALL,
    "networks.invitation": (VIEW,),
    "networks.attendance": (VIEW,),
    "networks.opensignup": (VIEW,),
    "networks.action": ALL,
    "networks.networkdocument": (VIEW, DELETE),
}

roles.register(
    {
        Role.OFFICER: {
            "networks.network": (VIEW,),
            "networks.meeting": (VIEW,),
            "networks.action": (VIEW, CHANGE),
        },
        Role.COORDINATOR: NETWORK_COORDINATION,
        Role.MUNICIPAL_ADMIN: NETWORK_COORDINATION,
    },
    abilities={COORDINATE_NETWORKS: {Role.COORDINATOR, Role.MUNICIPAL_ADMIN}},
)
