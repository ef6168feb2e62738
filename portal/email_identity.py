"""Every email says who sends it: the portal and the municipality, in the recipient's
language. The subject starts with ``[Samverkan – Nacka kommun]`` and the body ends with a
signature naming both (not the server's host name, which allauth used by default).

Used by the outbox (``portal.notifications``) and by the account emails of allauth
(``portal.account_adapter``). Call these with the recipient's language active.
"""

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


def municipalities_of(user) -> list[Municipality]:
    """The municipalities the person belongs to (a role there, or a member of an organisation
    registered there); for nobody's, the ones the portal serves (see NAMED_AT_MOST)."""
    if user is not None and user.pk:
        own = Municipality.objects.filter(
            Q(role_assignments__user=user) | Q(organisations__memberships__user=user),
            is_active=True,
        )
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
