"""Benchmark 4: deadline day. ``BENCH_APPLICANTS`` (200) organisations submit complete drafts
to one call through the real submit POST, against gunicorn on loopback: released together by
a barrier and spread over at most a minute, every tenth applicant clicking twice. Then the
database must hold every submission exactly once: that many submitted applications and no
draft left, distinct and gap-free diarienummer, one submitted event and one queued receipt
each; no HTTP error and a p95 of the submit POST under one second. Submissions all in the same
instant (spread 0) are checked the same way, except the p95: theirs measures how fast the
server works through the queue (its cores: both were 95 % busy in the runs of 2026-11-25, the
diarienummer lock is held ≈6 ms a submit), printed as INFO.

``BENCH_DEADLINE_SPREADS`` ("60,0"): one scenario per value, the seconds over which the
submissions are spread (0: all at the same moment), each with a committee and call of its
own. gunicorn runs ``BENCH_DEADLINE_WORKERS`` (4) gthread workers of
``BENCH_DEADLINE_THREADS`` (4) threads, warmed up first by as many submissions to a call of
their own (not measured: on deadline day the server has been running for hours). Logins are
sessions made server-side (the login page is not measured); each applicant opens its form
(GET) for the CSRF token before the rush.
The data is made in bulk in a municipality of its own and removed afterwards.

``python -m bench.deadline profile`` shows where a submit's time goes: ``BENCH_PROFILE_SUBMITS``
(100) submits through the real view in this process, their CPU time and statements, then the
same under cProfile, part by part (``PROFILE_PARTS``)."""

import http.client
import os
import random
import re
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie
from importlib import import_module
from urllib.parse import urlencode

from bench import cpu
from bench.server import HOST, Gunicorn, django_setup
from bench.table import print_table

django_setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from stdnum import luhn  # noqa: E402

from grants.models import (  # noqa: E402
    Application,
    ApplicationEvent,
    Call,
    DiarySequence,
    GrantProgramme,
    Question,
)
from organisations.models import (  # noqa: E402
    Document,
    DocumentKind,
    EligibilityPeriod,
    Membership,
    Organisation,
)
from portal.models import (  # noqa: E402
    AuditEvent,
    Committee,
    FocusArea,
    Municipality,
    Notification,
    User,
)

APPLICANTS = int(os.environ.get("BENCH_APPLICANTS", "200"))
SPREADS = [float(s) for s in os.environ.get("BENCH_DEADLINE_SPREADS", "60,0").split(",")]
WORKERS = int(os.environ.get("BENCH_DEADLINE_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_DEADLINE_THREADS", "4"))
DOUBLE_CLICK_EVERY = 10  # every tenth applicant sends the submit twice...
DOUBLE_CLICK_GAP = 0.05  # ...this many seconds apart, on a second connection
P95_BUDGET_MS = 1000
SLUG = "bench-deadline"
EMAIL = "deadline-bench-{}@example.invalid"  # not "bench-": bench.reminders removes those
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_PAGE = b'data-testid="diarienummer"'  # the submitted application's page...
FORM_PAGE = b'id="application-form"'  # ...and the form, shown again when it has errors
CHECKS: list[tuple[str, str, bool]] = []  # (scenario, invariant, passed) of the last run()


def _answers(index: int) -> dict:
    return {"q_verksamhet": f"Träningar och läger för barn, förening {index}.",
            "q_belopp": str(1000 + index)}  # fmt: skip


def _organisation_number(index: int) -> str:
    base = f"802{index:06d}"
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


def _session(user) -> str:
    """A logged-in session made the way django.contrib.auth.login makes it."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(2 * 60 * 60)  # sessions of an interrupted run expire on their own
    session.save()
    return session.session_key


@dataclass
class Scenario:
    spread: float
    committee: Committee
    call: Call
    applicants: list[tuple[str, int]]  # (session key, application pk)
    attempts: list[tuple[float, bool, str]] = field(default_factory=list)  # ms, ok, detail
    form_errors: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # ms of CPU per submit, per group


def _setup(count: int, spreads: list[float], warm_up: int) -> tuple[list[Scenario], list[str]]:
    """Organisations that may apply (approved, eligible, the required registry document)
    with a verified, logged-in user each, and per scenario a call closing today with a
    complete draft from every organisation; first a small call that warms the server up."""
    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        municipality = Municipality.objects.create(
            name="Bänkkommun (deadline)", slug=SLUG, municipality_code="9998", is_active=False
        )
        users = [User(email=EMAIL.format(i), full_name=f"Sökande {i}") for i in range(count)]
        for user in users:
            user.set_unusable_password()
        users = User.objects.bulk_create(users)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
        )
        organisations = Organisation.objects.bulk_create(
            Organisation(
                municipality=municipality,
                kind=Organisation.Kind.ASSOCIATION,
                legal_form=Organisation.LegalForm.IDEELL_FORENING,
                organisation_number=_organisation_number(i),
                name=f"Deadlineföreningen {i}",
                status=Organisation.Status.APPROVED,
                contact_name=f"Sökande {i}",
                contact_email=EMAIL.format(i),
            )
            for i in range(count)
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation=o, role=Membership.Role.RESPONSIBLE)
            for u, o in zip(users, organisations, strict=True)
        )
        EligibilityPeriod.objects.bulk_create(
            EligibilityPeriod(
                organisation=o,
                valid_from=date(today.year, 1, 1),
                valid_until=date(today.year, 12, 31),
            )
            for o in organisations
        )
        Document.objects.bulk_create(
            Document(
                organisation=o,
                year=today.year - 1,
                kind=DocumentKind.VERKSAMHETSBERATTELSE,
                file="bench/verksamhetsberattelse.pdf",  # never downloaded by the benchmark
                original_name="verksamhetsberattelse.pdf",
                content_type="application/pdf",
                size=1,
            )
            for o in organisations
        )
        # As a real programme is: tagged by focus area, which every submitted case counts under.
        focus_areas = FocusArea.objects.bulk_create(
            FocusArea(municipality=municipality, name=name, slug=slug)
            for name, slug in [("Trygghet", "trygghet"), ("Idrott", "idrott")]
        )
        scenarios = []
        sizes = [(0.0, min(warm_up, count)), *((spread, count) for spread in spreads)]
        for index, (spread, size) in enumerate(sizes):
            committee = Committee.objects.create(
                municipality=municipality,
                name=f"Bänknämnden {index}",
                slug=f"bench-{index}",
                abbreviation=f"BN{index}",
            )
            programme = GrantProgramme.objects.create(
                committee=committee,
                name=f"Föreningsbidrag {index}",
                slug=f"bench-{index}",
                kind="foreningsbidrag",
                summary="Bidrag till föreningar (belastningstest).",
                requires_eligibility=True,
                required_documents=[DocumentKind.VERKSAMHETSBERATTELSE],
                max_amount=50000,
            )
            programme.focus_areas.set(focus_areas)
            Question.objects.bulk_create([
                Question(programme=programme, key="verksamhet", label="Beskriv verksamheten",
                         field_type="textarea", required=True, ordering=0),
                Question(programme=programme, key="belopp", label="Sökt belopp",
                         field_type="amount", required=True, ordering=1),
            ])  # fmt: skip
            call = Call.objects.create(
                programme=programme,
                title=f"Föreningsbidrag, sista ansökningsdag {index}",
                budget=10_000_000,
                opens_at=now - timedelta(days=30),
                closes_at=now + timedelta(hours=6),
            )
            applications = Application.objects.bulk_create(
                Application(
                    call=call,
                    municipality_id=call.programme.committee.municipality_id,
                    organisation=o,
                    created_by=u,
                    answers=_answers(i),
                )
                for i, (u, o) in enumerate(zip(users[:size], organisations[:size], strict=True))
            )
            scenarios.append((spread, committee, call, applications))
    sessions = [_session(user) for user in users]
    return [
        Scenario(spread, committee, call, list(zip(sessions, [a.pk for a in apps], strict=False)))
        for spread, committee, call, apps in scenarios
    ], sessions


def _teardown(sessions=()) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in sessions:
        store(session_key=key).delete()
    municipality = Municipality.objects.filter(slug=SLUG).first()
    if municipality is None:
        return
    with transaction.atomic():
        Notification.objects.filter(municipality=municipality).delete()
        AuditEvent.objects.filter(municipality=municipality).delete()
        Application.objects.filter(call__programme__committee__municipality=municipality).delete()
        DiarySequence.objects.filter(committee__municipality=municipality).delete()
        Call.objects.filter(programme__committee__municipality=municipality).delete()
        GrantProgramme.objects.filter(committee__municipality=municipality).delete()
        Organisation.objects.filter(municipality=municipality).delete()
        User.objects.filter(
            email__startswith="deadline-bench-", email__endswith="@example.invalid"
        ).delete()
        Committee.objects.filter(municipality=municipality).delete()
        municipality.delete()


# --- the applicants (client threads) ---------------------------------------------------------


def _request(port, method, path, headers, body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def _open_form(port, session_key, path) -> str:
    """GET the form as the browser does; return the Cookie header and body of the submit."""
    cookie_header = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    response, body = _request(port, "GET", path, {"Cookie": cookie_header})
    if response.status != 200:
        raise RuntimeError(f"the form answered {response.status}")
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = CSRF_INPUT.search(body.decode())
    if token is None or settings.CSRF_COOKIE_NAME not in cookies:
        raise RuntimeError("the form has no CSRF token")
    csrf_cookie = cookies[settings.CSRF_COOKIE_NAME].value
    return f"{cookie_header}; {settings.CSRF_COOKIE_NAME}={csrf_cookie}", token.group(1)


def _submit(port, path, cookie_header, body, receipt_path, attempts) -> None:
    headers = {
        "Cookie": cookie_header,
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://{HOST}:{port}",
    }
    start = time.perf_counter()
    try:
        response, content = _request(port, "POST", path, headers, body)
        location = response.getheader("Location", "")
        if response.status == 302 and location.endswith(receipt_path):
            ok, detail = True, "receipt"
        elif response.status == 200 and CASE_PAGE in content and FORM_PAGE not in content:
            ok, detail = True, "case page"  # a second click after the first had committed
        else:
            ok, detail = False, f"{response.status} {location}".strip()
    except (OSError, http.client.HTTPException) as error:
        ok, detail = False, type(error).__name__
    attempts.append(((time.perf_counter() - start) * 1000, ok, detail))


def _applicant(port, scenario, index, session_key, application_pk, barrier, offset):
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("grants:application", args=[application_pk])
        receipt_path = reverse("grants:receipt", args=[application_pk])
    try:
        cookie_header, token = _open_form(port, session_key, path)
    except (OSError, http.client.HTTPException, RuntimeError) as error:
        scenario.form_errors.append(str(error))
        cookie_header = None
    barrier.wait()
    if cookie_header is None:
        return
    body = urlencode({"csrfmiddlewaretoken": token, "action": "submit", **_answers(index)})
    time.sleep(offset)
    args = (port, path, cookie_header, body, receipt_path, scenario.attempts)
    second = None
    if index % DOUBLE_CLICK_EVERY == 0:
        second = threading.Timer(DOUBLE_CLICK_GAP, _submit, args)
        second.start()
    _submit(*args)
    if second is not None:
        second.join()


def _rush(port: int, scenario: Scenario, server_pid: int | None = None) -> float:
    """Every applicant opens its form, then all are released at once; return the seconds
    from the release to the last answer."""
    rng = random.Random(f"deadline-{scenario.spread}")
    barrier = threading.Barrier(len(scenario.applicants) + 1, timeout=600)
    threads = [
        threading.Thread(
            target=_applicant,
            args=(port, scenario, i, key, pk, barrier, rng.uniform(0, scenario.spread)),
        )
        for i, (key, pk) in enumerate(scenario.applicants)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    released = time.perf_counter()
    cpu_before = cpu.snapshot(server_pid)
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - released
    scenario.cpu = cpu.per_request(cpu_before, cpu.snapshot(server_pid), len(scenario.attempts))
    return seconds


# --- what the database must show -------------------------------------------------------------


def _invariants(scenario: Scenario, p95: float, errors: int) -> list[tuple[str, bool]]:
    count = len(scenario.applicants)
    applications = Application.objects.filter(call=scenario.call)
    submitted = applications.filter(status=Application.Status.SUBMITTED)
    numbers = list(submitted.values_list("diarienummer", flat=True))
    year = timezone.localdate().year
    prefix = f"{scenario.committee.abbreviation} {year}/"
    serials = sorted(int(n.removeprefix(prefix)) for n in numbers if n and n.startswith(prefix))
    sequence = DiarySequence.objects.filter(committee=scenario.committee, year=year).first()
    pks = set(applications.values_list("pk", flat=True))
    events = Counter(
        ApplicationEvent.objects.filter(
            application__call=scenario.call, to_status=Application.Status.SUBMITTED
        ).values_list("application_id", flat=True)
    )
    receipts = Counter(
        int(key.split(":")[1])
        for key in Notification.objects.filter(
            kind="grants.receipt", municipality=scenario.committee.municipality
        ).values_list("key", flat=True)
    )
    receipts = Counter({pk: n for pk, n in receipts.items() if pk in pks})
    drafts = applications.filter(status=Application.Status.DRAFT).count()
    tagged = Counter(
        Application.focus_areas.through.objects.filter(application__call=scenario.call)
        .values_list("application_id", flat=True)
    )  # fmt: skip
    areas = scenario.call.programme.focus_areas.count()
    last_number = sequence.last_number if sequence else None
    latency = []
    if scenario.spread:  # the target is for applicants within a minute, not in one instant
        latency = [
            (f"p95 of the submit POST under {P95_BUDGET_MS} ms ({p95:.0f} ms)", p95 < P95_BUDGET_MS)
        ]
    return [
        (f"no HTTP error: the receipt, or for a second click the case ({errors})", not errors),
        *latency,
        (
            f"{count} applications submitted, none lost ({len(numbers)} submitted, "
            f"{drafts} still drafts)",
            len(numbers) == count and drafts == 0,
        ),
        (
            f"{count} distinct diarienummer, none duplicated ({len(set(numbers))} distinct)",
            len(set(numbers)) == len(numbers) == count,
        ),
        (
            f"diarienummer gap-free {prefix}1…{count} (sequence at {last_number})",
            serials == list(range(1, count + 1)) and last_number == count,
        ),
        (
            f"one submitted event per application ({sum(events.values())} events)",
            set(events) == pks and set(events.values()) == {1},
        ),
        (
            f"one receipt queued per application ({sum(receipts.values())} queued)",
            set(receipts) == pks and set(receipts.values()) == {1},
        ),
        (
            f"each counts under the programme's {areas} focus areas ({sum(tagged.values())} tags)",
            set(tagged) == pks and set(tagged.values()) == {areas},
        ),
    ]


def run() -> list[tuple]:
    CHECKS.clear()
    _teardown()  # what an interrupted run left behind
    scenarios, sessions = _setup(APPLICANTS, SPREADS, warm_up=WORKERS * THREADS)
    warm_up, *scenarios = scenarios
    rows = []
    try:
        with Gunicorn(workers=WORKERS, threads=THREADS) as server:
            _rush(server.port, warm_up)  # first submissions load code and open connections
            failed = [detail for _ms, ok, detail in warm_up.attempts if not ok]
            if failed or warm_up.form_errors:
                raise RuntimeError(f"warm-up failed: {[*warm_up.form_errors, *failed][:5]}")
            for scenario in scenarios:
                seconds = _rush(server.port, scenario, server.process.pid)
                rows.append(_report(scenario, seconds))
    finally:
        _teardown(sessions)
    return rows


def _report(scenario: Scenario, seconds: float) -> tuple:
    latencies = sorted(ms for ms, _ok, _detail in scenario.attempts)
    failed = [detail for _ms, ok, detail in scenario.attempts if not ok]
    errors = len(failed) + len(scenario.form_errors)
    median = statistics.median(latencies) if latencies else 0.0
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else 0.0
    name = f"submit, spread {scenario.spread:g} s" if scenario.spread else "submit, all at once"
    answers = Counter(detail for _ms, _ok, detail in scenario.attempts)
    doubles = len(range(0, len(scenario.applicants), DOUBLE_CLICK_EVERY))
    print(
        f"\nDeadline day, {name}: {len(scenario.applicants)} applicants, {doubles} of them "
        f"clicking twice; {len(scenario.attempts)} submit POSTs in {seconds:.1f} s, "
        f"{answers['receipt']} answered with the receipt, {answers['case page']} (second "
        f"clicks) with the submitted application's page; gunicorn "
        f"{WORKERS} gthread workers x {THREADS} threads"
    )
    for detail, n in Counter(failed + scenario.form_errors).most_common(5):
        print(f"  error x{n}: {detail}")
    rate = len(scenario.attempts) / seconds if seconds else 0.0
    for label, passed in _invariants(scenario, p95, errors):
        CHECKS.append((name, label, passed))
        print(f"  {'PASS' if passed else 'FAIL'}  {label}")
    if not scenario.spread:
        print(
            f"  INFO  p95 {p95:.0f} ms: a capacity figure, not the target: everyone arriving in "
            f"the same instant queues for the server's {os.cpu_count()} cores, which answered "
            f"{rate:.0f} submits/s"
        )
    print(f"  INFO  {cpu.describe(scenario.cpu)} (the client's threads share the cores)")
    return (name, len(scenario.attempts), median, p95, rate, "-", errors)  # no reference


# --- where a submit's time goes (in-process profile) ---------------------------------------

PROFILE_SUBMITS = int(os.environ.get("BENCH_PROFILE_SUBMITS", "100"))
# (part, module path fragment, function): the parts of the submit POST, each measured as the
# cumulative time of its function; a part's time includes the parts listed under it.
PROFILE_PARTS = [
    ("the whole request (handler)", "django/test/client.py", "request"),
    ("  the user from the session", "django/contrib/auth/__init__.py", "get_user"),
    ("  the view", "grants/views/applications.py", "application"),
    ("    member_submit", "grants/services/applications.py", "member_submit"),
    ("      find, lock, read (role)", "grants/services/applications.py", "_locked_for_member"),
    ("      attachments", "grants/services/applications.py", "_store_attachments"),
    ("      build the form", "grants/form_builder.py", "application_form"),
    ("      validate the form", "django/forms/forms.py", "is_valid"),
    ("      eligibility", "grants/selectors/calls.py", "ineligibility_reasons"),
    ("      focus areas", "grants/services/applications.py", "focus_areas_of"),
    ("      event and audit", "grants/services/applications.py", "event_record"),
    ("      the receipt's recipients", "grants/emails.py", "receipt_recipients"),
    ("      the receipt rendered", "grants/emails.py", "first_receipt_rendered"),
    ("        render the email", "portal/notifications.py", "render"),
    ("      the case saved", "django/db/models/base.py", "save"),
    ("      diarienummer and status", "grants/services/applications.py", "diarienummer_assign"),
    ("      the receipt queued", "grants/emails.py", "first_receipt_queue"),
    ("      commit", "django/db/backends/base/base.py", "commit"),
    ("      ask for delivery", "portal/notifications.py", "request_delivery"),
    ("    redirect", "django/shortcuts.py", "redirect"),
]


def profile(count: int = PROFILE_SUBMITS) -> None:
    """Where the CPU time of one submit goes: ``count`` submit POSTs through the real view
    and the full middleware stack, in this process (Django's test client, without the test
    instrumentation), first timed (CPU ms and queries per submit), then under cProfile.
    ``python -m bench.deadline profile`` (DATABASE_URL: any migrated database)."""
    import cProfile
    import gc
    import pstats

    from django.db import connection
    from django.test import Client

    _teardown()
    warm_up = 10
    scenarios, sessions = _setup(count, [0.0, 0.0], warm_up=warm_up)  # timed, profiled
    clients = {}

    def prepared(scenario, limit):
        jobs = []
        for index, (key, pk) in enumerate(scenario.applicants[:limit]):
            client = clients.setdefault(key, Client(enforce_csrf_checks=True, HTTP_HOST=HOST))
            client.cookies[settings.SESSION_COOKIE_NAME] = key
            with translation.override(settings.LANGUAGE_CODE):
                path = reverse("grants:application", args=[pk])
            response = client.get(path)
            token = CSRF_INPUT.search(response.content.decode()).group(1)
            data = {"csrfmiddlewaretoken": token, "action": "submit", **_answers(index)}
            jobs.append((client, path, data))
        return jobs

    def send(jobs):
        for client, path, data in jobs:
            response = client.post(path, data)
            if response.status_code != 302:
                raise RuntimeError(f"the submit answered {response.status_code}")

    statements = []

    def counted(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, time.perf_counter() - start))

    try:
        warm, timed, profiled = scenarios
        send(prepared(warm, warm_up))
        jobs = prepared(timed, count)
        gc.collect()
        gc.freeze()  # as config/wsgi.py does in the server
        cpu, wall = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(counted):
            send(jobs)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        jobs = prepared(profiled, count)
        profiler = cProfile.Profile(time.process_time)  # CPU time: waits on the database out
        profiler.runcall(send, jobs)
    finally:
        _teardown(sessions)
    waited = sum(seconds for _sql, seconds in statements)
    print(
        f"\nSubmit POST in-process ({count} submits, after {warm_up} to warm up): "
        f"{cpu * 1000 / count:.1f} ms CPU in this process and {wall * 1000 / count:.1f} ms wall "
        f"each, of which {waited * 1000 / count:.1f} ms in {len(statements) / count:g} "
        f"statements a submit"
    )
    for sql, _seconds in statements[-len(statements) // count :]:
        print(f"  {sql[:140]}")
    stats = pstats.Stats(profiler).stats
    print(f"\nUnder cProfile ({count} submits; cumulative CPU ms per submit, overhead in):")
    for label, fragment, name in PROFILE_PARTS:
        total = sum(
            cumulative
            for (path, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.items()
            if function == name and path.endswith(fragment)
        )
        print(f"  {label:<34}{total * 1000 / count:8.2f}")
    lines = int(os.environ.get("BENCH_PROFILE_LINES", "40"))
    if lines:
        sort = os.environ.get("BENCH_PROFILE_SORT", "cumulative")  # or "tottime"
        pstats.Stats(profiler).sort_stats(sort).print_stats(lines)


if __name__ == "__main__":
    import sys

    from django.core.management import call_command

    if sys.argv[1:] == ["profile"]:
        profile()
        sys.exit()

    call_command("migrate", verbosity=0)
    print_table(run())
