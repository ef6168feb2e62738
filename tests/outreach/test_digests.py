"""The digests (outreach.digests): daily people every morning, weekly people on Mondays,
one email listing the alerts not yet sent; run twice on a day, sent once; paused people
get nothing; what at-once people missed goes out; old alerts are thinned by retention."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outreach import digests
from outreach.models import Alert
from outreach.services import alerts as alert_services
from portal import retention
from tests.factories import FocusAreaFactory
from tests.outreach.follows_world import F, alert_emails, follower, news

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 12, 7)
TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def area(world):
    return world.x.focusareas.get(slug="trygghet")


def _alerts(world, area, *keys):
    for key in keys:
        alert_services.alerts_create(
            news(world.x, key=key, title=f"Nytt {key}", focus_area_ids=[area.pk])
        )


def digest_emails():
    return alert_emails(digests.DIGEST_KIND)


def test_a_daily_digest_lists_the_unsent_alerts_once(world, area):
    person = follower(world.x, area, frequency=F.DAILY)
    _alerts(world, area, "news:1", "news:2")
    assert digests.alert_digests(world.x, TUESDAY) == 1
    [row] = digest_emails()
    assert row.recipient == person.email
    assert row.key == digests.digest_key(world.x.pk, person.pk, TUESDAY)
    assert "Nytt news:1" in row.body
    assert "Nytt news:2" in row.body
    assert "/nyheter/1/" in row.body
    assert row.unsubscribe_url
    assert row.unsubscribe_url in row.body
    assert not Alert.objects.filter(sent_at__isnull=True).exists()
    # run again the same day: nothing more
    assert digests.alert_digests(world.x, TUESDAY) == 0
    assert digest_emails().count() == 1


def test_alerts_coming_between_two_runs_of_a_day_wait_for_the_next_digest(world, area):
    follower(world.x, area, frequency=F.DAILY)
    _alerts(world, area, "news:1")
    assert digests.alert_digests(world.x, TUESDAY) == 1
    _alerts(world, area, "news:2")
    assert digests.alert_digests(world.x, TUESDAY) == 0  # the day's digest was queued
    assert Alert.objects.get(key="news:2").sent_at is None
    assert digests.alert_digests(world.x, TUESDAY + timedelta(days=1)) == 1
    assert "Nytt news:2" in digest_emails().order_by("pk").last().body


def test_weekly_people_hear_on_mondays_only(world, area):
    weekly = follower(world.x, area, frequency=F.WEEKLY)
    _alerts(world, area, "news:1")
    assert digests.alert_digests(world.x, TUESDAY) == 0
    assert digests.alert_digests(world.x, MONDAY + timedelta(days=7)) == 1
    [row] = digest_emails()
    assert row.recipient == weekly.email
    assert "Veckans nyheter" in row.subject


def test_paused_people_and_at_once_people_get_no_digest(world, area):
    follower(world.x, area, frequency=F.PAUSED)
    at_once = follower(world.x, area, frequency=F.AT_ONCE)
    _alerts(world, area, "news:1")
    # the at-once task never ran (a broker down): the daily run sends it, not as a digest
    assert digests.alert_digests(world.x, MONDAY) == 1
    assert not digest_emails().exists()
    assert list(alert_emails().values_list("recipient", flat=True)) == [at_once.email]


def test_the_digest_run_takes_the_same_queries_for_many_people(world, area):
    def run(day):
        with CaptureQueriesContext(connection) as queries:
            digests.alert_digests(world.x, day)
        return len(queries)

    follower(world.x, area, frequency=F.DAILY)
    _alerts(world, area, "news:1")
    few = run(TUESDAY)
    for _ in range(15):
        follower(world.x, area, frequency=F.DAILY)
    _alerts(world, area, "news:2", "news:3")
    many = run(TUESDAY + timedelta(days=1))
    assert many == few
    assert digest_emails().count() == 1 + 16


def test_another_municipalitys_alerts_are_not_in_this_digest(world, area):
    person = follower(world.x, area, frequency=F.DAILY)
    y_area = FocusAreaFactory(municipality=world.y)
    follower(world.y, y_area, frequency=F.DAILY, email="ekero@example.se")
    from outreach.models import AlertSetting, Follow

    Follow.objects.create(user=person, municipality=world.y, focus_area=y_area)
    AlertSetting.objects.create(user=person, municipality=world.y, frequency=F.WEEKLY)
    alert_services.alerts_create(news(world.y, key="y:1", focus_area_ids=[y_area.pk]))
    _alerts(world, area, "news:1")
    assert digests.alert_digests(world.x, TUESDAY) == 1
    [row] = digest_emails()
    assert "Nytt news:1" in row.body
    assert "y:1" not in row.body
    assert Alert.objects.get(user=person, key="y:1").sent_at is None  # weekly, in Ekerö


def test_alerts_older_than_a_year_are_removed(world, area):
    follower(world.x, area, frequency=F.DAILY)
    _alerts(world, area, "news:old", "news:new")
    Alert.objects.filter(key="news:old").update(created_at=timezone.now() - timedelta(days=400))
    steps = [s for s in retention.plan() if s.what == "alerts" and s.count]
    assert [s.count for s in steps] == [1]
    retention.carry_out(steps)
    assert list(Alert.objects.values_list("key", flat=True)) == ["news:new"]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_emails_speak_the_readers_language_and_end_with_the_one_click_line(
    world, area, settings, language
):
    settings.PORTAL_BASE_URL = "https://samverkan.example"
    follower(world.x, area, frequency=F.AT_ONCE, preferred_language=language)
    follower(world.x, area, frequency=F.DAILY, preferred_language=language)
    _alerts(world, area, "news:1")
    alert_services.send_at_once("news:1", world.x.pk)
    digests.alert_digests(world.x, TUESDAY)
    greeting, signature, stop = {
        "sv": (
            "Hej!",
            "Med vänlig hälsning",
            "https://samverkan.example/bevakning/aviseringar/avsluta/",
        ),
        "en": (
            "Hello,",
            "Kind regards",
            "https://samverkan.example/bevakning/aviseringar/avsluta/",
        ),
    }[language]
    rows = list(alert_emails()) + list(digest_emails())
    assert len(rows) == 2
    for row in rows:
        assert row.subject.startswith("[Samverkan – Nacka kommun] ")
        assert row.body.startswith(greeting)
        body, last = row.body.rstrip().rsplit("\n\n", 1)
        assert last.endswith(row.unsubscribe_url)
        assert row.unsubscribe_url.startswith(stop)
        assert signature in body.rsplit("-- \n", 1)[1]
        assert "https://samverkan.example/nyheter/1/" in body
        assert "https://samverkan.example/bevakning/nacka/" in body
