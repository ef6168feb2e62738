"""Surveys end to end (#24), on the demo data: Nacka's coordinator writes a survey of three
questions in the admin for a segment ("associations working with community and safety"),
sees whom it reaches and sends it; the invitations are in the outbox; two organisations in
different focus areas (Fisksätra IF, community; Föräldranärvaro Sicklaön, safety) answer
from the survey's page; the coordinator and a politician read the results per question and
per focus area (names for the coordinator only). Ekerö's needs inventory compares 2025 with
2026 (demo data). Every page passes axe (WCAG 2.1 AA), the admin pages included.

Admin elements are located by ids and names rather than by visible text.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from organisations.models import Organisation
from outreach.models import Segment
from portal.models import FocusArea, Municipality, Notification
from surveys.delivery import KIND
from surveys.models import Survey, SurveyResponse
from surveys.tasks import survey_invite
from tests.browser.conftest import admin_session, portal_session
from tests.browser.test_network_flow import portal_url

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare.nacka@example.se"
POLITICIAN = "politiker.nacka@example.se"
SPORTS_CLUB_PERSON = "forening@example.se"  # Fisksätra IF: community
NIGHT_WALKERS_PERSON = "nattvandring@example.se"  # Föräldranärvaro Sicklaön: safety
TITLE = "Föreningarnas behov av lokaler 2026"
SEGMENT = "Föreningar som arbetar med gemenskap och trygghet"
SAVE_CONTINUE = "input[name=_continue]"
QUESTIONS = [
    ("lokaler", "Har ni de lokaler ni behöver?", "choice", "Ja\nDelvis\nNej"),
    ("ledare", "Hur många ideella ledare har ni?", "number", ""),
    ("behov", "Vad behöver ni mest?", "textarea", ""),
]


def _segment(nacka):
    areas = FocusArea.objects.filter(municipality=nacka, ordering__in=[0, 1])
    segment = Segment.objects.create(municipality=nacka, name=SEGMENT)
    segment.focus_areas.set(areas)
    return segment


def answer(page, survey, choice, leaders, need):
    page.goto(portal_url("surveys:list"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.goto(portal_url("surveys:survey", survey.pk))
    page.get_by_label(choice, exact=True).check()
    page.get_by_label("Hur många ideella ledare har ni?").fill(str(leaders))
    page.get_by_label("Vad behöver ni mest?").fill(need)
    page.get_by_role("button", name="Skicka svaret").click()
    page.wait_for_url(re.compile(rf"/enkater/{survey.pk}/tack/"))


def test_survey_to_a_segment_answered_and_read_per_focus_area(
    browser, live_server, demo, accessible
):
    nacka = Municipality.objects.get(slug="nacka")
    _segment(nacka)
    sports_club = Organisation.objects.get(municipality=nacka, name="Fisksätra IF")
    night_walkers = Organisation.objects.get(municipality=nacka, name="Föräldranärvaro Sicklaön")

    # --- The coordinator writes the survey in the admin --------------------------------
    admin = admin_session(browser, live_server, COORDINATOR, DEMO_PASSWORD)
    admin.goto("/admin/surveys/survey/add/")
    admin.locator("#id_municipality").select_option(label=nacka.name)
    admin.locator("#id_title_sv").fill(TITLE)
    admin.locator("#id_intro_sv").fill("Vi vill veta hur det står till med lokalerna.")
    admin.locator("#id_audience").select_option("segment")
    admin.locator("#id_segment").select_option(label=SEGMENT)
    admin.locator("#id_respondents").select_option("organisations")
    closes = timezone.localtime() + timedelta(days=14)
    admin.locator("#id_closes_at_0").fill(closes.date().isoformat())
    admin.locator("#id_closes_at_1").fill("18:00")
    for index, (key, label, kind, choices) in enumerate(QUESTIONS):
        admin.locator("#questions-group .add-row a").click()
        admin.locator(f"#id_questions-{index}-ordering").fill(str(index))
        admin.locator(f"#id_questions-{index}-key").fill(key)
        admin.locator(f"#id_questions-{index}-label_sv").fill(label)
        admin.locator(f"#id_questions-{index}-field_type").select_option(kind)
        admin.locator(f"#id_questions-{index}-choices").fill(choices)
    accessible(admin)
    admin.locator(SAVE_CONTINUE).click()
    admin.wait_for_url(re.compile(r"/admin/surveys/survey/\d+/change/"))
    survey = Survey.objects.get(title_sv=TITLE)
    assert survey.status == "draft"
    assert survey.questions.count() == 3
    accessible(admin)

    # --- Whom it reaches, and sending it ---------------------------------------------
    admin.goto(f"/admin/surveys/survey/{survey.pk}/send/")
    accessible(admin)
    admin.locator("form [type=submit]").last.click()
    admin.wait_for_url(re.compile(rf"/admin/surveys/survey/{survey.pk}/change/"))
    expect(admin.locator(".messagelist .success")).to_be_visible()
    survey.refresh_from_db()
    assert survey.status == "open"
    # a worker picks up the task the sending asked for on commit (no worker runs here)
    survey_invite.apply(args=[survey.pk])
    sent = Notification.objects.filter(kind=KIND, key=f"survey:{survey.pk}")
    recipients = set(sent.values_list("recipient", flat=True))
    assert {SPORTS_CLUB_PERSON, NIGHT_WALKERS_PERSON} <= recipients
    assert all(row.unsubscribe_url for row in sent)
    survey.refresh_from_db()
    assert survey.invited_people == len(recipients)

    # --- Two organisations in different focus areas answer ---------------------------
    for email, choice, leaders, need in [
        (SPORTS_CLUB_PERSON, "Delvis", 12, "En hall på vardagskvällar."),
        (NIGHT_WALKERS_PERSON, "Nej", 5, "Ett förråd för västarna."),
    ]:
        person = portal_session(browser, live_server, email, DEMO_PASSWORD)
        person.goto(portal_url("surveys:list"))
        accessible(person)
        answer(person, survey, choice, leaders, need)
        accessible(person)
        person.goto(portal_url("surveys:survey", survey.pk))
        accessible(person)
        person.context.close()
    answers = {r.organisation: r.answers for r in SurveyResponse.objects.filter(survey=survey)}
    assert answers[sports_club]["lokaler"] == "Delvis"
    assert answers[night_walkers] == {"lokaler": "Nej", "ledare": 5,
                                      "behov": "Ett förråd för västarna."}  # fmt: skip

    # --- The coordinator reads the results per question and per focus area ----------
    admin.goto(portal_url("surveys:results", survey.pk))
    expect(admin.get_by_role("heading", name="Per fråga")).to_be_visible()
    focus = admin.locator("section[aria-labelledby=focus-heading]")
    expect(focus).to_contain_text("Gemenskap, sammanhang och livskvalitet")
    expect(focus).to_contain_text("Trygghet")
    expect(focus).to_contain_text("1 (100 %)")
    expect(admin.locator("section[aria-labelledby=questions-heading]")).to_contain_text(
        "Fisksätra IF"
    )
    accessible(admin)

    # --- A politician reads them too, without the names --------------------------------
    politician = portal_session(browser, live_server, POLITICIAN, DEMO_PASSWORD)
    politician.goto(portal_url("surveys:results", survey.pk))
    questions = politician.locator("section[aria-labelledby=questions-heading]")
    expect(questions).to_contain_text("En hall på vardagskvällar.")
    expect(questions).not_to_contain_text("Fisksätra IF")
    expect(politician.locator("section[aria-labelledby=focus-heading]")).to_contain_text("Trygghet")
    accessible(politician)
    politician.context.close()


def test_ekero_needs_inventory_compares_the_years(browser, live_server, demo, accessible):
    """Ekerö's demo inventory: 2026 beside 2025, per question; the consultation's page."""
    ekero = Municipality.objects.get(slug="ekero")
    current = Survey.objects.get(municipality=ekero, series="Behovsinventering", year=2026)
    politician = portal_session(browser, live_server, "politiker.ekero@example.se",
                                DEMO_PASSWORD)  # fmt: skip
    politician.goto(portal_url("surveys:results", current.pk))
    years = politician.locator("section[aria-labelledby=years-heading]")
    expect(years).to_contain_text("2025")
    expect(years).to_contain_text("2026")
    accessible(politician)
    politician.goto(portal_url("surveys:list"))
    accessible(politician)
    politician.context.close()

    nacka = Municipality.objects.get(slug="nacka")
    consultation = Survey.objects.get(municipality=nacka, kind="consultation")
    person = portal_session(browser, live_server, SPORTS_CLUB_PERSON, DEMO_PASSWORD)
    person.goto(portal_url("surveys:survey", consultation.pk))
    expect(person.get_by_role("heading", name="2. Principer")).to_be_visible()
    accessible(person)
    person.get_by_label("Din synpunkt").fill("Bra utkast.")
    person.get_by_role("button", name="Skicka synpunkten").click()
    expect(person.locator(".alert-success")).to_be_visible()
    accessible(person)
    person.context.close()
