"""Brute force: login, sign-up and password reset are rate limited in Redis (allauth)."""

import hashlib

import pytest
import redis
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def attempt(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def rate_limit_keys():
    """The counters allauth keeps, read straight from Redis (not through Django's cache)."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    connection = redis.Redis.from_url(settings.REDIS_URL)
    return [key.decode() for key in connection.keys(f"{prefix}:*allauth:rl:*")]


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_for_a_while(client):
    user = UserFactory(email="lasse@example.se")
    for _ in range(5):
        failed = attempt(client, user.email, "fel-losenord-123")
        assert failed.status_code == 200
        assert failed.context["form"].errors
    assert client.session.get("_auth_user_id") is None

    # The right password no longer helps: the limit holds, with a clear message.
    locked = attempt(client, user.email, PASSWORD)
    assert locked.status_code == 200
    assert client.session.get("_auth_user_id") is None
    assert "Too many failed login attempts" in str(locked.context["form"].non_field_errors()) or (
        "För många misslyckade inloggningsförsök" in str(locked.context["form"].non_field_errors())
    )
    key_hash = hashlib.sha256(f"testserver:{user.email}".encode()).hexdigest()  # site:email
    assert any("login_failed" in key and key_hash in key for key in rate_limit_keys())

    # Another account from the same address can still log in (the key is the email).
    other = UserFactory(email="maja@example.se")
    assert attempt(client, other.email, PASSWORD)["Location"] == reverse("portal:my_page")


@pytest.mark.django_db
def test_ten_failures_from_one_address_stop_guessing_across_accounts(client):
    emails = [f"gissning{n}@example.se" for n in range(10)]
    for user_email in emails:
        UserFactory(email=user_email)
        assert attempt(client, user_email, "fel-losenord-123").status_code == 200
    victim = UserFactory(email="offer@example.se")
    locked = attempt(client, victim.email, PASSWORD)
    assert client.session.get("_auth_user_id") is None
    assert locked.context["form"].non_field_errors()


@pytest.mark.django_db
def test_signups_from_one_address_get_429_after_ten_a_minute(client):
    for n in range(10):
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"ny{n}@example.se",
                "password1": "ett-langt-losenord-42",
                "password2": "ett-langt-losenord-42",
            },
        )
        assert response.status_code == 302, n
        client.logout()
    blocked = client.post(
        reverse("account_signup"),
        {
            "email": "ny10@example.se",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
        },
    )
    assert blocked.status_code == 429
    assert (
        "Too many attempts" in blocked.content.decode()
        or "För många försök" in blocked.content.decode()
    )
    assert any(":signup:" in key for key in rate_limit_keys())


@pytest.mark.django_db
def test_password_reset_requests_for_one_address_are_limited(client, mailoutbox):
    user = UserFactory(email="glomsk@example.se")
    for _ in range(3):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
        assert response.status_code == 302
    assert len(mailoutbox) == 3
    blocked = client.post(reverse("account_reset_password"), {"email": user.email})
    assert blocked.status_code == 429
    assert len(mailoutbox) == 3  # no fourth email to flood the person with
