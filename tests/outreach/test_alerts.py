"""Alerts to followers (outreach.listeners): who hears of an announcement (each dimension,
the kinds wanted, paused, the municipality), at once or in a digest, once per person
however often it is announced, in a number of queries that does not grow with the
followers; and the apps that announce (a call opens, a public meeting is planned, a
call-out is sent)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outreach.models import Alert
from outreach.selectors.follows import followers
from outreach.services import alerts as alert_services
from portal import announcements
from portal.models import Notification
from tests.factories import (
    DistrictFactory,
    FocusAreaFactory,
    NetworkFactory,
    OrganisationFactory,
)
from tests.outreach.follows_world import F, alert_emails, announce, follower, in_process, news

pytestmark = pytest.mark.django_db
__all__ = ["in_process"]  # the fixture, used by name


@pytest.fixture
def tags(world):
    x = world.x
    return {
        "trygghet": x.focusareas.get(slug="trygghet"),
        "idrott": FocusAreaFactory(municipality=x, name="Idrott"),
        "fisksatra": DistrictFactory(municipality=x, name="Fisksätra"),
        "orminge": DistrictFactory(municipality=x, name="Orminge"),
        "bra": NetworkFactory(municipality=x, name="BRÅ"),
        "club": OrganisationFactory(
            municipality=x, approved=True, listed_in_directory=True, name="Fisksätra IF"
        ),
    }


def _ids(announcement, world):
    return {user_id for user_id, _frequency in followers(announcement)}


def test_each_dimension_matches_its_own_followers_only(world, tags):
    x = world.x
    people = {name: follower(x, thing) for name, thing in tags.items()}
    cases = {
        "focus_area_ids": ("trygghet", "idrott"),
        "district_ids": ("fisksatra", "orminge"),
        "network_ids": ("bra", None),
        "organisation_ids": ("club", None),
    }
    for field, (wanted, other) in cases.items():
        found = _ids(news(x, **{field: [tags[wanted].pk]}), world)
        assert people[wanted].pk in found, field
        assert found == {people[wanted].pk}, field
        if other:
            assert people[other].pk not in found


def test_any_one_dimension_is_enough(world, tags):
    x = world.x
    by_district = follower(x, tags["fisksatra"])
    by_area = follower(x, tags["trygghet"])
    elsewhere = follower(x, tags["orminge"])
    found = _ids(
        news(x, focus_area_ids=[tags["trygghet"].pk], district_ids=[tags["fisksatra"].pk]), world
    )
    assert found == {by_district.pk, by_area.pk}
    assert elsewhere.pk not in found


def test_an_announcement_about_nothing_in_particular_reaches_every_follower_there(world, tags):
    x = world.x
    a, b = follower(x, tags["trygghet"]), follower(x, tags["club"])
    other_place = follower(world.y, FocusAreaFactory(municipality=world.y))
    assert _ids(news(x), world) == {a.pk, b.pk}
    assert other_place.pk not in _ids(news(x), world)


def test_kinds_paused_inactive_and_the_other_municipality_hear_nothing(world, tags):
    x, y = world.x, world.y
    area = tags["trygghet"]
    wants_calls_only = follower(x, area, kinds=[announcements.CALL])
    paused = follower(x, area, frequency=F.PAUSED)
    gone = follower(x, area, is_active=False)
    # follows the same name in Ekerö: nothing from Nacka reaches them
    in_y = follower(y, FocusAreaFactory(municipality=y, name="Trygghet", slug="trygghet"))
    everything = follower(x, area, frequency=F.DAILY)
    found = _ids(news(x, focus_area_ids=[area.pk]), world)
    assert found == {everything.pk}
    assert wants_calls_only.pk in _ids(
        news(x, kind=announcements.CALL, focus_area_ids=[area.pk]), world
    )
    assert not {paused.pk, gone.pk, in_y.pk} & found


def test_at_once_emails_now_digest_people_wait(world, tags, django_capture_on_commit_callbacks,
                                               in_process):  # fmt: skip
    x = world.x
    area = tags["trygghet"]
    now_person = follower(x, area, email="direkt@example.se")
    daily = follower(x, area, frequency=F.DAILY, email="dagligen@example.se")
    announce(django_capture_on_commit_callbacks, news(x, key="call:7", kind="call",
                                                      focus_area_ids=[area.pk]))  # fmt: skip
    assert in_process == ["call:7"]
    [row] = alert_emails()
    assert row.recipient == now_person.email
    assert row.key == "alert:call:7"
    assert row.unsubscribe_url.startswith("http")
    assert row.unsubscribe_url in row.body
    assert "Nyhet om trygghet" in row.subject + row.body
    assert "/nyheter/1/" in row.body
    sent = Alert.objects.get(user=now_person)
    waiting = Alert.objects.get(user=daily)
    assert sent.sent_at is not None
    assert waiting.sent_at is None
    assert (waiting.title, waiting.path, waiting.kind) == ("Nyhet om trygghet", "/nyheter/1/",
                                                          "call")  # fmt: skip


def test_announcing_again_alerts_nobody_twice(world, tags, django_capture_on_commit_callbacks,
                                             in_process):  # fmt: skip
    x = world.x
    area = tags["trygghet"]
    person = follower(x, area)
    for _ in range(3):
        announce(django_capture_on_commit_callbacks, news(x, focus_area_ids=[area.pk]))
    assert Alert.objects.filter(user=person).count() == 1
    assert alert_emails().count() == 1
    # the task run again (a retried job) queues nothing
    assert alert_services.send_at_once("news:1", x.pk) == 0
    assert alert_emails().count() == 1


def test_switching_to_paused_before_the_task_runs_sends_nothing(
    world, tags, django_capture_on_commit_callbacks
):
    x = world.x
    area = tags["trygghet"]
    person = follower(x, area)
    with django_capture_on_commit_callbacks(execute=True):
        announcements.announce(news(x, focus_area_ids=[area.pk]))
        # the real request goes to the broker; the task has not run yet
    person.alert_settings.update(frequency=F.PAUSED)
    assert alert_services.send_at_once("news:1", x.pk) == 0
    assert not alert_emails().exists()


def test_finding_and_storing_takes_the_same_queries_for_many_followers(world, tags):
    x = world.x
    area = tags["trygghet"]

    def run(key):
        with CaptureQueriesContext(connection) as queries:
            alert_services.alerts_create(news(x, key=key, focus_area_ids=[area.pk]))
        return len(queries)

    for _ in range(2):
        follower(x, area)
    few = run("news:few")
    for _ in range(25):
        follower(x, area, frequency=F.DAILY)
    many = run("news:many")
    assert many == few <= 2
    assert Alert.objects.filter(key="news:many").count() == 27


def test_sending_at_once_takes_the_same_queries_for_many_followers(world, tags):
    x = world.x
    area = tags["trygghet"]

    def run(key):
        alert_services.alerts_create(news(x, key=key, focus_area_ids=[area.pk]))
        with CaptureQueriesContext(connection) as queries:
            alert_services.send_at_once(key, x.pk)
        return len(queries)

    follower(x, area)
    few = run("news:few")
    for _ in range(20):
        follower(x, area)
    many = run("news:many")
    assert many == few
    assert alert_emails().filter(key="alert:news:many").count() == 21


def test_the_at_once_mail_carries_the_one_click_header(world, tags, mailoutbox):
    from portal.notifications import deliver_pending

    x = world.x
    area = tags["trygghet"]
    person = follower(x, area)
    alert_services.alerts_create(news(x, focus_area_ids=[area.pk]))
    alert_services.send_at_once("news:1", x.pk)
    deliver_pending()
    [message] = mailoutbox
    assert message.to == [person.email]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# --- the apps that announce ---------------------------------------------------------------


def test_a_call_created_open_in_the_admin_alerts_the_followers_of_its_focus_area(
    client, world, tags, django_capture_on_commit_callbacks, in_process
):
    from grants.models import Call
    from tests.factories import GrantProgrammeFactory

    x = world.x
    area = tags["trygghet"]
    person = follower(x, area)
    other = follower(x, tags["idrott"])
    programme = GrantProgrammeFactory(committee=x.committees.get())
    programme.focus_areas.set([area])
    client.force_login(world.users["admin_x"])
    now = timezone.localtime()
    data = {
        "programme": programme.pk, "title": "Trygga somrar 2027", "description": "",
        "opens_at_0": now.strftime("%Y-%m-%d"), "opens_at_1": now.strftime("%H:%M:%S"),
        "closes_at_0": (now + timedelta(days=30)).strftime("%Y-%m-%d"),
        "closes_at_1": "12:00:00", "budget": "100000",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/grants/call/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(title="Trygga somrar 2027")
    [row] = alert_emails()
    assert row.recipient == person.email
    assert row.key == f"alert:call:{call.pk}"
    assert not Alert.objects.filter(user=other).exists()


def test_the_daily_rule_announces_calls_opening_today_once(
    world, tags, django_capture_on_commit_callbacks, in_process
):
    from grants import reminders as grant_reminders
    from tests.factories import CallFactory, GrantProgrammeFactory

    x = world.x
    area = tags["trygghet"]
    person = follower(x, area)
    programme = GrantProgrammeFactory(committee=x.committees.get())
    programme.focus_areas.set([area])
    today = timezone.localdate()
    later = CallFactory(programme=programme, opens_at=timezone.now() + timedelta(days=3))
    CallFactory(programme=programme, focus_area=tags["idrott"])  # another focus area
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            grant_reminders.calls_opening(x, today)
    assert not Alert.objects.filter(key=f"call:{later.pk}").exists()
    with django_capture_on_commit_callbacks(execute=True):
        grant_reminders.calls_opening(x, timezone.localdate(later.opens_at))
        grant_reminders.calls_opening(x, timezone.localdate(later.opens_at))
    assert list(alert_emails().values_list("recipient", "key")) == [
        (person.email, f"alert:call:{later.pk}")
    ]


def test_a_public_meeting_planned_in_the_admin_alerts_the_networks_followers(
    client, world, django_capture_on_commit_callbacks, in_process
):
    from networks.models import Meeting

    x = world.x
    network = NetworkFactory(municipality=x, name="Trygghetsnätverket", coordinator=None)
    network.focus_areas.set([x.focusareas.get(slug="trygghet")])
    of_network = follower(x, network)
    of_area = follower(x, x.focusareas.get(slug="trygghet"))
    client.force_login(world.users["admin_x"])
    starts = timezone.localtime() + timedelta(days=7)
    data = {
        "network": network.pk, "title": "Öppet trygghetsmöte", "description": "Välkomna!",
        "starts_at_0": starts.strftime("%Y-%m-%d"), "starts_at_1": "18:00:00",
        "ends_at_0": starts.strftime("%Y-%m-%d"), "ends_at_1": "20:00:00",
        "mode": "online", "online_url": "https://meet.example.se/trygg", "is_public": "on",
        "status": "planned",
    }  # fmt: skip
    page = client.get("/admin/networks/meeting/add/").content.decode()
    for prefix in set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page)):  # the inlines, empty
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/networks/meeting/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(title="Öppet trygghetsmöte")
    assert set(alert_emails().values_list("recipient", flat=True)) == {
        of_network.email,
        of_area.email,
    }
    assert alert_emails().first().key == f"alert:meeting:{meeting.pk}"


def test_a_meeting_not_shown_publicly_is_not_announced(world):
    from networks.announcements import meeting_announce
    from networks.models import Meeting

    x = world.x
    network = NetworkFactory(municipality=x)
    starts = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        network=network, title="Internt", starts_at=starts, ends_at=starts + timedelta(hours=1),
        mode="online", online_url="https://meet.example.se/x", is_public=False,
    )  # fmt: skip
    assert meeting_announce(meeting) is False
    network.visibility = "invite_only"
    meeting.is_public = True
    assert meeting_announce(meeting) is False


def test_a_call_out_sent_alerts_the_followers_of_its_district(
    world, tags, django_capture_on_commit_callbacks, in_process, monkeypatch
):
    from volunteering.services import callouts as callout_services

    monkeypatch.setattr(callout_services, "queue_delivery", lambda pk: None)
    x = world.x
    coordinator = world.users["coordinator_x"]
    person = follower(x, tags["fisksatra"])
    callout = callout_services.callout_create(
        municipality=x, by=coordinator,
        data={"title": "Värmestuga", "description": "Vi behöver hjälp i kväll.",
              "districts": [tags["fisksatra"]]},
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        callout_services.callout_send(callout=callout, by=coordinator)
    [row] = alert_emails()
    assert (row.recipient, row.key) == (person.email, f"alert:callout:{callout.pk}")
    assert Notification.objects.filter(kind=alert_services.ALERT_KIND).count() == 1
