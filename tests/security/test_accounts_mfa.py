"""Two-factor authentication: staff must enrol, and a code is asked for at every login.

A session counts as two-factor only if it gave the second factor itself (the code, a
recovery code, a passkey) or set up the authenticator itself: an authenticator set up in
another browser ends every password-only session of the person.
"""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD
from tests.security.soft_passkey import SoftPasskey

require_mfa = override_settings(REQUIRE_STAFF_MFA=True)


def current_code(secret: str, step: int = 0) -> str:
    """The code an authenticator app shows now (RFC 6238, allauth's own HOTP helper), or
    for the next 30 seconds (step 1, within the tolerance): a code counts only once."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


def wrong_code(secret: str) -> str:
    valid = {format_hotp_value(hotp_value(secret, c)) for c in yield_hotp_counters_from_time()}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


def log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """allauth asks for the password again before any change to the second factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def dashboard_url(world):
    return reverse("insights:dashboard", kwargs={"slug": world.x.slug})


def enrol_totp(client) -> str:
    """Set up an authenticator app through allauth's pages in this session; its secret."""
    confirm_password(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def officer_pages():
    """Pages with cases and bank accounts, which an officer reaches once two-factor."""
    return [
        reverse("portal:workspace"),
        "/admin/grants/application/",
        "/admin/organisations/payoutaccount/",
    ]


@require_mfa
@pytest.mark.parametrize(
    "key", ["officer_x", "coordinator_x", "politician_x", "admin_x", "superuser"]
)
def test_staff_without_authenticator_is_sent_to_totp_setup(client, world, key):
    user = world.users[key]
    assert log_in(client, user).status_code == 302
    activate = reverse("mfa_activate_totp")
    for path in ["/admin/", dashboard_url(world), reverse("portal:my_page")]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == activate, path
    # The setup page itself (after confirming the password), and a way out, stay open.
    assert client.get(activate)["Location"].startswith(reverse("account_reauthenticate"))
    confirm_password(client)
    setup = client.get(activate)
    assert setup.status_code == 200
    assert "Aktivera autentiseringsapp" in setup.content.decode()
    assert client.get("/healthz").status_code in (200, 503)
    assert client.post(reverse("account_logout"))["Location"] == reverse("portal:home")
    assert logged_in_user_id(client) is None


@require_mfa
def test_setup_page_is_labelled_and_shows_the_qr_code(client, world):
    log_in(client, world.users["officer_x"])
    confirm_password(client)
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    assert 'alt="QR-kod för din autentiseringsapp"' in html or 'alt="QR code' in html
    assert '<label class="form-label" for="authenticator_secret">' in html
    assert 'for="id_code"' in html  # the code field has a visible label
    assert 'id="id_code"' in html


@require_mfa
@pytest.mark.django_db(transaction=True)  # allauth announces the new app after the commit
def test_activating_totp_opens_admin_and_dashboard(client, world):
    user = world.users["admin_x"]
    log_in(client, user)
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret

    wrong = client.post(reverse("mfa_activate_totp"), {"code": wrong_code(secret)})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=user).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}

    assert client.get("/admin/").status_code == 200
    assert client.get(dashboard_url(world)).status_code == 200
    assert client.get(reverse("portal:my_page")).status_code == 200


@require_mfa
def test_staff_with_totp_gives_a_code_at_login(client, world):
    user = world.users["officer_x"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    response = log_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None  # the password alone does not log in

    stage = client.get(reverse("mfa_authenticate"))
    assert stage.status_code == 200
    assert 'for="id_code"' in stage.content.decode()

    wrong = client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert logged_in_user_id(client) is None

    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert right["Location"] == reverse("portal:my_page")
    assert logged_in_user_id(client) == str(user.pk)
    assert client.get("/admin/").status_code == 200


@require_mfa
def test_recovery_code_replaces_a_lost_phone(client, world):
    user = world.users["coordinator_x"]
    TOTP.activate(user, generate_totp_secret())
    codes = RecoveryCodes.activate(user)
    log_in(client, user)
    code = codes.get_unused_codes()[0]
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert logged_in_user_id(client) == str(user.pk)
    codes.instance.refresh_from_db()
    assert code not in RecoveryCodes(codes.instance).get_unused_codes()  # used once only
    assert client.get(reverse("portal:my_page")).status_code == 200  # a second factor given
    assert client.get("/admin/").status_code == 200


@require_mfa
def test_member_without_role_is_not_forced(client, world):
    member = world.users["member"]
    response = log_in(client, member)
    assert response["Location"] == reverse("portal:my_page")
    assert client.get(reverse("portal:my_page")).status_code == 200
    assert client.get(reverse("grants:calls")).status_code == 200


@require_mfa
def test_admin_login_form_leads_to_the_portal_login_with_its_2fa_step(client, world):
    response = client.get("/admin/login/?next=/admin/portal/user/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fportal%2Fuser%2F"


def test_admin_login_cannot_skip_the_second_factor(client, world):
    """Even where enrolment is not enforced (demo), the admin form is no way round 2FA."""
    user = world.users["admin_x"]
    TOTP.activate(user, generate_totp_secret())
    client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert logged_in_user_id(client) == str(user.pk)  # Django's own form accepted it ...

    response = client.get("/admin/")
    assert response.status_code == 302  # ... but the session is ended before any page
    assert response["Location"].startswith(reverse("account_login"))
    assert logged_in_user_id(client) is None


def test_without_the_setting_staff_is_not_forced(client, world):
    """The demo (REQUIRE_STAFF_MFA off) keeps working without an authenticator app."""
    log_in(client, world.users["officer_x"])
    assert client.get("/admin/").status_code == 200


@require_mfa
def test_login_page_offers_passkeys_and_mfa_page_security_keys(client, world):
    login_page = client.get(reverse("account_login")).content.decode()
    assert 'id="passkey_login"' in login_page
    assert 'form="mfa_login"' in login_page
    assert "mfa/js/webauthn.js" in login_page  # the passkey script is on the page

    user = world.users["officer_x"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    log_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert reverse("mfa_add_webauthn") in index.content.decode()


@require_mfa
def test_guessing_codes_is_rate_limited(client, world):
    user = world.users["officer_x"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    log_in(client, user)
    for _ in range(5):
        assert (
            client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)}).status_code
            == 200
        )
    blocked = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert blocked.status_code == 200  # even the right code is refused for now
    assert blocked.context["form"].errors
    assert logged_in_user_id(client) is None


@require_mfa
@pytest.mark.django_db(transaction=True)  # allauth announces the new app after the commit
def test_an_authenticator_set_up_elsewhere_ends_the_password_only_sessions(world):
    user = world.users["officer_x"]
    password_only = {path: Client() for path in officer_pages()}
    for path, client in password_only.items():
        log_in(client, user)
        assert client.get(path)["Location"] == reverse("mfa_activate_totp")

    other_browser = Client()
    log_in(other_browser, user)
    secret = enrol_totp(other_browser)
    for path in officer_pages():  # the session that set the app up has given the code
        assert other_browser.get(path).status_code == 200, path

    for path, client in password_only.items():  # never served: ended, sent to log in
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("account_login")), path
        assert logged_in_user_id(client) is None

    again = password_only[reverse("portal:workspace")]
    assert log_in(again, user)["Location"] == reverse("mfa_authenticate")
    again.post(reverse("mfa_authenticate"), {"code": current_code(secret, step=1)})
    for path in officer_pages():
        assert again.get(path).status_code == 200, path


@require_mfa
@override_settings(MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN=True)  # the test client speaks http
def test_a_passkey_set_up_here_or_logged_in_with_counts_as_two_factor(world):
    user = world.users["officer_x"]
    password_only = Client()
    log_in(password_only, user)

    client = Client()
    log_in(client, user)
    confirm_password(client)
    passkey = SoftPasskey()
    page = client.get(reverse("mfa_add_webauthn"))
    credential = passkey.register(page.context["js_data"]["creation_options"])
    response = client.post(
        reverse("mfa_add_webauthn"),
        {"name": "Telefon", "passwordless": "on", "credential": credential},
    )
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    for path in officer_pages():
        assert client.get(path).status_code == 200, path
    response = password_only.get(reverse("portal:workspace"))
    assert response["Location"].startswith(reverse("account_login"))

    # Logging in with the passkey alone (no email, no password) is two-factor too.
    passkey_login = Client()
    options = passkey_login.get(
        reverse("mfa_login_webauthn"), headers={"X-Requested-With": "XMLHttpRequest"}
    ).json()["request_options"]
    response = passkey_login.post(
        reverse("mfa_login_webauthn"), {"credential": passkey.sign_in(options)}
    )
    assert response.status_code == 302
    assert logged_in_user_id(passkey_login) == str(user.pk)
    for path in officer_pages():
        assert passkey_login.get(path).status_code == 200, path
