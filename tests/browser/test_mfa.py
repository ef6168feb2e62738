"""Two-factor setup and login in a real browser: keyboard-usable pages, zero axe violations."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from portal.models import Role
from portal.services import role_assign
from tests.factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.browser


def code(secret: str, step: int = 0) -> str:
    """The app's code now (step 0) or for the next 30 seconds (step 1, within tolerance)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


def log_in(page, email):
    page.goto("/konto/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()


def test_coordinator_sets_up_an_authenticator_app_and_logs_in_with_it(
    page,
    accessible,
    transactional_db,
    settings,
):
    settings.REQUIRE_STAFF_MFA = True
    user = UserFactory(email="samordnare@example.se")
    role_assign(user=user, municipality=MunicipalityFactory(), role=Role.COORDINATOR)

    log_in(page, user.email)
    page.wait_for_url("**/konto/reauthenticate/**")  # allauth: password again before 2FA changes
    accessible(page)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/konto/2fa/totp/activate/")
    accessible(page)
    secret = page.get_by_label("Autentiseringshemlighet").input_value()
    page.locator("#id_code").fill(code(secret))
    page.get_by_role("button", name="Aktivera").press("Enter")
    page.wait_for_url("**/konto/2fa/recovery-codes/")
    accessible(page)

    page.goto("/admin/")
    assert "/admin/" in page.url
    assert page.get_by_role("heading", level=1).count() >= 1

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/")
    log_in(page, user.email)
    page.wait_for_url("**/konto/2fa/authenticate/")
    accessible(page)
    page.locator("#id_code").fill(code(secret, step=1))
    page.locator("#id_code").press("Enter")
    page.wait_for_url("**/mina-sidor/")


def test_member_adds_a_passkey_and_logs_in_with_it_alone(
    page,
    accessible,
    transactional_db,
    settings,
):
    """WebAuthn end to end, with Chromium's virtual authenticator standing in for a phone."""
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server speaks plain http
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    user = UserFactory(email="medlem@example.se")

    log_in(page, user.email)
    page.wait_for_url("**/mina-sidor/")
    page.goto("/konto/2fa/webauthn/add/")
    page.wait_for_url("**/konto/reauthenticate/**")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/konto/2fa/webauthn/add/")
    accessible(page)
    page.locator("#id_name").fill("Min telefon")
    page.locator("#id_passwordless").check()
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url("**/konto/2fa/recovery-codes/")
    assert user.authenticator_set.filter(type="webauthn").count() == 1

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/")
    page.goto("/konto/login/")
    page.locator("#passkey_login").click()  # no email, no password
    page.wait_for_url("**/mina-sidor/")
    assert "medlem@example.se" in page.locator("header").inner_text()
