"""Signing up, through the real views: the confirmation email names the portal and the
municipality in the language the person signed up in, says "e-postadress", and opening its
link in the same browser logs the person in; in another browser the login page says why
the person is not logged in yet and what to do."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.models import User
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "ett-langt-losenord-42"


@pytest.fixture
def nacka(settings):
    settings.PORTAL_BASE_URL = "https://samverkan.example"
    return MunicipalityFactory(name="Nacka kommun", slug="nacka", municipality_code="0182")


def _sign_up(client, email, language="sv"):
    with translation.override(language):
        url = reverse("account_signup")
    response = client.post(url, {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    [message] = mail.outbox
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    return message, link


def _logged_in_as(client) -> User | None:
    user = client.get(reverse("portal:my_page")).wsgi_request.user
    return user if user.is_authenticated else None


def test_the_confirmation_email_names_portal_and_municipality(client, nacka):
    message, _link = _sign_up(client, "ny@example.se")
    assert message.subject == "[Samverkan – Nacka kommun] Bekräfta din e-postadress"
    assert message.body.startswith("Hej,\n")
    assert "Samverkan" in message.body.split("\n\n")[1]
    assert message.body.rstrip().endswith(
        "-- \nMed vänlig hälsning\nSamverkan – Nacka kommun\nhttps://samverkan.example/"
    )
    assert "skapa ett konto i Samverkan, där kommunen och civilsamhället samverkar" in message.body
    assert (
        "Öppnar du länken i den webbläsare där du skapade kontot blir du inloggad" in message.body
    )
    for wrong in ("127.0.0.1", "Hej från", "epost", "testserver!"):
        assert wrong not in message.subject + message.body


def test_an_address_added_to_an_account_is_confirmed_by_the_same_kind_of_email(client, nacka):
    person = UserFactory(email="medlem@example.se")
    client.force_login(person)
    response = client.post(reverse("account_email"), {"email": "ny@example.se", "action_add": ""})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ny@example.se"]
    assert message.subject == "[Samverkan – Nacka kommun] Bekräfta din e-postadress"
    assert "har lagt till den här e-postadressen till ett konto i Samverkan." in message.body
    assert "skapade kontot" not in message.body  # no sign-up here


def test_signed_up_in_english_the_email_is_in_english(client, nacka):
    message, _link = _sign_up(client, "new@example.se", language="en")
    assert message.subject == "[Samverkan – Nacka kommun] Please Confirm Your Email Address"
    assert message.body.startswith("Hello,\n")
    assert "Kind regards\nSamverkan – Nacka kommun" in message.body
    assert User.objects.get(email="new@example.se").preferred_language == "en"


def test_confirming_in_the_same_browser_logs_the_person_in(client, nacka):
    _message, link = _sign_up(client, "ny@example.se")
    assert _logged_in_as(client) is None  # not before the address is confirmed
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "e-postadress" in html
    assert "epost" not in html.lower()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("portal:my_page")
    user = _logged_in_as(client)
    assert user is not None
    assert user.email == "ny@example.se"
    assert user.emailaddress_set.get().verified


def test_confirming_in_another_browser_says_why_not_logged_in(client, nacka):
    _message, link = _sign_up(client, "ny@example.se")
    other = Client()  # e.g. the link opened on the phone
    confirmed = other.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("account_login")
    login_page = other.get(confirmed["Location"])
    html = login_page.content.decode()
    assert "Du har bekräftat ny@example.se." in html
    assert (
        "Du är inte inloggad ännu: det sker av sig självt bara när länken öppnas i den "
        "webbläsare där du skapade kontot. Logga in med ny@example.se och ditt lösenord."
    ) in html
    assert _logged_in_as(other) is None
    logged_in = other.post(
        reverse("account_login"), {"login": "ny@example.se", "password": PASSWORD}
    )
    assert logged_in["Location"] == reverse("portal:my_page")
    assert _logged_in_as(other).email == "ny@example.se"
