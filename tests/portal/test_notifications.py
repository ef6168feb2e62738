"""The outbox and the reminders: sent once however often a job runs, nothing lost while the
broker is down, Stockholm dates at the boundaries, a real worker end to end, failures
retried and shown to officers."""

import time
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from config.celery import app as celery_app
from grants import reminders as grant_reminders
from grants import services as grant_services
from grants.models import FollowUpReport
from networks import reminders as network_reminders
from networks.models import Invitation, Meeting, NetworkMember
from portal import audit_text, reminders
from portal.models import AuditEvent, Notification, ReminderPolicy
from portal.notifications import deliver_pending, notifications_send_again, render
from portal.tasks import outbox_drain, reminders_run
from tests.factories import CallFactory, GrantProgrammeFactory, OrganisationFactory, UserFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def stockholm(day, hour=12, minute=0):
    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def draft(world):
    organisation = eligible_organisation(world.x)
    person = UserFactory(email="ordforande@example.se")
    organisation.memberships.create(user=person, role="responsible")
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()),
        closes_at=stockholm(TODAY + timedelta(days=2)),
    )
    return grant_services.application_start(call=call, organisation=organisation, by=person)


def test_a_reminder_job_run_twice_sends_once(world, draft):
    assert reminders.run_all(TODAY)["call_closing"] == 1
    assert reminders.run_all(TODAY)["call_closing"] == 0  # already queued: nothing new
    outbox_drain.apply()
    outbox_drain.apply()
    [message] = mail.outbox
    assert message.to == ["ordforande@example.se"]
    assert draft.call.title in message.subject
    row = Notification.objects.get(kind="reminder.call_closing")
    assert (row.status, row.key) == (Notification.Status.SENT, f"application:{draft.pk}:closing")


def test_stockholm_dates_decide_the_window(world, draft):
    ReminderPolicy.objects.create(municipality=world.x, call_closing_days=3)
    call = draft.call
    call.closes_at = stockholm(TODAY + timedelta(days=3), 0, 30)  # 23:30 UTC the day before
    call.save()
    assert grant_reminders.call_closing(world.x, TODAY) == 1
    Notification.objects.all().delete()
    call.closes_at = stockholm(TODAY + timedelta(days=4), 0, 30)
    call.save()
    assert grant_reminders.call_closing(world.x, TODAY) == 0


def test_policy_turns_a_reminder_off(world, draft):
    ReminderPolicy.objects.create(municipality=world.x, call_closing_days=None)
    assert grant_reminders.call_closing(world.x, TODAY) == 0


def test_reports_due_overdue_and_escalated_to_the_officer(world):
    officer = world.users["officer_x"]
    call = CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=10)
    )
    organisation = eligible_organisation(call.programme.committee.municipality)
    kassor = UserFactory(email="kassor@example.se")  # the organisation's only person
    organisation.memberships.create(user=kassor, role="responsible")
    application = submitted(call, organisation=organisation, by=kassor)
    report = decide(application, officer).reports.get()
    ReminderPolicy.objects.create(
        municipality=world.x, report_due_days=14, report_escalation_days=7
    )
    assert grant_reminders.reports(world.x, TODAY) == 1  # due within 14 days
    FollowUpReport.objects.filter(pk=report.pk).update(due_on=TODAY - timedelta(days=3))
    assert grant_reminders.reports(world.x, TODAY) == 1  # overdue: the association
    FollowUpReport.objects.filter(pk=report.pk).update(due_on=TODAY - timedelta(days=8))
    assert grant_reminders.reports(world.x, TODAY) == 1  # escalated: the officer
    kinds = dict(Notification.objects.values_list("kind", "recipient"))
    assert kinds["reminder.report_escalated"] == officer.email
    assert kinds["reminder.report_overdue"] == "kassor@example.se"


def test_meeting_reminder_follows_a_rescheduled_meeting(world):
    from tests.factories import NetworkFactory

    network = NetworkFactory(municipality=world.x)
    person = UserFactory(email="deltagare@example.se")
    member = NetworkMember.objects.create(network=network, kind="individual", user=person)
    meeting = Meeting.objects.create(
        network=network,
        title="Nattvandring",
        mode="online",
        online_url="https://meet.example/n",
        starts_at=stockholm(TODAY + timedelta(days=1), 18),
        ends_at=stockholm(TODAY + timedelta(days=1), 20),
    )
    Invitation.objects.create(meeting=meeting, member=member, response=Invitation.Response.YES)
    assert network_reminders.meetings_tomorrow(world.x, TODAY) == 1
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=stockholm(TODAY + timedelta(days=5), 18),
        ends_at=stockholm(TODAY + timedelta(days=5), 20),
    )
    Notification.objects.filter(status="pending").delete()  # not yet sent when it moved
    assert network_reminders.meetings_tomorrow(world.x, TODAY) == 0  # not tomorrow any more
    assert network_reminders.meetings_tomorrow(world.x, TODAY + timedelta(days=4)) == 1  # new time


@pytest.fixture
def broker_down():
    """Point Celery at a port where no Redis listens (a real connection refusal)."""
    broker = celery_app.conf.broker_url

    def point_at(url):
        celery_app.conf.broker_url = url
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    point_at("redis://127.0.0.1:1/0")
    yield
    point_at(broker)


@pytest.mark.django_db(transaction=True)
def test_submit_succeeds_while_the_broker_is_down_and_the_email_follows(
    applicant_call, broker_down
):
    application, data, person = applicant_call
    form = grant_services.application_submit(
        application=application, data=data, files={}, by=person
    )
    assert not form.errors
    application.refresh_from_db()
    assert application.diarienummer  # the submission itself stood
    row = Notification.objects.get(kind="grants.receipt")
    assert row.status == Notification.Status.PENDING
    assert mail.outbox == []
    outbox_drain.apply()  # the broker is back: the periodic drain sends it
    [message] = mail.outbox
    assert application.diarienummer in message.subject


@pytest.fixture
def applicant_call(world):
    organisation = eligible_organisation(world.x)
    person = UserFactory(email="sokande@example.se")
    organisation.memberships.create(user=person, role="responsible")
    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()))
    application = grant_services.application_start(call=call, organisation=organisation, by=person)
    return application, MultiValueDict(), person


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_daily_reminders(world, draft):
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        reminders_run.delay()
        deadline = time.monotonic() + 30
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.2)
    assert [m.to for m in mail.outbox] == [["ordforande@example.se"]]
    assert Notification.objects.get(kind="reminder.call_closing").status == "sent"


def test_failures_are_retried_with_backoff_then_marked_failed(world, draft, settings):
    grant_reminders.call_closing(world.x, TODAY)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP down")):
        assert deliver_pending() == 0
    row = Notification.objects.get()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "SMTP down" in row.last_error
    assert row.send_after > timezone.now()
    Notification.objects.update(attempts=Notification.MAX_ATTEMPTS - 1, send_after=timezone.now())
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP down")):
        deliver_pending()
    assert Notification.objects.get().status == "failed"


def test_officers_see_what_was_sent_and_requeue_failures(client, world, draft):
    grant_reminders.call_closing(world.x, TODAY)
    Notification.objects.update(status="failed", last_error="SMTPRecipientsRefused")
    client.force_login(world.users["officer_x"])
    url = reverse("admin:portal_notification_changelist")
    page = client.get(url, {"status__exact": "failed"})
    assert "ordforande@example.se" in page.content.decode()
    detail = client.get(
        reverse("admin:portal_notification_change", args=[Notification.objects.get().pk])
    )
    assert "SMTPRecipientsRefused" in detail.content.decode()
    client.post(
        url,
        {
            "action": "send_again",
            "_selected_action": list(Notification.objects.values_list("pk", flat=True)),
        },
    )
    assert Notification.objects.get().status == "pending"
    queued = AuditEvent.objects.get(action="notification.queued_again")  # audited, readable
    assert queued.before == {"status": "failed", "attempts": 0}
    assert audit_text.sentence(queued).endswith("att skickas igen")
    client.force_login(world.users["officer_y"])
    assert client.get(url).context["cl"].result_count == 0  # another municipality's messages


def test_overdue_actions_reach_the_owner_and_the_coordinator(world):
    from networks import services as network_services
    from tests.factories import NetworkFactory

    coordinator = world.users["coordinator_x"]
    network = NetworkFactory(municipality=world.x, coordinator=coordinator)
    owner = UserFactory(email="agare@example.se")
    member = NetworkMember.objects.create(network=network, kind="individual", user=owner)
    network_services.action_create(
        network=network,
        title="Lampor",
        owner_member=member,
        due_on=TODAY - timedelta(days=1),
        by=coordinator,
    )
    assert network_reminders.actions_overdue(world.x, TODAY) == 2
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        "agare@example.se",
        coordinator.email,
    }


def test_officer_digest_on_mondays(world):
    monday = TODAY - timedelta(days=TODAY.weekday())
    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()))
    late = submitted(call)
    late.__class__.objects.filter(pk=late.pk).update(submitted_at=stockholm(monday - timedelta(30)))
    assert grant_reminders.officer_digest(world.x, monday + timedelta(days=1)) == 0  # a Tuesday
    assert grant_reminders.officer_digest(world.x, monday) == 1
    row = Notification.objects.get(kind="reminder.officer_digest")
    assert row.recipient == world.users["officer_x"].email
    assert late.diarienummer in row.body
    assert Decimal(1) == 1


def test_each_person_gets_the_reminder_in_their_own_language(world, draft):
    english = UserFactory(email="english@example.se", preferred_language="en")
    draft.organisation.memberships.create(user=english, role="member")
    grant_reminders.call_closing(world.x, TODAY)
    subjects = dict(Notification.objects.values_list("recipient", "subject"))
    assert subjects["english@example.se"].startswith("[Samverkan – Nacka kommun] Reminder: your")
    assert subjects["ordforande@example.se"].startswith("[Samverkan – Nacka kommun] Påminnelse:")


def test_a_plain_text_email_is_not_html_escaped(db):
    """An email is not HTML: an association named "Bröd & Bollar <Ung>" reads so in the
    subject and the body, not as "Bröd &amp; Bollar &lt;Ung&gt;"."""
    organisation = OrganisationFactory(name="Bröd & Bollar <Ung>", status_message="Ni & vi")
    subject, body = render(
        "organisations/email/status", {"organisation": organisation, "url": "/x?a=1&b=2"}, "sv"
    )
    assert "Bröd & Bollar <Ung>" in subject
    assert "Bröd & Bollar <Ung>" in body
    assert "Ni & vi" in body
    assert "/x?a=1&b=2" in body
    assert "&amp;" not in subject + body


def test_an_outbox_message_moves_only_as_its_table_says(world):
    """The worker sends or fails a waiting message; staff queue a failed one again; a sent
    message stays sent (portal.workflow)."""
    user = world.users["officer_x"]
    for n, status in enumerate(["sent", "failed", "pending"]):
        Notification.objects.create(
            kind="test", key=f"k{n}", recipient=f"r{n}@example.se", subject=f"Ämne {n}",
            body="Hej", status=status, municipality=world.x,
        )  # fmt: skip
    sent = Notification.objects.get(status="sent")
    queued = notifications_send_again(notifications=Notification.objects.all(), by=user)
    assert queued == 1  # only the failed one
    assert {row.subject: row.status for row in Notification.objects.all()} == {
        "Ämne 0": "sent",
        "Ämne 1": "pending",
        "Ämne 2": "pending",
    }
    assert AuditEvent.objects.get(action="notification.queued_again").target_repr == "Ämne 1"
    assert deliver_pending() == 2
    assert Notification.objects.get(pk=sent.pk).sent_at is None  # a sent one is not sent again
