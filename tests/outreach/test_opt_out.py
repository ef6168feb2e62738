"""The one-click opt-out from a municipality's mailings: the signed link opens a page (a GET
changes nothing), its button or a mail program's RFC 8058 POST (no CSRF token, no login)
stops the mailings once however often it is posted, audited without the address; the page
lets the person take it back; a forged, damaged or too old link gets a clear page, never an
error; an address that opted out gets no further mailing."""

import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from outreach.models import MailingOptOut
from outreach.services import mailings as services
from portal.models import AuditEvent, Notification
from tests.outreach import test_segments
from tests.outreach.test_mailings import draft, sent

pytestmark = pytest.mark.django_db
mw = test_segments.mw  # the mailings' world (a fixture)


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr(services, "queue_delivery", lambda pk: None)


def url(mw, email="anna@example.se", name="outreach:mailing_opt_out"):
    return reverse(name, kwargs={"token": services.opt_out_token(mw.x.pk, email)})


def test_the_page_says_what_stopping_means_and_a_get_changes_nothing(client, mw):
    response = client.get(url(mw))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nacka kommun" in page
    assert "anna@example.se" in page
    assert 'name="List-Unsubscribe" value="One-Click"' in page
    assert not MailingOptOut.objects.exists()


def test_one_click_post_without_csrf_or_login_stops_the_mailings_once(mw):
    mail_program = Client(enforce_csrf_checks=True)
    for _ in range(2):
        response = mail_program.post(url(mw, "Anna@Example.se"),
                                     {"List-Unsubscribe": "One-Click"})  # fmt: skip
        assert response.status_code == 200
    assert list(MailingOptOut.objects.values_list("municipality", "email")) == [
        (mw.x.pk, "anna@example.se")
    ]
    events = AuditEvent.objects.filter(action="mailing.opted_out")
    assert events.count() == 1
    event = events.get()
    assert event.actor is None
    assert event.municipality == mw.x
    assert "anna" not in f"{event.target_repr} {event.before} {event.after}".lower()
    # and the next mailing does not reach the address
    mailing = sent(mw, draft(mw))
    recipients = set(Notification.objects.filter(key=f"mailing:{mailing.pk}")
                     .values_list("recipient", flat=True))  # fmt: skip
    assert "anna@example.se" not in recipients
    assert "bo@example.se" in recipients


def test_the_person_takes_it_back_on_the_same_page(client, mw):
    client.post(url(mw))
    page = client.get(url(mw)).content.decode()
    # the page's own link back (its token is signed when the page is drawn, a second may pass)
    marker = "TOKEN"
    before, _m, after = reverse("outreach:mailing_opt_in", kwargs={"token": marker}).partition(
        marker
    )
    found = re.search(re.escape(before) + r"([^/\"]+)" + re.escape(after), page)
    assert found, "the page has no link to take the opt-out back"
    assert signing.loads(found.group(1), salt=services.TOKEN_SALT) == [mw.x.pk, "anna@example.se"]
    response = client.post(url(mw, name="outreach:mailing_opt_in"))
    assert response.status_code == 302
    assert response["Location"].endswith("?resumed=1")
    assert not MailingOptOut.objects.exists()
    assert AuditEvent.objects.filter(action="mailing.opted_in").count() == 1
    assert client.get(response["Location"]).status_code == 200
    assert client.get(url(mw, name="outreach:mailing_opt_in")).status_code == 405


def test_the_resume_button_needs_the_pages_csrf_token(mw):
    services.mailing_opt_out(municipality=mw.x, email="anna@example.se")
    forged = Client(enforce_csrf_checks=True)
    assert forged.post(url(mw, name="outreach:mailing_opt_in")).status_code == 403
    assert MailingOptOut.objects.count() == 1


@pytest.mark.parametrize("token", [
    "forged", "W1swLCJhQGIuc2UiXQ:1tZ:abc", "x" * 300, "%00", "..",
])  # fmt: skip
def test_a_forged_or_damaged_link_gets_a_clear_page(client, mw, token):
    for method in (client.get, client.post):
        response = method(reverse("outreach:mailing_opt_out", kwargs={"token": token}))
        assert response.status_code == 400
        assert "outreach/mailings/invalid_link.html" in [t.name for t in response.templates]
    assert (
        client.post(reverse("outreach:mailing_opt_in", kwargs={"token": token})).status_code == 400
    )
    assert not MailingOptOut.objects.exists()


def test_a_link_signed_for_another_purpose_or_too_old_is_refused(client, mw, monkeypatch):
    from django.core import signing

    other = signing.dumps([mw.x.pk, "anna@example.se"], salt="something.else")
    assert client.get(reverse("outreach:mailing_opt_out",
                              kwargs={"token": other})).status_code == 400  # fmt: skip
    monkeypatch.setattr(services, "TOKEN_MAX_AGE", -1)
    assert client.post(url(mw)).status_code == 400
    assert not MailingOptOut.objects.exists()


def test_a_link_of_a_municipality_gone_is_refused(client, mw):
    token = services.opt_out_token(10**9, "anna@example.se")
    response = client.get(reverse("outreach:mailing_opt_out", kwargs={"token": token}))
    assert response.status_code == 400


def test_the_pages_are_in_english_at_en(client, mw):
    from django.utils import translation

    with translation.override("en"):
        address = url(mw)
    assert address.startswith("/en/")
    page = client.get(address).content.decode()
    assert "You will get no more mailings from Nacka kommun" in page
