"""Brute force: login, sign-up and password reset are rate limited (allauth), with the
counters in PostgreSQL so that they hold when Redis is down (portal.login_limits;
tests/security/test_faults_redis.py kills and freezes Redis)."""

import hashlib
import importlib

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from portal import login_limits
from portal.models import LoginLimitEntry
from portal.tasks import login_limits_purge
from tests.factories import PASSWORD, UserFactory


def attempt(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def rate_limit_keys():
    """The counters allauth keeps, read straight from their table."""
    entries = LoginLimitEntry.objects.filter(key__startswith="allauth:rl:")
    return list(entries.values_list("key", flat=True))


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


@pytest.mark.parametrize("module", login_limits.ALLAUTH_MODULES)
def test_allauth_keeps_its_limits_and_used_codes_in_the_database(module):
    """An allauth upgrade that moves these elsewhere fails here (and in the fault tests)."""
    assert importlib.import_module(module).cache is login_limits.store


@pytest.mark.django_db
def test_an_entry_is_added_once_until_it_runs_out():
    store = login_limits.store
    assert store.add("lock", True, timeout=10) is True
    assert store.add("lock", True, timeout=10) is False  # taken: allauth's lock waits
    assert store.get("lock") is True
    assert store.delete("lock") is True
    assert store.add("lock", True, timeout=10) is True

    store.set("history", [3.5, 1.25], 60)
    assert store.get("history", []) == [3.5, 1.25]
    store.set("used-code", "y", 0)  # ran out at once: gone for get, free for add
    assert store.get("used-code", "none") == "none"
    assert store.add("used-code", "y", timeout=30) is True
    assert store.add("used-code", "y", timeout=30) is False

    store.set("old", [1.0], -1)
    assert login_limits_purge() == 1  # hourly from beat
    assert PeriodicTask.objects.get(task="portal.tasks.login_limits_purge").interval.every == 1
    assert set(LoginLimitEntry.objects.values_list("key", flat=True)) == {
        "lock",
        "history",
        "used-code",
    }
