"""What each municipal role may do with segments and mailings (registered with
:mod:`portal.roles` from ``OutreachConfig.ready()``).

Coordinators and municipal administrators write segments and mailings and send them: a
mailing goes to associations and networks across the municipality, which is the
coordinating responsibility (as for call-outs). Officers and politicians have no part:
a segment's page names the people it reaches, and nobody needs that to handle a case.
Following and alerts are each person's own and need no role."""

from portal import roles
from portal.models import Role
from portal.roles import ALL

SEND_MAILINGS = "outreach.send_mailings"

_MAILINGS = {
    "outreach.segment": ALL,
    "outreach.mailing": ALL,
}

roles.register(
    {
        Role.COORDINATOR: _MAILINGS,
        Role.MUNICIPAL_ADMIN: _MAILINGS,
    },
    abilities={SEND_MAILINGS: {Role.COORDINATOR, Role.MUNICIPAL_ADMIN}},
)
