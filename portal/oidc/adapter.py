"""Logging in through a municipality's e-identification broker (OpenID Connect).

The broker vouches for the person; whether it vouches for the email address is a separate
claim (``email_verified``). Only an address the broker verified may log in to, and be
linked with, an existing account whose address is verified here too; otherwise the new
account goes through the portal's own email verification like any sign-up.
"""

import requests
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount import app_settings
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error

# What the portal keeps from the broker's answer (data minimisation: a broker may also
# send the personal identity number, birth date or address, which the portal never needs).
KEPT_CLAIMS = ("sub", "email", "email_verified", "name", "given_name", "family_name")


def claim_is_true(value) -> bool:
    """``email_verified`` as a real boolean; some brokers send the string "true"."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def minimised(extra_data: dict) -> dict:
    """The broker's userinfo / ID token reduced to ``KEPT_CLAIMS``."""
    kept = {}
    for part in ("userinfo", "id_token"):
        if isinstance(extra_data.get(part), dict):
            kept[part] = {k: v for k, v in extra_data[part].items() if k in KEPT_CLAIMS}
    return kept


class BrokerSession(requests.Session):
    """Requests to a login broker. A broker that cannot be reached, or answers with an
    error, ends the login on allauth's "login failed" page (a ConnectionError when the
    login started was a 500)."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", app_settings.REQUESTS_TIMEOUT)
        try:
            response = super().request(*args, **kwargs)
        except requests.RequestException as error:
            _broker_failed(error)
        check = response.raise_for_status

        def raise_for_status():
            try:
                check()
            except requests.HTTPError as error:
                _broker_failed(error)

        response.raise_for_status = raise_for_status
        return response


def _broker_failed(error):
    failure = OAuth2Error(f"The login service did not answer: {error}")
    if context.request is None:
        raise failure from error
    page = render_authentication_error(context.request, None, exception=failure)
    raise ImmediateHttpResponse(page) from error  # allauth's login views answer with it


class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Links by verified email, signs up automatically, and stores as little as possible."""

    def get_requests_session(self):
        return BrokerSession()

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = (name or "")[:200]
        for address in sociallogin.email_addresses:
            address.email = address.email.lower()
            address.verified = claim_is_true(address.verified)
        sociallogin.account.extra_data = minimised(sociallogin.account.extra_data)
        return user

    def authenticate_by_email(self, sociallogin):
        """An account is found by email only when both sides have verified the address."""
        for address in sociallogin.email_addresses:
            if not address.verified or not self.can_authenticate_by_email(
                sociallogin, address.email
            ):
                continue
            local = (
                EmailAddress.objects.filter(email__iexact=address.email, verified=True)
                .select_related("user")
                .first()
            )
            if local and local.user.is_active:
                return local.user, local.email
        return None
