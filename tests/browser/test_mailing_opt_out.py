"""The one-click opt-out from mailings in a real browser with axe (WCAG 2.1 AA): the page a
mailing's link opens, stopping the mailings with its button, taking it back, and the page of
a damaged link; and the coordinator's admin pages of a segment and a mailing (its preview
and, once sent, its delivery)."""

import pytest
from django.urls import reverse

from outreach.mailing_tasks import mailing_send
from outreach.models import MailingOptOut
from outreach.services import mailings as services
from tests.browser.conftest import admin_session, assert_accessible
from tests.factories import PASSWORD
from tests.outreach import test_segments
from tests.outreach.test_mailings import draft

pytestmark = pytest.mark.browser
mw = test_segments.mw  # the mailings' world (a fixture)


@pytest.fixture
def db(transactional_db):  # the live server reads what the test wrote
    return transactional_db


def test_stopping_and_resuming_the_mailings_accessibly(page, mw, accessible):
    token = services.opt_out_token(mw.x.pk, "anna@example.se")
    page.goto(reverse("outreach:mailing_opt_out", kwargs={"token": token}))
    assert "Utskick från Nacka kommun" in page.content()
    accessible(page)
    page.get_by_role("button", name="Sluta få utskicken").click()
    page.wait_for_load_state()
    assert "anna@example.se får inga fler utskick från Nacka kommun" in page.content()
    assert MailingOptOut.objects.filter(email="anna@example.se").exists()
    accessible(page)
    page.get_by_role("button", name="Få utskicken igen").click()
    page.wait_for_url("**?resumed=1")
    assert "når anna@example.se igen" in page.content()
    assert not MailingOptOut.objects.exists()
    accessible(page)
    page.goto(reverse("outreach:mailing_opt_out", kwargs={"token": "skadad-lank"}))
    assert "Länken fungerar inte" in page.content()
    accessible(page)


def test_the_coordinators_segment_and_mailing_pages_accessibly(browser, live_server, mw,
                                                               monkeypatch):  # fmt: skip
    monkeypatch.setattr(services, "queue_delivery", lambda pk: None)
    mailing = draft(mw)
    admin = admin_session(browser, live_server, mw.coordinator.email, PASSWORD)
    for url in (
        reverse("admin:outreach_segment_change", args=[mailing.segment.pk]),
        reverse("admin:outreach_mailing_change", args=[mailing.pk]),
        reverse("admin:outreach_mailing_preview", args=[mailing.pk]),
        reverse("admin:outreach_mailing_send", args=[mailing.pk]),
    ):
        admin.goto(url)
        assert admin.locator("#content").count() == 1
        assert_accessible(admin)
    services.mailing_send(mailing=mailing, by=mw.coordinator)
    mailing_send.apply(args=[mailing.pk])
    admin.goto(reverse("admin:outreach_mailing_change", args=[mailing.pk]))
    assert "Leverans" in admin.content()
    assert_accessible(admin)
