"""Password reset by email, and strong passwords everywhere a password is chosen."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import User
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "ett-nytt-langt-losenord-77"


def reset_link(mailoutbox):
    [message] = mailoutbox
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_password_reset_email_link_sets_a_new_password(client, mailoutbox):
    user = UserFactory(email="glomsk@example.se")
    response = client.post(reverse("account_reset_password"), {"email": "Glomsk@Example.se"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert mailoutbox[0].to == ["glomsk@example.se"]

    form_page = client.get(reset_link(mailoutbox), follow=True)
    assert form_page.status_code == 200
    assert "password1" in form_page.context["form"].fields
    set_url = (
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_link(mailoutbox)
    )

    weak = client.post(set_url, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200
    assert weak.context["form"].errors["password1"]

    done = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)

    # The link works once only, also in another browser.
    again = Client().get(reset_link(mailoutbox), follow=True)
    assert again.context["token_fail"] is True


@pytest.mark.django_db
def test_reset_for_unknown_address_reveals_nothing_and_gives_no_link(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "ingen@example.se"})
    assert response["Location"] == reverse("account_reset_password_done")  # as for a known one
    # allauth may tell the address that it has no account, but never sends a reset link.
    assert all("/password/reset/key/" not in message.body for message in mailoutbox)


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["kort", "1234567890123", "password123", "lasse@example.se1"])
def test_signup_refuses_weak_passwords_with_a_form_error(client, password):
    response = client.post(
        reverse("account_signup"),
        {"email": "lasse@example.se", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="lasse@example.se").exists()
