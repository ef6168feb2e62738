"""Following and alerts end to end (#24): a person logs in and follows the focus area
Trygghet in Nacka, at once; the municipality's administrator opens a call for applications
tagged Trygghet in the admin; the worker's task (run here in-process: no worker runs in the
tests) queues exactly one alert for the person, with the List-Unsubscribe header. The person
opens the link in the email, confirms, and a second new call reaches them no more. The
follow page, the one-click pages and a broken link's page pass axe (WCAG 2.1 AA)."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from grants.models import Call, GrantProgramme
from outreach.models import AlertSetting
from outreach.services.alerts import ALERT_KIND
from outreach.tasks import alerts_send
from portal.models import Notification, Role
from portal.notifications import deliver_pending
from portal.services import role_assign
from tests.browser.conftest import admin_session, portal_session
from tests.factories import (
    CommitteeFactory,
    FocusAreaFactory,
    GrantProgrammeFactory,
    MunicipalityFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser
PASSWORD = "Trygg-och-saker-2026"
PERSON = "foljare@example.se"
ADMIN = "admin.nacka@example.se"


@pytest.fixture
def nacka(transactional_db):
    nacka = MunicipalityFactory(name="Nacka kommun", slug="nacka", municipality_code="0182")
    trygghet = FocusAreaFactory(municipality=nacka, name="Trygghet", slug="trygghet")
    FocusAreaFactory(municipality=nacka, name="Idrott", slug="idrott")
    programme = GrantProgrammeFactory(
        committee=CommitteeFactory(municipality=nacka, name="Kultur- och fritidsnämnden"),
        name="Trygghetsbidrag",
        summary="Stöd till trygghetsskapande insatser.",
    )
    programme.focus_areas.set([trygghet])
    UserFactory(email=PERSON, full_name="Frida Följare", password=PASSWORD)
    admin = UserFactory(email=ADMIN, full_name="Adam Admin", password=PASSWORD)
    role_assign(user=admin, municipality=nacka, role=Role.MUNICIPAL_ADMIN)
    return nacka


def open_call(admin, programme_name, title):
    """The administrator adds a call that opens now, in the admin."""
    admin.goto("/admin/grants/call/add/")
    programme = GrantProgramme.objects.get(name=programme_name)
    admin.locator("#id_programme").select_option(value=str(programme.pk))
    admin.locator("#id_title").fill(title)
    now = timezone.localtime()
    closes = now + timedelta(days=30)
    admin.locator("#id_opens_at_0").fill(now.strftime("%Y-%m-%d"))
    admin.locator("#id_opens_at_1").fill(now.strftime("%H:%M:%S"))
    admin.locator("#id_closes_at_0").fill(closes.strftime("%Y-%m-%d"))
    admin.locator("#id_closes_at_1").fill("12:00:00")
    admin.locator("#id_budget").fill("100000")
    admin.locator("input[name=_save]").click()
    admin.wait_for_url("**/admin/grants/call/")
    call = Call.objects.get(title=title)
    # the worker picks up the task the listener asked for on commit
    alerts_send.apply(args=[f"call:{call.pk}", call.programme.committee.municipality_id])
    return call


def test_a_follower_of_trygghet_gets_one_alert_and_none_after_unsubscribing(
    browser, live_server, nacka, accessible
):
    # --- The person follows Trygghet, at once ---------------------------------------------
    person = portal_session(browser, live_server, PERSON, PASSWORD)
    person.goto("/bevakning/")
    accessible(person)
    person.get_by_role("link", name="Nacka kommun").click()
    expect(person.get_by_role("heading", level=1)).to_have_text("Det jag följer i Nacka kommun")
    person.get_by_label("Trygghet").check()
    person.get_by_label("Direkt, ett mejl per nyhet").check()
    accessible(person)
    person.get_by_role("button", name="Spara").click()
    expect(person.locator(".alert-success")).to_be_visible()
    expect(person.get_by_label("Trygghet")).to_be_checked()
    accessible(person)
    setting = AlertSetting.objects.get(user__email=PERSON)
    assert setting.frequency == "at_once"

    # an empty choice of news is an error, and what was ticked stays ticked
    for kind in person.locator("input[name=kinds]").all():
        kind.uncheck()
    person.get_by_role("button", name="Spara").click()
    expect(person.locator("#form-errors")).to_be_visible()
    expect(person.get_by_label("Trygghet")).to_be_checked()
    accessible(person)

    # --- The administrator opens a call tagged Trygghet -----------------------------------
    admin = admin_session(browser, live_server, ADMIN, PASSWORD)
    first = open_call(admin, "Trygghetsbidrag", "Trygga somrar 2027")
    alerts = Notification.objects.filter(kind=ALERT_KIND, recipient=PERSON)
    [alert] = alerts
    assert alert.key == f"alert:call:{first.pk}"
    assert "Trygga somrar 2027" in alert.subject
    assert alert.unsubscribe_url
    deliver_pending()
    [message] = [m for m in mail.outbox if m.to == [PERSON]]
    assert message.extra_headers["List-Unsubscribe"] == f"<{alert.unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # --- The person opens the link in the email and confirms ------------------------------
    reader = browser.new_context(locale="sv-SE", base_url=live_server.url).new_page()
    reader.goto(urlparse(alert.unsubscribe_url).path)  # no login needed
    expect(reader.get_by_role("heading", level=1)).to_have_text("Stoppa aviseringarna")
    accessible(reader)
    reader.get_by_role("button", name="Stoppa aviseringarna").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Aviseringarna är stoppade")
    accessible(reader)
    setting.refresh_from_db()
    assert setting.frequency == "paused"

    # --- A second call reaches them no more ------------------------------------------------
    open_call(admin, "Trygghetsbidrag", "Trygga vintrar 2027")
    assert list(alerts.all()) == [alert]

    # a broken link is a page that says so
    reader.goto(urlparse(alert.unsubscribe_url).path.replace(":", "x", 1))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    accessible(reader)
    reader.context.close()
    admin.context.close()
    person.context.close()
