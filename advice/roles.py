"""What each municipal role may do with advice times (registered with :mod:`portal.roles`
from ``AdviceConfig.ready()``): officers, coordinators and municipal administrators offer
advice (publish times, see and cancel their bookings)."""

from portal import roles
from portal.models import Role
from portal.roles import ALL, CHANGE, VIEW

OFFER_ADVICE = "advice.offer"

_OFFERING = {"advice.adviceslot": ALL, "advice.advicebooking": (VIEW, CHANGE)}

roles.register(
    {
        Role.OFFICER: _OFFERING,
        Role.COORDINATOR: _OFFERING,
        Role.MUNICIPAL_ADMIN: _OFFERING,
    },
    abilities={OFFER_ADVICE: {Role.OFFICER, Role.COORDINATOR, Role.MUNICIPAL_ADMIN}},
)
