"""A call-out on its way (volunteering.delivery, volunteering.tasks): one message per
recipient in their language, saying what, where, when and by when to answer, with the link;
queued once however often it runs; an acute one ahead of the queue; rendered once per
language, not once per person."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal import notifications
from portal.models import Notification
from portal.notifications import deliver_pending
from tests.factories import UserFactory
from volunteering.delivery import KIND, callout_url, queue_callout
from volunteering.models import CallOut, Readiness, Volunteer
from volunteering.tasks import callout_send

pytestmark = pytest.mark.django_db
STOCKHOLM = timezone.get_current_timezone()


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.PORTAL_BASE_URL = "https://samverkan.example"


def acute(vol, skills=(), **fields):
    """An acute call-out to everyone (no dimension unless given)."""
    made = CallOut.objects.create(
        **{
            "municipality": vol.municipality,
            "title": "Evakuering av Ekbacken",
            "description": "Boende behöver flyttas till skolan i kväll.",
            "urgency": CallOut.Urgency.ACUTE,
            "status": CallOut.Status.OPEN,
            "place": "Fisksätra skola",
            "starts_at": datetime(2027, 1, 14, 18, 0, tzinfo=STOCKHOLM),
            "ends_at": datetime(2027, 1, 14, 23, 0, tzinfo=STOCKHOLM),
            "respond_by": datetime(2027, 1, 14, 16, 30, tzinfo=STOCKHOLM),
            "people_needed": 12,
            **fields,
        }
    )
    made.skills.set(skills)
    return made


def test_queued_once_for_each_recipient_and_the_count_kept(vol):
    made = acute(vol)
    assert queue_callout(made) == 4  # two organisations' people, two volunteers
    assert queue_callout(made) == 0  # again: nothing more
    made.refresh_from_db()
    assert made.recipient_count == 4
    rows = Notification.objects.filter(kind=KIND, key=f"callout:{made.pk}")
    assert rows.count() == 4
    assert set(rows.values_list("priority", flat=True)) == {Notification.Priority.HIGH}
    assert set(rows.values_list("municipality", flat=True)) == {vol.municipality.pk}
    # Someone who signs up afterwards is reached by the next run, the others not again.
    late = Volunteer.objects.create(
        user=UserFactory(), municipality=vol.municipality, consent_version="2026-12"
    )
    assert queue_callout(made) == 1
    assert made.recipient_count == 5
    while deliver_pending():
        pass
    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == sorted(rows.values_list("recipient", flat=True))
    assert late.user.email in sent


def test_a_planned_call_out_waits_its_turn(vol):
    made = acute(vol, urgency=CallOut.Urgency.PLANNED)
    queue_callout(made)
    assert set(Notification.objects.filter(kind=KIND).values_list("priority", flat=True)) == {
        Notification.Priority.NORMAL
    }
    assert (
        Notification.objects.filter(kind=KIND)
        .first()
        .subject.endswith("Upprop: Evakuering av Ekbacken")
    )


def test_each_recipient_reads_it_in_their_language_with_what_where_when_and_the_link(vol):
    english = vol.volunteer.user
    english.preferred_language = "en"
    english.save()
    made = acute(vol, skills=[vol.first_aid], languages=["ar"])  # Vera, and Röda Korset:
    ready = Readiness.objects.create(organisation=vol.organisation, languages=["ar"])
    ready.skills.add(vol.first_aid)
    assert queue_callout(made) == 2
    messages = {row.recipient: row for row in Notification.objects.filter(kind=KIND)}
    en, sv = messages[english.email], messages[vol.org_user.email]
    assert (en.language, sv.language) == ("en", "sv")
    assert en.subject == "[Samverkan – Nacka kommun] Urgent call-out: Evakuering av Ekbacken"
    assert sv.subject == "[Samverkan – Nacka kommun] Akut upprop: Evakuering av Ekbacken"
    url = callout_url(made)
    assert url.startswith("https://samverkan.example/")
    for text in (
        'Hello,\n\nNacka kommun urgently needs help: "Evakuering av Ekbacken".',
        "Boende behöver flyttas till skolan i kväll.",
        "Where: Fisksätra skola",
        "When: Thursday 14 January 2027 18:00–14 January 23:00",
        "People needed: 12",
        "Skills and resources: Första hjälpen",
        "Languages: Arabic",
        "Answer by Thursday 14 January 2027 16:30.",
        url,
    ):
        assert text in en.body, text
    for text in (
        "Hej!\n\nNacka kommun behöver akut hjälp: ”Evakuering av Ekbacken”.",
        "Var: Fisksätra skola",
        "När: torsdag 14 januari 2027 18:00–14 januari 23:00",
        "Språk: Arabiska",
        "Svara senast torsdag 14 januari 2027 16:30.",
        url,
    ):
        assert text in sv.body, sv.body


def test_rendered_once_per_language_not_once_per_person(vol, monkeypatch):
    for n in range(30):
        Volunteer.objects.create(
            user=UserFactory(preferred_language="en" if n % 2 else "sv"),
            municipality=vol.municipality,
            consent_version="2026-12",
        )
    calls = []
    real = notifications.render
    monkeypatch.setattr(
        notifications, "render", lambda *a, **k: calls.append(a[2]) or real(*a, **k)
    )
    assert queue_callout(acute(vol, languages=[])) == 34
    assert sorted(calls) == ["en", "sv"]


def test_the_task_queues_an_open_call_out_once_and_leaves_a_cancelled_one(vol):
    made = acute(vol)
    assert callout_send.apply(args=[made.pk]).get() == 4
    assert callout_send.apply(args=[made.pk]).get() == 0  # run again (acks_late): nothing new
    cancelled = acute(vol, status=CallOut.Status.CANCELLED)
    assert callout_send.apply(args=[cancelled.pk]).get() == 0
    assert not Notification.objects.filter(key=f"callout:{cancelled.pk}").exists()
    assert callout_send.apply(args=[10**9]).get() == 0  # deleted meanwhile


def test_acute_call_out_goes_before_reminders_queued_earlier(vol):
    for n in range(3):
        Notification.objects.create(
            kind="reminder.test", key=f"r{n}", recipient=f"r{n}@example.se", subject="Påminnelse",
            body="Hej", send_after=timezone.now() - timedelta(hours=1),
        )  # fmt: skip
    made = acute(vol)
    queue_callout(made)
    assert deliver_pending(limit=4) == 4
    assert {m.subject for m in mail.outbox} == {
        "[Samverkan – Nacka kommun] Akut upprop: Evakuering av Ekbacken"
    }
