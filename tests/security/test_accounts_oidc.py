"""Log in with e-legitimation: the real allauth OpenID Connect flow against a fake broker.

The broker is a small HTTP server on 127.0.0.1 speaking just enough OpenID Connect
(discovery, token with PKCE and client secret, userinfo, JWKS) that allauth's own HTTP
calls go over the wire exactly as they would to a municipality's BankID/Freja broker.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from portal.models import User
from portal.oidc.config import oidc_apps
from tests.factories import UserFactory

PROVIDER_ID = "test-eid"
CLIENT_ID = "samverkan-test"
CLIENT_SECRET = "broker-secret-" + "x" * 20
CALLBACK = f"http://testserver/konto/oidc/{PROVIDER_ID}/login/callback/"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakeBroker:
    """An OpenID Connect provider with one signing key; people "log in" via issue_code()."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.calls: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def issue_code(self, authorize_query: dict, claims: dict) -> str:
        """The person proved who they are at the broker, which sends them back with a code."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "claims": claims,
            "challenge": authorize_query["code_challenge"][0],
            "redirect_uri": authorize_query["redirect_uri"][0],
        }
        return code

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def jwks(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA",
                    "kid": "broker-1",
                    "use": "sig",
                    "alg": "RS256",
                    "n": b64url(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                    "e": b64url(numbers.e.to_bytes(3, "big")),
                }
            ]
        }

    def token(self, form: dict) -> tuple[int, dict]:
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        verifier = form.get("code_verifier", "")
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
            or b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]
        ):
            return 400, {"error": "invalid_grant"}
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = grant["claims"]
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": self.issuer,
                "aud": CLIENT_ID,
                "sub": grant["claims"]["sub"],
                "iat": now,
                "exp": now + 300,
            },
            self.key,
            algorithm="RS256",
            headers={"kid": "broker-1"},
        )
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def _handler(self):
        broker = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                broker.calls.append(f"GET {self.path}")
                if self.path == "/.well-known/openid-configuration":
                    return self._send(200, broker.discovery())
                if self.path == "/jwks":
                    return self._send(200, broker.jwks())
                if self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token in broker.tokens:
                        return self._send(200, broker.tokens[token])
                    return self._send(401, {"error": "invalid_token"})
                return self._send(404, {"error": "not_found"})

            def do_POST(self):
                broker.calls.append(f"POST {self.path}")
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path == "/token":
                    return self._send(*broker.token(form))
                return self._send(404, {"error": "not_found"})

        return Handler


@pytest.fixture(scope="module")
def broker():
    fake = FakeBroker()
    yield fake
    fake.stop()


@pytest.fixture
def configured(broker):
    """OIDC_PROVIDERS as a municipality would set it (plain http only for this test)."""
    raw = json.dumps(
        [
            {
                "id": PROVIDER_ID,
                "name": "BankID (test)",
                "server_url": broker.issuer,
                "client_id": CLIENT_ID,
                "secret": CLIENT_SECRET,
                "allow_http": True,
            }
        ]
    )
    with override_settings(SOCIALACCOUNT_PROVIDERS={"openid_connect": {"APPS": oidc_apps(raw)}}):
        yield


def start_login(client, broker) -> dict:
    """Press "Log in with e-legitimation": the portal sends the browser to the broker."""
    login_url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    response = client.post(login_url)
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{broker.issuer}/authorize"
    query = parse_qs(location.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [CALLBACK]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert "openid" in query["scope"][0].split()
    assert query["state"][0]
    return query


def finish_login(client, broker, query, claims, state=None):
    code = broker.issue_code(query, claims)
    return client.get(urlparse(CALLBACK).path, {"code": code, "state": state or query["state"][0]})


def claims(email, verified=True, sub="user-123", **extra):
    return {"sub": sub, "email": email, "email_verified": verified, "name": "Lisa Ek", **extra}


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_login_page_has_the_eid_button_only_when_configured(client, broker):
    assert "e-legitimation" not in client.get(reverse("account_login")).content.decode().lower()
    with override_settings(
        SOCIALACCOUNT_PROVIDERS={
            "openid_connect": {
                "APPS": oidc_apps(
                    json.dumps(
                        [
                            {
                                "id": PROVIDER_ID,
                                "name": "BankID",
                                "server_url": broker.issuer,
                                "client_id": CLIENT_ID,
                                "secret": CLIENT_SECRET,
                                "allow_http": True,
                            }
                        ]
                    )
                )
            }
        }
    ):
        html = client.get(reverse("account_login")).content.decode()
    login_url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    assert f'<form method="post" action="{login_url}?process=login"' in html
    assert "Log in with e-legitimation" in html or "Logga in med e-legitimation" in html


@pytest.mark.django_db
def test_a_bare_get_does_not_leave_for_the_broker(client, broker, configured):
    """Starting a login needs a POST with the CSRF token (no login CSRF by a link)."""
    url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    response = client.get(url)
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()


@pytest.mark.django_db
def test_existing_verified_account_is_linked_and_logged_in(client, broker, configured):
    user = UserFactory(email="lisa.ek@example.se")
    query = start_login(client, broker)
    response = finish_login(
        client,
        broker,
        query,
        claims("Lisa.Ek@example.se", personal_identity_number="199001011234"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_page")
    assert logged_in_user_id(client) == str(user.pk)
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (PROVIDER_ID, "user-123")
    # Data minimisation: the personal identity number from the broker is not kept.
    assert "199001011234" not in json.dumps(account.extra_data)
    assert account.extra_data["userinfo"]["email"] == "Lisa.Ek@example.se"
    assert "POST /token" in broker.calls
    assert "GET /userinfo" in broker.calls

    # Next time the account is found by the broker's subject, whatever the email says.
    client.logout()
    query = start_login(client, broker)
    finish_login(client, broker, query, claims("annan@example.se"))
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_new_person_with_verified_email_gets_an_account(client, broker, configured):
    query = start_login(client, broker)
    response = finish_login(client, broker, query, claims("ny.person@example.se", "true"))
    assert response["Location"] == reverse("portal:my_page")
    user = User.objects.get(email="ny.person@example.se")
    assert logged_in_user_id(client) == str(user.pk)
    assert user.full_name == "Lisa Ek"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).exists()


@pytest.mark.django_db
def test_unverified_email_does_not_open_an_existing_account(client, broker, configured):
    user = UserFactory(email="lisa.ek@example.se")
    query = start_login(client, broker)
    finish_login(client, broker, query, claims("lisa.ek@example.se", verified="false"))
    assert logged_in_user_id(client) != str(user.pk)
    assert not SocialAccount.objects.filter(user=user).exists()
    assert user.check_password("correct-horse-battery")  # and its password is untouched


@pytest.mark.django_db
def test_new_person_with_unverified_email_must_confirm_it(client, broker, configured, mailoutbox):
    query = start_login(client, broker)
    response = finish_login(client, broker, query, claims("obekraftad@example.se", False))
    user = User.objects.get(email="obekraftad@example.se")
    assert not EmailAddress.objects.get(user=user).verified
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert logged_in_user_id(client) is None
    assert mailoutbox[-1].to == ["obekraftad@example.se"]


@pytest.mark.django_db
def test_a_forged_state_is_refused(client, broker, configured):
    UserFactory(email="lisa.ek@example.se")
    query = start_login(client, broker)
    response = finish_login(client, broker, query, claims("lisa.ek@example.se"), state="forged")
    assert logged_in_user_id(client) is None
    assert response.status_code == 401  # allauth's "login failed" page
    assert not SocialAccount.objects.exists()


def test_configuration_errors_are_reported_at_startup():
    assert oidc_apps("") == []
    with pytest.raises(ImproperlyConfigured, match="lacks secret"):
        oidc_apps('[{"id": "x", "name": "X", "server_url": "https://a.se", "client_id": "c"}]')
    with pytest.raises(ImproperlyConfigured, match="https"):
        oidc_apps(
            '[{"id": "x", "name": "X", "server_url": "http://a.se", "client_id": "c", '
            '"secret": "s"}]'
        )
    with pytest.raises(ImproperlyConfigured, match="JSON"):
        oidc_apps("[{")
    [app] = oidc_apps(
        '[{"id": "nacka-eid", "name": "BankID", "server_url": "https://broker.se/realm", '
        '"client_id": "c", "secret": "s"}]'
    )
    assert app["provider_id"] == "nacka-eid"
    assert app["settings"]["oauth_pkce_enabled"] is True
    assert app["settings"]["server_url"] == "https://broker.se/realm"


@pytest.mark.django_db
def test_eid_login_still_asks_for_the_second_factor(client, broker, configured):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(email="handlaggare@example.se")
    TOTP.activate(user, generate_totp_secret())
    query = start_login(client, broker)
    response = finish_login(client, broker, query, claims("handlaggare@example.se"))
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None
