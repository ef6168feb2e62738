"""Every email says who sends it: the portal and the municipality, in the recipient's
language. The subject starts with ``[Samverkan – Nacka kommun]`` and the body ends with a
signature naming both (not the server's host name, which allauth used by default).

Used by the outbox (``portal.notifications``) and by the account emails of allauth
(``portal.account_adapter``). Call these with the recipient's language active.

A person belongs to the municipalities where they hold a role; the apps add other ways of
belonging to one, without touching ``portal/``: in ``<app>/email_identity.py``::

    from portal import email_identity

    @email_identity.belongs_to
    def _through_organisations(user) -> Q:
        return Q(organisations__memberships__user=user)  # a filter on Municipality

imported from the app's ``AppConfig.ready()`` (as ``audit_texts`` is). The filters are
joined with "or" into one query.
"""

from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.text import get_text_list
from django.utils.translation import gettext

from portal.links import absolute_url
from portal.models import Municipality

# Somebody who belongs to no municipality yet (a new sign-up) hears from the portal of the
# municipalities it serves, named when they are this few; a larger portal names only itself.
NAMED_AT_MOST = 3

_BELONGING: dict[str, Callable[..., Q]] = {}


def belongs_to(function: Callable[..., Q]) -> Callable[..., Q]:
    """Register ``function(user) -> Q`` (a decorator): a filter on Municipality for the
    municipalities the person belongs to through the app's data."""
    _BELONGING[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def unregister(function: Callable) -> None:
    """Forget a way of belonging (tests that register one of their own)."""
    _BELONGING.pop(f"{function.__module__}.{function.__qualname__}", None)


def municipalities_of(user) -> list[Municipality]:
    """The municipalities the person belongs to (a role there, or what the apps register,
    e.g. a member of an organisation registered there); for nobody's, the ones the portal
    serves (see NAMED_AT_MOST)."""
    if user is not None and user.pk:
        belonging = Q(role_assignments__user=user)
        for through in list(_BELONGING.values()):
            belonging |= through(user)
        own = Municipality.objects.filter(belonging, is_active=True)
        found = list(own.distinct().order_by("name"))
        if found:
            return found
    served = list(Municipality.objects.filter(is_active=True).order_by("name")[: NAMED_AT_MOST + 1])
    return served if len(served) <= NAMED_AT_MOST else []


def sender(municipalities) -> str:
    """The sender's name, e.g. "Samverkan – Nacka kommun" or "Samverkan – Ekerö kommun och
    Nacka kommun"; the portal alone when no municipality is known."""
    names = [str(m) for m in municipalities if m is not None]
    if not names:
        return settings.PORTAL_NAME
    return f"{settings.PORTAL_NAME} – {get_text_list(names, gettext('and'))}"


def subject(text: str, municipalities) -> str:
    return f"[{sender(municipalities)}] {text}"


def signature(municipalities) -> str:
    """The closing lines of a plain-text email (after the "-- " separator)."""
    return render_to_string(
        "includes/email_signature.txt",
        {"sender": sender(municipalities), "url": absolute_url("/")},
    )
