"""Mobilisation and volunteering end to end (#23), on the demo data: Nacka's coordinator
sends an acute call-out from the admin; two organisations and a volunteer pledge from the
call-out's page; the coordinator sees the coverage against the need, accepts the pledges
and sends the practical information, which reaches those accepted through the outbox. A
new volunteer signs up and lands on the waiting list of Boskola's full shift; the host logs
a volunteer's hours, and the volunteer's certificate (intyg) opens as a PDF naming them.
Every page passes axe (WCAG 2.1 AA), the admin pages included.

Admin elements are located by ids and names rather than by visible text.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from organisations.models import Organisation
from portal.models import Municipality, Notification
from tests.browser.conftest import admin_session, portal_session
from tests.browser.test_network_flow import portal_url
from tests.grants.pdf_tags import TaggedPdf
from volunteering import certificate
from volunteering.delivery import KIND as CALLOUT_KIND
from volunteering.models import CallOut, Pledge, Post, Shift, ShiftSignup, Volunteer
from volunteering.services.callouts import PRACTICAL_KIND
from volunteering.tasks import callout_send

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare.nacka@example.se"
SPORTS_CLUB_PERSON = "forening@example.se"  # Fisksätra IF
NIGHT_WALKERS_PERSON = "nattvandring@example.se"  # Föräldranärvaro Sicklaön
VOLUNTEER = "volontar.nacka@example.se"  # Vera
TITLE = "Värmestuga efter branden i Fisksätra"
PRACTICAL = "Kom till Fisksätra bibliotek kl. 18. Fråga efter Sam vid entrén."
SAVE_CONTINUE = "input[name=_continue]"


def pledge(page, callout, giver_label, people, hours):
    page.goto(portal_url("volunteering:callout", callout.pk))
    page.get_by_label(giver_label).check()
    page.get_by_label("Hur många personer").fill(str(people))
    page.get_by_label("Timmar totalt").fill(str(hours))
    page.get_by_role("button", name="Skicka erbjudandet").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_acute_call_out_pledges_coverage_shift_waiting_list_hours_and_certificate(
    browser, live_server, demo, accessible
):
    nacka = Municipality.objects.get(slug="nacka")
    sports_club = Organisation.objects.get(municipality=nacka, name="Fisksätra IF")
    night_walkers = Organisation.objects.get(municipality=nacka, name="Föräldranärvaro Sicklaön")
    vera = Volunteer.objects.get(user__email=VOLUNTEER, municipality=nacka)

    # --- The coordinator writes and sends an acute call-out -----------------------------
    admin = admin_session(browser, live_server, COORDINATOR, DEMO_PASSWORD)
    admin.goto("/admin/volunteering/callout/add/")
    admin.locator("#id_municipality").select_option(label=nacka.name)
    admin.locator("#id_title").fill(TITLE)
    admin.locator("#id_description").fill("Familjer behöver en varm plats och mat i kväll.")
    admin.locator("#id_urgency").select_option("acute")
    admin.locator("#id_place").fill("Fisksätra")
    admin.locator("#id_people_needed").fill("10")
    admin.locator("#id_hours_needed").fill("40")
    admin.locator("#id_practical_information").fill(PRACTICAL)
    accessible(admin)
    admin.locator(SAVE_CONTINUE).click()
    admin.wait_for_url(re.compile(r"/admin/volunteering/callout/\d+/change/"))
    callout = CallOut.objects.get(title=TITLE)
    assert (callout.status, callout.urgency) == ("draft", "acute")
    accessible(admin)

    admin.goto(f"/admin/volunteering/callout/{callout.pk}/send/")
    accessible(admin)
    admin.locator("form [type=submit]").last.click()
    admin.wait_for_url(re.compile(rf"/admin/volunteering/callout/{callout.pk}/change/"))
    expect(admin.locator(".messagelist .success")).to_be_visible()
    callout.refresh_from_db()
    assert callout.status == "open"
    assert callout.sent_at is not None
    # a worker picks up the task that the send asked for on commit (no worker runs in the
    # tests) and queues one message per recipient in the outbox, acute ones first
    callout_send.apply(args=[callout.pk])
    callout.refresh_from_db()
    sent = Notification.objects.filter(kind=CALLOUT_KIND, key=f"callout:{callout.pk}")
    recipients = set(sent.values_list("recipient", flat=True))
    assert {SPORTS_CLUB_PERSON, NIGHT_WALKERS_PERSON, VOLUNTEER} <= recipients
    assert sent.count() == len(recipients) == callout.recipient_count
    assert set(sent.values_list("priority", flat=True)) == {
        max(sent.values_list("priority", flat=True))
    }
    assert min(sent.values_list("priority", flat=True)) > 0

    # --- Two organisations and a volunteer pledge -----------------------------------------
    for email, label, people, hours in [
        (SPORTS_CLUB_PERSON, sports_club.name, 4, 16),
        (NIGHT_WALKERS_PERSON, night_walkers.name, 3, 12),
        (VOLUNTEER, "Mig själv, som frivillig", 1, 4),
    ]:
        person = portal_session(browser, live_server, email, DEMO_PASSWORD)
        person.goto(portal_url("volunteering:callouts_mine"))
        expect(person.get_by_role("link", name=TITLE)).to_be_visible()
        accessible(person)
        pledge(person, callout, label, people, hours)
        accessible(person)
        person.context.close()
    pledges = Pledge.objects.filter(callout=callout)
    assert pledges.count() == 3
    assert {p.status for p in pledges} == {"pledged"}

    # --- Coverage against the need, acceptance, practical information -----------------
    admin.goto(f"/admin/volunteering/callout/{callout.pk}/change/")
    coverage = admin.locator("section[aria-labelledby=coverage-heading]")
    expect(coverage).to_contain_text("8")  # people offered, of 10 needed
    expect(coverage).to_contain_text("10")
    expect(coverage).to_contain_text("32")  # hours offered, of 40
    accessible(admin)

    admin.goto(f"/admin/volunteering/pledge/?callout__id__exact={callout.pk}")
    admin.locator("#action-toggle").check()
    admin.locator("select[name=action]").select_option("accept_selected")
    admin.locator("button[name=index], input[name=index]").first.click()
    expect(admin.locator(".messagelist .success")).to_be_visible()
    accessible(admin)
    assert {p.status for p in pledges.all()} == {"accepted"}

    admin.goto(f"/admin/volunteering/callout/{callout.pk}/change/")
    expect(admin.locator("section[aria-labelledby=coverage-heading]")).to_contain_text("8")
    admin.goto(f"/admin/volunteering/callout/{callout.pk}/inform/")
    accessible(admin)
    admin.locator("form [type=submit]").last.click()
    expect(admin.locator(".messagelist .success")).to_be_visible()
    practical = Notification.objects.filter(kind=PRACTICAL_KIND)
    assert VOLUNTEER in set(practical.values_list("recipient", flat=True))
    assert all(PRACTICAL in body for body in practical.values_list("body", flat=True))
    assert not pledges.filter(informed_at__isnull=True).exists()

    # the volunteer reads the practical information on the call-out's page
    volunteer_page = portal_session(browser, live_server, VOLUNTEER, DEMO_PASSWORD)
    volunteer_page.goto(portal_url("volunteering:callout", callout.pk))
    expect(volunteer_page.get_by_text(PRACTICAL)).to_be_visible()
    accessible(volunteer_page)

    # --- A new volunteer signs up and lands on the waiting list of a full shift ---------
    boskola = Post.objects.get(municipality=nacka, activity="Boskola")
    full = next(
        s
        for s in Shift.objects.filter(post=boskola, starts_at__gt=timezone.now())
        if s.signups.filter(status="confirmed").count() >= s.places
    )
    newcomer = portal_session(browser, live_server, NIGHT_WALKERS_PERSON, DEMO_PASSWORD)
    newcomer.goto(portal_url("volunteering:post", boskola.pk))
    accessible(newcomer)
    newcomer.goto(portal_url("volunteering:volunteer_register", nacka.slug))
    accessible(newcomer)
    newcomer.get_by_role("button", name="Anmäl dig som frivillig").click()
    expect(newcomer.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    accessible(newcomer)
    newcomer.locator("input[name=reach_by][value=email]").check()
    newcomer.locator("input[name=consent]").check()
    newcomer.get_by_role("button", name="Anmäl dig som frivillig").click()
    expect(newcomer.locator(".alert-success").first).to_be_visible()
    assert Volunteer.objects.filter(user__email=NIGHT_WALKERS_PERSON, municipality=nacka).exists()

    newcomer.goto(portal_url("volunteering:post", boskola.pk))
    row = newcomer.locator(f"#shift-{full.pk}")
    row.get_by_role("button", name="Ställ dig på väntelistan").click()
    expect(newcomer.locator(".alert").first).to_contain_text("väntelistan")
    accessible(newcomer)
    mine = ShiftSignup.objects.get(shift=full, volunteer__user__email=NIGHT_WALKERS_PERSON)
    assert mine.status == "waiting"
    assert full.signups.filter(status="confirmed").count() == full.places

    # --- The host logs hours; the volunteer's certificate names them ------------------
    started = Shift.objects.create(
        post=boskola,
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(minutes=30),
        places=4,
    )
    booked = ShiftSignup.objects.create(shift=started, volunteer=vera)
    admin.goto(f"/admin/volunteering/shift/{started.pk}/attendance/")
    accessible(admin)
    admin.locator(f"select[name=came_{booked.pk}]").select_option("yes")
    admin.locator(f"input[name=hours_{booked.pk}]").fill("2,5")
    admin.locator("form input[type=submit]").last.click()
    expect(admin.locator(".messagelist .success")).to_be_visible()
    booked.refresh_from_db()
    assert (booked.attended, booked.hours) == (True, Decimal("2.5"))

    volunteer_page.goto(portal_url("volunteering:certificate_page", nacka.slug))
    expect(volunteer_page.get_by_text("Boskola").first).to_be_visible()
    accessible(volunteer_page)
    volunteer_page.goto(portal_url("volunteering:mine"))
    accessible(volunteer_page)
    with volunteer_page.expect_download() as download:
        volunteer_page.get_by_role("link", name="Mitt intyg om frivilliginsatser (pdf)").click()
    with open(download.value.path(), "rb") as downloaded:
        raw = downloaded.read()
    assert raw.startswith(b"%PDF-")
    assert download.value.suggested_filename.startswith("intyg-nacka-")
    # the same document, uncompressed so that its tagged text can be read
    text = TaggedPdf(certificate.certificate_pdf(vera, uncompressed=True)).text
    assert vera.user.full_name in text
    assert "Boskola" in text
