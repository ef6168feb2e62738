"""The collaboration register end to end (#22): the coordinator records an IOP with the
women's shelter in the admin (two parties, what each brings, indicators, the lawfulness
assessment) and starts it; an action with an administration as owner comes out of the
night-walkers' network meeting and lands on the focus area Trygghet's plan; a politician
sees both on the focus area's page; the yearly mapping lists them. Every page passes axe
(WCAG 2.1 AA), the admin pages included.

Admin elements are located by ids and names rather than by visible text.
"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from collaborations.models import Agreement, Collaboration
from devtools.demo_data import DEMO_PASSWORD
from insights import reports
from networks.models import Action, Meeting
from organisations.models import Organisation
from portal.models import Administration, FocusArea, Municipality
from tests.browser.conftest import admin_session, portal_session, search_and_choose
from tests.browser.test_network_flow import add_inline_row, portal_url

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare.nacka@example.se"
POLITICIAN = "politiker.nacka@example.se"
SHELTER = "Nacka kvinno- och tjejjour"
IOP_TITLE = "IOP Trygga hem i Nacka"
INDICATOR = "Familjer som fått stöd"
ACTION_TITLE = "Samordna nattvandringen med fältassistenterna"
SAVE_CONTINUE = "input[name=_continue]"


def test_iop_and_meeting_action_reach_the_focus_area_and_the_mapping(
    browser, live_server, demo, accessible
):
    nacka = Municipality.objects.get(slug="nacka")
    social = Administration.objects.get(municipality=nacka, name="Socialtjänsten")
    safety = FocusArea.objects.get(municipality=nacka, slug="trygghet")
    shelter = Organisation.objects.get(name=SHELTER)
    today = timezone.localdate()

    # --- The coordinator records the IOP --------------------------------------------------
    admin = admin_session(browser, live_server, COORDINATOR, DEMO_PASSWORD)
    admin.goto("/admin/collaborations/collaboration/add/")
    admin.locator("#id_title").fill(IOP_TITLE)
    admin.locator("#id_description").fill("Stöd till familjer och förebyggande arbete.")
    admin.locator("#id_kind").select_option("iop")
    admin.locator("#id_is_public").check()
    admin.locator("#id_municipality").select_option(label=nacka.name)
    admin.locator("#id_level").select_option("strategic")
    admin.locator("#id_administration").select_option(str(social.pk))
    admin.locator("#id_starts_on").fill(today.replace(month=1, day=1).isoformat())
    admin.locator("#id_ends_on").fill(today.replace(year=today.year + 2).isoformat())
    admin.locator(f"input[name=focus_areas][value='{safety.pk}']").check()
    search_and_choose(admin, "#id_partners", SHELTER)
    accessible(admin)
    admin.locator(SAVE_CONTINUE).click()
    admin.wait_for_url(re.compile(r"/admin/collaborations/collaboration/\d+/change/"))
    expect(admin.locator(".messagelist .success")).to_be_visible()
    entry = Collaboration.objects.get(title=IOP_TITLE)
    assert (entry.kind, entry.level, entry.status) == ("iop", "strategic", "planned")
    assert entry.administration == social
    assert list(entry.partners.all()) == [shelter]
    assert list(entry.focus_areas.all()) == [safety]
    accessible(admin)

    # an IOP does not start before its agreement is assessed and has two parties
    admin.locator("#id_status").select_option("active")
    admin.locator(SAVE_CONTINUE).click()
    expect(admin.locator(".errornote")).to_be_visible()
    accessible(admin)
    entry.refresh_from_db()
    assert entry.status == "planned"

    # the agreement: legal form and its assessment, then parties and indicators
    admin.goto(f"/admin/collaborations/agreement/add/?collaboration={entry.pk}")
    expect(admin.locator("#id_collaboration")).to_have_value(str(entry.pk))
    admin.locator("#id_legal_form").select_option("iop")
    admin.locator("#id_lawfulness_assessment").fill(
        "Jouren bidrar med eget ideellt engagemang; ingen upphandling och inget bidrag."
    )
    admin.locator("#id_assessed_on").fill(today.isoformat())
    admin.locator("#id_signed_on").fill(today.isoformat())
    accessible(admin)
    admin.locator("input[name=_save]").click()
    admin.wait_for_url(re.compile(r"/admin/collaborations/agreement/\d+/change/"))
    agreement = Agreement.objects.get(collaboration=entry)
    assert agreement.is_assessed
    row = add_inline_row(admin, "parties")
    admin.locator(f"select[name=parties-{row}-administration]").select_option(str(social.pk))
    row = add_inline_row(admin, "parties")
    search_and_choose(admin, f"select[name=parties-{row}-organisation]", SHELTER)
    row = add_inline_row(admin, "indicators")
    admin.locator(f"input[name=indicators-{row}-goal]").fill("Fler familjer får stöd tidigt")
    admin.locator(f"input[name=indicators-{row}-name]").fill(INDICATOR)
    admin.locator(f"input[name=indicators-{row}-unit]").fill("familjer")
    admin.locator(f"input[name=indicators-{row}-target]").fill("80")
    accessible(admin)
    admin.locator(SAVE_CONTINUE).click()
    expect(admin.locator(".messagelist .success")).to_be_visible()
    accessible(admin)
    parties = {
        p.display_name for p in agreement.parties.select_related("organisation", "administration")
    }
    assert parties == {social.name, SHELTER}
    assert agreement.indicators.get().target == 80

    # now it starts
    admin.goto(f"/admin/collaborations/collaboration/{entry.pk}/change/")
    admin.locator("#id_status").select_option("active")
    admin.locator(SAVE_CONTINUE).click()
    expect(admin.locator(".messagelist .success")).to_be_visible()
    entry.refresh_from_db()
    assert entry.status == "active"

    # --- An action comes out of the night-walkers' meeting ---------------------------------
    meeting = Meeting.objects.get(title="Nattvandrarnätverket: uppstartsmöte")
    due = today + timedelta(days=21)
    admin.goto(f"/admin/networks/meeting/{meeting.pk}/change/")
    row = add_inline_row(admin, "actions")
    admin.locator(f"input[name=actions-{row}-title]").fill(ACTION_TITLE)
    admin.locator(f"select[name=actions-{row}-focus_area]").select_option(str(safety.pk))
    admin.locator(f"select[name=actions-{row}-owner_unit]").select_option(str(social.pk))
    admin.locator(f"input[name=actions-{row}-due_on]").fill(due.isoformat())
    accessible(admin)
    admin.locator(SAVE_CONTINUE).click()
    expect(admin.locator(".messagelist .success")).to_be_visible()
    action = Action.objects.get(title=ACTION_TITLE)
    assert (action.meeting, action.network, action.focus_area) == (
        meeting, meeting.network, safety,
    )  # fmt: skip
    assert (action.owner_unit, action.municipality, action.due_on) == (social, nacka, due)

    # --- A politician reads the focus area --------------------------------------------------
    politician = portal_session(browser, live_server, POLITICIAN, DEMO_PASSWORD)
    politician.goto(portal_url("insights:focus_area", nacka.slug, safety.slug))
    expect(politician.locator("h1")).to_contain_text(safety.name)
    strategic = politician.locator(
        "section", has=politician.get_by_role("heading", name="Strategisk")
    )
    expect(strategic.get_by_role("link", name=IOP_TITLE)).to_be_visible()
    plan_row = politician.locator("tr", has_text=ACTION_TITLE)
    expect(plan_row).to_have_count(1)
    expect(plan_row).to_contain_text(social.name)
    expect(plan_row).to_contain_text("Ej påbörjad")
    expect(plan_row).to_contain_text(meeting.title)
    expect(politician.get_by_role("link", name="Ändra")).to_have_count(0)  # read-only
    accessible(politician)

    # the entry's read view: parties and the indicator
    politician.get_by_role("link", name=IOP_TITLE).first.click()
    expect(politician.locator("h1")).to_contain_text(IOP_TITLE)
    expect(politician.locator("main")).to_contain_text(SHELTER)
    expect(politician.locator("main")).to_contain_text(INDICATOR)
    accessible(politician)

    # --- The yearly mapping lists both -------------------------------------------------------
    report = reports.yearly_mapping(nacka, today.year)
    assert report is not None
    politician.goto(portal_url("insights:reports", nacka.slug))
    accessible(politician)
    with politician.expect_download() as download:
        politician.get_by_role("link", name=report.title).click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert IOP_TITLE in cells
    assert ACTION_TITLE in cells
