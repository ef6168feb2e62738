"""Two-factor authentication that municipal staff cannot opt out of.

allauth.mfa asks for the second factor at login once a user has an authenticator. This
middleware adds the two rules allauth leaves to the project:

* people who handle cases and personal data (any municipal role, portal administrators)
  must enrol first: until they have an authenticator every page sends them to the
  authenticator-app setup (``REQUIRE_STAFF_MFA``; off in the demo and the tests);
* nobody with an authenticator may skip the second step: a session counts as two-factor
  only if it passed the second factor itself (allauth's 2FA step, a passkey login, a
  recovery code) or set up the authenticator itself. Any other session of a person who has
  an authenticator (the Django admin's own login form, or a password-only session opened
  before the authenticator was set up in another browser) is ended, and the person is sent
  to the portal's login, which asks for the code.
"""

from functools import cache

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import connection
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from portal import prebuilt
from portal.models import RoleAssignment

# Reachable whatever the state of the second factor.
ALWAYS_OPEN_URL_NAMES = {"healthz", "set_language", "account_logout", "javascript-catalog"}


def mfa_state(user) -> tuple[bool, bool]:
    """(whether ``user`` has an authenticator, as allauth's ``is_mfa_enabled`` says;
    whether they must have one: with ``REQUIRE_STAFF_MFA`` on, people with a municipal role
    and portal administrators must), in one query: the middleware asks on every request of
    every logged-in person."""
    if not settings.REQUIRE_STAFF_MFA:
        return is_mfa_enabled(user), False
    if user.is_staff or user.is_superuser:
        return is_mfa_enabled(user), True
    with connection.cursor() as cursor:
        cursor.execute(_mfa_state_statement(), [user.pk, user.pk])
        enrolled, has_role = cursor.fetchone()
    return enrolled, has_role


@cache
def _mfa_state_statement() -> str:
    """``mfa_state``'s one statement, written once (``portal.prebuilt``): as a queryset with
    two ``Exists`` Django spent more CPU building it than PostgreSQL answering it."""
    exists = [
        f"EXISTS (SELECT 1 FROM {prebuilt.table(model)} "  # noqa: S608 - names from the models
        f"WHERE {prebuilt.column(model, 'user')} = %s)"
        for model in (Authenticator, RoleAssignment)
    ]
    return f"SELECT {', '.join(exists)}"


# The authenticators this session set up itself, with the user they belong to.
ENROLLED_SESSION_KEY = "portal.mfa_enrolled"


@receiver(authenticator_added)
def remember_enrolment(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator proves it in this session (allauth wants a recent
    password, then the app's code or the key itself): remember that here, and only here."""
    enrolled = _enrolled_ids(request, user)
    request.session[ENROLLED_SESSION_KEY] = {
        "user": str(user.pk),
        "ids": [*enrolled, authenticator.pk],
    }


def _enrolled_ids(request, user) -> list:
    enrolled = request.session.get(ENROLLED_SESSION_KEY)
    if not isinstance(enrolled, dict) or enrolled.get("user") != str(user.pk):
        return []
    return list(enrolled.get("ids") or [])


def second_factor_given(request, user) -> bool:
    """Whether this very session passed the second factor: allauth's 2FA step, a passkey
    login or a recovery code, or it set up an authenticator that still exists. An
    authenticator set up in another browser proves nothing about this one."""
    records = get_authentication_records(request, user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    enrolled = _enrolled_ids(request, user)
    return bool(enrolled) and (
        Authenticator.objects.filter(user_id=user.pk, pk__in=enrolled)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def _login_url(next_path: str) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': next_path})}"


class StaffMFAMiddleware:
    """Enforces enrolment for staff and closes logins that went around the 2FA step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name in ALWAYS_OPEN_URL_NAMES:
            return None
        user = request.user
        is_admin_login = match.namespace == "admin" and match.url_name == "login"
        if not user.is_authenticated:
            if is_admin_login and settings.REQUIRE_STAFF_MFA:
                # The admin's own login form has no 2FA step: log in through allauth's.
                return redirect(_login_url(request.GET.get("next") or reverse("admin:index")))
            return None
        enrolled, required = mfa_state(user)
        if enrolled:
            if second_factor_given(request, user):
                return None
            logout(request)
            messages.info(request, _("Log in again and confirm with your second factor."))
            return redirect(_login_url(request.get_full_path()))
        if not required:
            return None
        if view_func.__module__.startswith("allauth."):
            return None  # the setup itself, reauthentication, email, password, logout
        messages.warning(
            request,
            _(
                "Your role gives you access to personal data, so your account must be "
                "protected by two-factor authentication. Set up an authenticator app to "
                "continue."
            ),
        )
        return redirect("mfa_activate_totp")
