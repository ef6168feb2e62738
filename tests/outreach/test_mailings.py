"""Mailings (outreach.services.mailings, outreach.mailing_tasks): the workflow's every pair
of states and who may move them, sending queued on commit (in the request when the broker
is down), the task queuing each recipient once in their language with the one-click opt-out
and marking the mailing sent with the count, a second run queuing and counting nothing,
never to an address that opted out; permissions across municipalities and roles."""

import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from outreach import workflow
from outreach.mailing_tasks import mailing_send
from outreach.models import Mailing, MailingOptOut, Segment
from outreach.services import mailings as services
from portal.models import AuditEvent, Notification, Role
from portal.notifications import deliver_pending
from portal.services import role_assign
from tests.factories import UserFactory
from tests.outreach import test_segments
from tests.outreach.test_segments import segment_of

pytestmark = pytest.mark.django_db
mw = test_segments.mw  # the mailings' world (a fixture)
M = Mailing.Status


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.PORTAL_BASE_URL = "https://samverkan.example"


def draft(mw, segment=None, by=None, **fields):
    segment = segment or segment_of(mw, name="Fisksätras unga", districts=[mw.fisksatra],
                                    target_groups=[mw.youth], networks=[mw.bra])  # fmt: skip
    data = {
        "segment": segment,
        "subject_sv": "Inbjudan till föreningsträff",
        "body_sv": "Välkomna till träffen den 12 mars.\nFika & samtal.",
        "subject_en": "Invitation to the associations' meeting",
        "body_en": "Welcome to the meeting on 12 March.\nCoffee & talk.",
        **fields,
    }
    return services.mailing_create(municipality=mw.x, by=by or mw.coordinator, data=data)


def sent(mw, mailing, by=None):
    """Send it and run the worker's part at once."""
    services.mailing_send(mailing=mailing, by=by or mw.coordinator)
    mailing_send.apply(args=[mailing.pk])
    mailing.refresh_from_db()
    return mailing


@pytest.fixture
def no_broker(monkeypatch):
    """The task is not sent to a broker: the test runs it when it wants."""
    queued = []
    monkeypatch.setattr(services, "queue_delivery", queued.append)
    return queued


# --- the workflow ----------------------------------------------------------------------------


def test_every_pair_of_states_is_allowed_only_as_the_table_says():
    kinds = {workflow.COORDINATOR, workflow.SYSTEM}
    for old, new in itertools.product(M.values, M.values):
        for kind in kinds:
            problem = workflow.move_problem(workflow.MAILING_TRANSITIONS, M, old, new, {kind})
            expected = kind in workflow.MAILING_TRANSITIONS.get((old, new), frozenset())
            assert (problem is None) == expected, (old, new, kind)
    # the coordinator sends or cancels a draft; only the worker marks it sent; nothing else
    assert workflow.moves(M.DRAFT, {workflow.COORDINATOR}, workflow.MAILING_TRANSITIONS) == [
        M.SENDING,
        M.CANCELLED,
    ]
    for final in (M.SENT, M.CANCELLED):
        assert workflow.moves(final, kinds, workflow.MAILING_TRANSITIONS) == []


def test_the_services_refuse_moves_outside_the_table_and_audit_each_move(mw, no_broker):
    mailing = draft(mw)
    services.mailing_send(mailing=mailing, by=mw.coordinator)
    for to in (M.SENDING, M.DRAFT, M.CANCELLED, M.SENT):
        with pytest.raises(ValidationError):
            services.mailing_transition(mailing=mailing, to_status=to, by=mw.coordinator)
    other = draft(mw, segment=mailing.segment)
    services.mailing_cancel(mailing=other, by=mw.coordinator)
    with pytest.raises(ValidationError):
        services.mailing_send(mailing=other, by=mw.coordinator)
    moves = AuditEvent.objects.filter(action="mailing.status_changed").order_by("pk")
    assert [(e.before["status"], e.after["status"]) for e in moves] == [
        ("draft", "sending"),
        ("draft", "cancelled"),
    ]
    assert moves[0].actor == mw.coordinator


def test_a_draft_is_checked_and_only_a_draft_changes(mw, no_broker):
    theirs = Segment.objects.create(municipality=mw.y, name="Ekerö")
    with pytest.raises(ValidationError) as refused:
        draft(mw, segment=theirs)
    assert "segment" in refused.value.message_dict
    ours = segment_of(mw, name="Alla")
    with pytest.raises(ValidationError) as refused:
        draft(mw, segment=ours, body_sv="  ")
    assert "body_sv" in refused.value.message_dict
    mailing = draft(mw, segment=ours)
    services.mailing_update(mailing=mailing, by=mw.coordinator, data={"subject_sv": "Ny rubrik"})
    assert AuditEvent.objects.get(action="mailing.changed").after == {"subject_sv": "Ny rubrik"}
    services.mailing_send(mailing=mailing, by=mw.coordinator)
    with pytest.raises(ValidationError):
        services.mailing_update(mailing=mailing, by=mw.coordinator, data={"subject_sv": "Igen"})


# --- permissions ---------------------------------------------------------------------------


def test_only_the_municipalitys_coordinators_and_administrators_write_and_send(world, mw):
    mailing = draft(mw)
    services.mailing_send(mailing=draft(mw, segment=mailing.segment, by=world.users["admin_x"]),
                          by=world.users["admin_x"])  # fmt: skip
    ekero = UserFactory()
    role_assign(user=ekero, municipality=mw.y, role=Role.COORDINATOR)
    for person in (world.users["officer_x"], world.users["politician_x"], world.users["member"],
                   world.users["officer_y"], ekero):  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.mailing_send(mailing=mailing, by=person)
        with pytest.raises(PermissionDenied):
            draft(mw, segment=mailing.segment, by=person)
    mailing.refresh_from_db()
    assert mailing.status == M.DRAFT


def test_a_person_with_roles_in_two_municipalities_sends_only_where_coordinator(world, mw):
    both = UserFactory()
    role_assign(user=both, municipality=mw.y, role=Role.COORDINATOR)
    role_assign(user=both, municipality=mw.x, role=Role.OFFICER,
                committee=mw.x.committees.get())  # fmt: skip
    mailing = draft(mw)
    with pytest.raises(PermissionDenied):
        services.mailing_send(mailing=mailing, by=both)
    theirs = Segment.objects.create(municipality=mw.y, name="Ekerö")
    made = services.mailing_create(
        municipality=mw.y, by=both, data={"segment": theirs, "subject_sv": "Hej", "body_sv": "Text"}
    )
    assert services.mailing_send(mailing=made, by=both).status == M.SENDING


# --- sending -------------------------------------------------------------------------------


def test_sending_queues_the_delivery_only_on_commit(
    mw, django_capture_on_commit_callbacks, no_broker
):
    mailing = draft(mw)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.mailing_send(mailing=mailing, by=mw.coordinator)
    assert no_broker == []
    for callback in callbacks:
        callback()
    assert no_broker == [mailing.pk]


def test_with_the_broker_down_the_mailing_is_queued_in_the_request(
    mw, monkeypatch, django_capture_on_commit_callbacks
):
    from celery import current_app

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(current_app, "send_task", down)
    mailing = draft(mw)
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_send(mailing=mailing, by=mw.coordinator)
    mailing.refresh_from_db()
    assert mailing.status == M.SENT
    assert mailing.recipient_count == 6
    assert Notification.objects.filter(kind="mailing", key=f"mailing:{mailing.pk}").count() == 6


def test_the_task_queues_each_recipient_once_and_a_second_run_nothing(mw, no_broker):
    mailing = draft(mw)
    services.mailing_send(mailing=mailing, by=mw.coordinator)
    assert mailing_send.apply(args=[mailing.pk]).get() == 6
    mailing.refresh_from_db()
    assert (mailing.status, mailing.recipient_count) == (M.SENT, 6)
    assert mailing.sent_at is not None
    assert mailing.sent_by == mw.coordinator
    assert mailing_send.apply(args=[mailing.pk]).get() == 0  # run again (acks_late)
    mailing.refresh_from_db()
    assert mailing.recipient_count == 6
    # even were it found "being sent" again, the outbox's key keeps each recipient once
    Mailing.objects.filter(pk=mailing.pk).update(status=M.SENDING)
    assert mailing_send.apply(args=[mailing.pk]).get() == 0
    mailing.refresh_from_db()
    assert mailing.recipient_count == 6
    rows = Notification.objects.filter(kind="mailing", key=f"mailing:{mailing.pk}")
    assert sorted(rows.values_list("recipient", flat=True)) == [
        "Kansli@AltaIF.example.se", "anna@example.se", "bo@example.se", "dan@example.se",
        "erik@example.se", "polisen@example.se",
    ]  # fmt: skip
    assert set(rows.values_list("municipality", flat=True)) == {mw.x.pk}
    assert AuditEvent.objects.filter(action="mailing.status_changed",
                                     after__status="sent").count() == 2  # fmt: skip
    assert mailing_send.apply(args=[10**9]).get() == 0  # gone meanwhile
    assert mailing_send.apply(args=[draft(mw, segment=mailing.segment).pk]).get() == 0  # a draft


def test_never_to_an_address_that_opted_out_even_after_the_selector(mw, no_broker, monkeypatch):
    mailing = draft(mw)
    services.mailing_send(mailing=mailing, by=mw.coordinator)
    # the address opts out as the worker works out the recipients
    real = services.recipients

    def then_opt_out(segment):
        found = real(segment)
        MailingOptOut.objects.create(municipality=mw.x, email="DAN@example.se")
        return found

    monkeypatch.setattr(services, "recipients", then_opt_out)
    assert mailing_send.apply(args=[mailing.pk]).get() == 5
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert "dan@example.se" not in recipients
    assert "bo@example.se" in recipients


def test_the_email_is_in_the_recipients_language_with_the_one_click_opt_out(
    mw, settings, no_broker
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mailing = sent(mw, draft(mw))
    mail.outbox = []
    assert deliver_pending(limit=100) == 6
    by_address = {m.to[0]: m for m in mail.outbox}
    swedish, english = by_address["anna@example.se"], by_address["bo@example.se"]
    assert swedish.subject == "[Samverkan – Nacka kommun] Inbjudan till föreningsträff"
    assert english.subject == "[Samverkan – Nacka kommun] Invitation to the associations' meeting"
    assert swedish.body.startswith("Hej,\n\nVälkomna till träffen den 12 mars.\nFika & samtal.")
    assert english.body.startswith("Hello,\n\nWelcome to the meeting on 12 March.\nCoffee & talk.")
    for message in mail.outbox:
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link.startswith("https://samverkan.example/")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in message.body  # and on the body's last line
        token = link.rstrip("/").rsplit("/", 1)[1]
        municipality, email = services.read_opt_out_token(token)
        assert (municipality, email) == (mw.x, message.to[0].lower())
    # an address without account reads Swedish; English falls back to Swedish where unwritten
    assert by_address["polisen@example.se"].body.startswith("Hej,")
    Mailing.objects.filter(pk=mailing.pk).update(subject_en="", body_en="")


def test_english_readers_get_swedish_where_nothing_was_written_in_english(mw, no_broker):
    mailing = sent(mw, draft(mw, subject_en="", body_en=""))
    row = Notification.objects.get(key=f"mailing:{mailing.pk}", recipient="bo@example.se")
    assert row.language == "en"
    assert row.subject.endswith("Inbjudan till föreningsträff")
    assert row.body.startswith("Hello,\n\nVälkomna till träffen")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_segment_and_mailing_event_reads_as_a_sentence(mw, no_broker, language):
    from django.utils import translation

    from outreach.services import segments as segment_services
    from portal import audit_text
    from tests.portal.test_audit_text import REPR, lines

    segment = segment_services.segment_create(
        municipality=mw.x, by=mw.coordinator,
        data={"name": "Unga", "kinds": "association", "districts": [mw.fisksatra],
              "networks": [mw.bra], "only_eligible": True},
    )  # fmt: skip
    segment_services.segment_update(
        segment=segment, by=mw.coordinator, data={"target_groups": [mw.youth], "kinds": ""}
    )
    mailing = sent(mw, draft(mw, segment=segment))
    services.mailing_update(
        mailing=draft(mw, segment=segment), by=mw.coordinator, data={"subject_sv": "Ny"}
    )
    services.mailing_cancel(mailing=draft(mw, segment=segment), by=mw.coordinator)
    segment_services.segment_delete(segment=segment_of(mw, name="Bort"), by=mw.coordinator)
    services.mailing_opt_out(municipality=mw.x, email="anna@example.se")
    services.mailing_opt_in(municipality=mw.x, email="anna@example.se")
    events = AuditEvent.objects.filter(action__regex=r"^(segment|mailing)\.")
    assert {e.action for e in events} == {
        "segment.created", "segment.changed", "segment.deleted", "mailing.created",
        "mailing.changed", "mailing.status_changed", "mailing.opted_out", "mailing.opted_in",
    }  # fmt: skip
    with translation.override(language):
        rows = audit_text.read(events.select_related("actor"))
    for found in rows:
        text = " ".join([found.sentence, *lines(found)])
        assert found.sentence
        assert "%(" not in text, text
        assert not REPR.search(text), text
        assert "informal_group" not in text, text  # no stored choice
        assert "sending" not in text, text
    opt_out = AuditEvent.objects.get(action="mailing.opted_out")
    assert "anna" not in f"{opt_out.target_repr} {opt_out.before} {opt_out.after}"
    assert mailing.status == M.SENT


def test_the_worker_knows_the_task_by_the_name_the_services_send_it_by():
    """A worker started afresh registers what Celery's autodiscovery imports (each app's
    ``tasks`` module): the mailing task must be among it under ``SEND_TASK``. The script runs
    the autodiscovery itself, without the worker's start-up checks of the models (which on
    the newest Django open a connection to the database the settings name)."""
    import os
    import subprocess
    import sys

    script = (
        "import django; django.setup()\n"
        "from django.apps import apps\n"
        "from celery.loaders.base import autodiscover_tasks\n"
        "from config.celery import app\n"
        "autodiscover_tasks([c.name for c in apps.get_app_configs()])\n"
        f"print({services.SEND_TASK!r} in app.tasks)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    found = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert found.stdout.strip().splitlines()[-1] == "True", found.stderr[-2000:]
