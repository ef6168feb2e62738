"""Sessions end after eight hours, and when the browser closes."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory


def log_in(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("portal:my_page")
    return user, response


@pytest.mark.django_db
def test_session_cookie_lasts_until_the_browser_closes(client):
    _, response = log_in(client)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""  # no persistent cookie
    assert cookie["expires"] == ""
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(hours=7, minutes=59) < remaining <= timedelta(hours=8)


@pytest.mark.django_db
def test_expired_session_is_logged_out(client):
    log_in(client)
    assert client.get(reverse("portal:my_page")).status_code == 200

    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("portal:my_page"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
