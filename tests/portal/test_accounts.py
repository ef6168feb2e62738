"""Sign-up with email as login and a verified address (django-allauth)."""

import re

import pytest
from django.core import mail

from portal.models import User


@pytest.mark.django_db
def test_signup_sends_verification_and_confirming_allows_login(client):
    response = client.post(
        "/konto/signup/",
        {
            "email": "Ny.Medlem@Example.se",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="ny.medlem@example.se")
    assert not user.emailaddress_set.get().verified
    [message] = mail.outbox
    assert message.to == ["ny.medlem@example.se"]  # addresses are stored in lower case
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)

    client.logout()
    blocked = client.post(
        "/konto/login/", {"login": "ny.medlem@example.se", "password": "ett-langt-losenord-42"}
    )
    assert blocked.status_code == 302
    assert "confirm-email" in blocked["Location"]  # sent to "verify your address" first

    assert client.post(link).status_code == 302
    assert user.emailaddress_set.get().verified
    response = client.post(
        "/konto/login/", {"login": "ny.medlem@example.se", "password": "ett-langt-losenord-42"}
    )
    assert response["Location"] == "/mina-sidor/"


@pytest.mark.django_db
def test_signup_rejects_weak_password_with_message_in_form(client):
    response = client.post(
        "/konto/signup/", {"email": "a@example.se", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="a@example.se").exists()
