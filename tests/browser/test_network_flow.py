"""A coordinator creates a network in the admin, plans a meeting and invites the members; an
association answers yes and downloads the calendar file; after the meeting the coordinator
records attendance, minutes and an action owned by the association, which the association
then sees on My page and marks in progress. Every page passes axe (WCAG 2.1 AA), the
admin pages included.

Admin elements are located by URL, ids and names rather than by visible text.
"""

import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar
from playwright.sync_api import expect

from devtools.demo_data import DEMO_PASSWORD
from networks.models import Action, Attendance, Invitation, Meeting, Network, NetworkMember
from organisations.models import Organisation
from portal.models import FocusArea, User
from tests.browser.conftest import admin_session, portal_session, search_and_choose

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare.nacka@example.se"
MEMBER = "forening@example.se"
ASSOCIATION = "Fisksätra IF"
PLACE = "Fisksätra bibliotek"
NETWORK_NAME = "Idrottsrådet i Fisksätra"
NETWORK_SLUG = "idrottsradet-fisksatra"
MEETING_TITLE = "Höstmöte om lokaler och träningstider"
AGENDA_ITEM = "Fördelning av halltider"
MINUTES = "Föreningarna redovisade sina behov av halltider. Kommunen ser över bokningen."
DECISIONS = "Fisksätra IF sammanställer föreningarnas önskemål om halltider."
ACTION_TITLE = "Sammanställ önskemål om halltider"
SAVE = "#content input[type=submit].default"  # the admin action forms' submit button


def coordinator_login(browser, live_server):
    return admin_session(browser, live_server, COORDINATOR, DEMO_PASSWORD)


def member_login(browser, live_server):
    return portal_session(browser, live_server, MEMBER, DEMO_PASSWORD)


def portal_url(name, *args) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def swedish_date(day) -> str:
    with translation.override("sv"):
        return date_format(day, "j F Y")


def add_inline_row(page, prefix):
    """Click the inline's "add another" link; return the new row's form index."""
    total = page.locator(f"input[name={prefix}-TOTAL_FORMS]")
    index = int(total.input_value())
    page.locator(f"#{prefix}-group .add-row a").click()
    expect(total).to_have_value(str(index + 1))
    return index


def test_network_meeting_answer_minutes_and_action(browser, live_server, demo, accessible):
    association = Organisation.objects.get(name=ASSOCIATION)
    focus_area = (
        FocusArea.objects.filter(municipality=association.municipality).order_by("pk").first()
    )
    assert focus_area is not None
    coordinator_user = User.objects.get(email=COORDINATOR)
    member_user = User.objects.get(email=MEMBER)

    # --- The coordinator creates a network with Fisksätra IF as a member -----------------
    admin = coordinator_login(browser, live_server)
    admin.goto("/admin/networks/network/add/")
    admin.locator("#id_municipality").select_option(label=association.municipality.name)
    admin.locator("#id_name").fill(NETWORK_NAME)
    admin.locator("#id_name").blur()  # the admin fills in the slug from the name ...
    expect(admin.locator("#id_slug")).to_have_value("idrottsradet-i-fisksatra")
    admin.locator("#id_slug").fill(NETWORK_SLUG)  # ... which can be shortened
    admin.locator("#id_purpose").fill("Föreningar och kommunen samordnar idrotten i Fisksätra.")
    admin.locator("#id_convening_unit").fill("Fritidsenheten")
    admin.locator("#id_visibility").select_option("public")
    admin.locator(f"input[name=focus_areas][value='{focus_area.pk}']").check()
    row = add_inline_row(admin, "members")
    admin.locator(f"select[name=members-{row}-kind]").select_option("organisation")
    search_and_choose(admin, f"select[name=members-{row}-organisation]", ASSOCIATION)
    admin.locator(f"input[name=members-{row}-listed_publicly]").check()
    accessible(admin)
    admin.locator("input[name=_continue]").click()
    admin.wait_for_url(re.compile(r"/admin/networks/network/\d+/change/"))
    expect(admin.locator(".messagelist .success")).to_be_visible()

    network = Network.objects.get(name=NETWORK_NAME)
    assert network.slug == NETWORK_SLUG
    assert network.municipality == association.municipality
    assert network.visibility == Network.Visibility.PUBLIC
    assert list(network.focus_areas.all()) == [focus_area]
    member = network.members.get()
    assert member.organisation == association
    assert member.kind == NetworkMember.Kind.ORGANISATION
    assert member.status == NetworkMember.Status.ACTIVE
    assert member.listed_publicly
    expect(admin.locator("select[name=members-0-organisation]")).to_have_value(str(association.pk))
    accessible(admin)

    # --- ... plans a meeting tomorrow evening with an agenda, and invites the members ----
    tomorrow = timezone.localdate() + timedelta(days=1)
    admin.goto("/admin/networks/meeting/add/")
    search_and_choose(admin, "#id_network", NETWORK_NAME)
    admin.locator("#id_title").fill(MEETING_TITLE)
    admin.locator("#id_starts_at_0").fill(tomorrow.isoformat())
    admin.locator("#id_starts_at_1").fill("18:00")
    admin.locator("#id_ends_at_0").fill(tomorrow.isoformat())
    admin.locator("#id_ends_at_1").fill("20:00")
    admin.locator("#id_mode").select_option("in_person")
    admin.locator("#id_place").select_option(label=PLACE)
    admin.locator("#id_capacity").fill("20")
    row = add_inline_row(admin, "agenda")
    admin.locator(f"input[name=agenda-{row}-ordering]").fill("1")
    admin.locator(f"input[name=agenda-{row}-title]").fill(AGENDA_ITEM)
    admin.locator(f"input[name=agenda-{row}-minutes]").fill("30")
    accessible(admin)
    admin.locator("input[name=_continue]").click()
    admin.wait_for_url(re.compile(r"/admin/networks/meeting/\d+/change/"))
    expect(admin.locator(".messagelist .success")).to_be_visible()

    meeting = Meeting.objects.get(network=network)
    starts = timezone.make_aware(datetime.combine(tomorrow, time(18)))
    assert meeting.title == MEETING_TITLE
    assert meeting.starts_at == starts
    assert meeting.ends_at == starts + timedelta(hours=2)
    assert meeting.mode == Meeting.Mode.IN_PERSON
    assert meeting.place.name == PLACE
    assert meeting.capacity == 20
    assert meeting.created_by == coordinator_user
    assert [item.title for item in meeting.agenda.all()] == [AGENDA_ITEM]
    meeting_admin_url = f"/admin/networks/meeting/{meeting.pk}/change/"
    accessible(admin)

    admin.goto(f"/admin/networks/meeting/{meeting.pk}/invite/")
    expect(admin.locator(f"input[name=members][value='{member.pk}']")).to_be_checked()
    accessible(admin)
    admin.locator(SAVE).click()
    admin.wait_for_url(f"**{meeting_admin_url}")
    expect(admin.locator(".messagelist")).to_contain_text("1 medlem inbjuden.")
    invitation = Invitation.objects.get(meeting=meeting, member=member)
    assert invitation.response == Invitation.Response.NO_ANSWER

    # --- The association answers yes for three people and saves the calendar file ------
    portal = member_login(browser, live_server)
    portal.goto(portal_url("networks:detail", network.pk))
    expect(portal.get_by_role("heading", level=1)).to_have_text(NETWORK_NAME)
    expect(portal.locator("main")).to_contain_text(ASSOCIATION)  # listed publicly
    accessible(portal)
    portal.locator(f"main a[href='{portal_url('networks:meeting', meeting.pk)}']").first.click()
    portal.wait_for_url(f"**{portal_url('networks:meeting', meeting.pk)}")
    expect(portal.get_by_role("heading", level=1)).to_have_text(MEETING_TITLE)
    expect(portal.locator("main")).to_contain_text(AGENDA_ITEM)
    expect(portal.locator("main")).to_contain_text(PLACE)
    accessible(portal)

    answer = portal.locator(f"section[aria-labelledby=rsvp-heading-{invitation.pk}]")
    answer.locator(f"input[name=i{invitation.pk}-response][value=yes]").check()
    answer.locator(f"input[name=i{invitation.pk}-places]").fill("3")
    answer.locator("button[type=submit]").click()
    portal.wait_for_url(f"**{portal_url('networks:meeting', meeting.pk)}")
    expect(portal.get_by_text("Tack för ert svar.")).to_be_visible()
    answer = portal.locator(f"section[aria-labelledby=rsvp-heading-{invitation.pk}]")
    expect(answer).to_contain_text("3 platser bokade.")
    expect(portal.locator("main dl")).to_contain_text("3 av 20")
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.YES
    assert invitation.places == 3
    assert invitation.responded_by == member_user
    accessible(portal)

    with portal.expect_download() as download:
        portal.locator(f"a[href='{portal_url('networks:meeting_ics', meeting.pk)}']").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert MEETING_TITLE in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART") == starts

    # --- After the meeting: attendance, minutes and an action owned by the association --
    yesterday = timezone.now() - timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=yesterday, ends_at=yesterday + timedelta(hours=2)
    )
    admin.goto(f"/admin/networks/meeting/{meeting.pk}/attendance/")
    people = admin.locator(f"input[name=member_{member.pk}]")
    expect(people).to_have_value("3")  # suggested from the answer
    accessible(admin)
    people.fill("3")
    admin.locator(SAVE).click()
    admin.wait_for_url(f"**{meeting_admin_url}")
    expect(admin.locator(".messagelist")).to_contain_text("Närvaron har registrerats.")
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.member, attendance.people) == (member, 3)
    assert attendance.recorded_by == coordinator_user

    due = timezone.localdate() + timedelta(days=30)
    admin.locator("#id_minutes").fill(MINUTES)
    admin.locator("#id_decisions").fill(DECISIONS)
    row = add_inline_row(admin, "actions")
    admin.locator(f"input[name=actions-{row}-title]").fill(ACTION_TITLE)
    admin.locator(f"select[name=actions-{row}-owner_member]").select_option(str(member.pk))
    admin.locator(f"input[name=actions-{row}-due_on]").fill(due.isoformat())
    accessible(admin)
    admin.locator("input[name=_continue]").click()
    admin.wait_for_url(f"**{meeting_admin_url}")
    expect(admin.locator(".messagelist .success")).to_be_visible()
    expect(admin.locator(f"input[name=actions-{row}-title]")).to_have_value(ACTION_TITLE)
    accessible(admin)
    meeting.refresh_from_db()
    assert meeting.minutes == MINUTES
    assert meeting.decisions == DECISIONS
    action = Action.objects.get(meeting=meeting)
    assert action.title == ACTION_TITLE
    assert action.network == network
    assert action.owner_member == member
    assert action.owner_officer is None
    assert action.due_on == due
    assert action.status == Action.Status.OPEN
    assert action.created_by == coordinator_user

    # --- The association sees the action on My page and marks it in progress ----------
    portal.goto(portal_url("portal:my_page"))
    actions = portal.locator("section[aria-labelledby=actions-heading]")
    expect(actions.get_by_role("heading")).to_have_text("Mina åtgärder i handlingsplaner")
    action_row = actions.locator("tbody tr").filter(has_text=ACTION_TITLE)
    expect(action_row).to_have_count(1)
    expect(action_row).to_contain_text(NETWORK_NAME)
    expect(action_row).to_contain_text(ASSOCIATION)
    expect(action_row).to_contain_text(swedish_date(due))
    expect(action_row.get_by_role("link", name=MEETING_TITLE)).to_be_visible()
    accessible(portal)
    action_row.locator(f"#action-status-{action.pk}").select_option("in_progress")
    action_row.get_by_label("Kommentar om läget").fill("Affischerna är beställda")
    action_row.locator("button[type=submit]").click()
    portal.wait_for_url(f"**{portal_url('portal:my_page')}")
    expect(portal.get_by_text("Åtgärden har uppdaterats.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert action.progress_note == "Affischerna är beställda"
    expect(portal.locator(f"#action-status-{action.pk}")).to_have_value("in_progress")
    accessible(portal)

    portal.goto(portal_url("networks:meeting", meeting.pk))
    main = portal.locator("main")
    expect(main).to_contain_text(MINUTES)
    expect(main).to_contain_text(DECISIONS)
    expect(main).to_contain_text("Mötet har börjat")  # answers are closed
    outcomes = portal.locator("section[aria-labelledby=meeting-actions-heading]")
    expect(outcomes).to_contain_text(ACTION_TITLE)
    expect(outcomes).to_contain_text(f"{ASSOCIATION}, senast {swedish_date(due)}")
    expect(outcomes).to_contain_text("(pågår)")
    accessible(portal)

    admin.context.close()
    portal.context.close()
