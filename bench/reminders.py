"""Benchmark 5: N due reminders (drafts in calls that close in two days), from the daily job
to sent emails. Data is made in bulk in a municipality of its own and removed afterwards."""

import os
import time
from datetime import timedelta

from django.core import mail
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from bench.common import delete_rows
from grants import reminders
from grants.models import Application, Call, GrantProgramme
from organisations.models import Membership, Organisation
from portal.models import Committee, Municipality, Notification, User
from portal.notifications import deliver_pending

COUNT = int(os.environ.get("BENCH_REMINDERS", "100000"))
ORGANISATIONS = 1000


def _setup(count):
    municipality = Municipality.objects.create(
        name="Benchkommun", slug="bench-reminders", municipality_code="9999", is_active=False
    )
    committee = Committee.objects.create(
        municipality=municipality, name="Bänknämnden", slug="bench", abbreviation="BN"
    )
    programme = GrantProgramme.objects.create(
        committee=committee, name="Bänkbidrag", slug="bench", kind="other", summary="x"
    )
    closes = timezone.now() + timedelta(days=2)
    calls = Call.objects.bulk_create(
        Call(
            programme=programme,
            title=f"Utlysning {i}",
            budget=1,
            opens_at=timezone.now() - timedelta(days=1),
            closes_at=closes,
        )
        for i in range(max(1, count // ORGANISATIONS))
    )
    users = User.objects.bulk_create(
        User(email=f"bench-{i}@example.invalid", full_name=f"Bänk {i}")
        for i in range(ORGANISATIONS)
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(
            municipality=municipality,
            kind="informal_group",
            name=f"Bänkgrupp {i}",
            contact_name="x",
            contact_email="x@example.invalid",
        )
        for i in range(ORGANISATIONS)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=o, role="responsible")
        for u, o in zip(users, orgs, strict=True)
    )
    rows = (
        Application(call=c, organisation=o, municipality=municipality) for c in calls for o in orgs
    )
    Application.objects.bulk_create(rows, batch_size=5000)
    return municipality


def _teardown(municipality):
    with transaction.atomic():
        delete_rows(Notification.objects.filter(municipality=municipality))
        delete_rows(Application.objects.filter(municipality=municipality))
        Call.objects.filter(programme__committee__municipality=municipality).delete()
        GrantProgramme.objects.filter(committee__municipality=municipality).delete()
        Membership.objects.filter(organisation__municipality=municipality).delete()
        Organisation.objects.filter(municipality=municipality).delete()
        User.objects.filter(email__startswith="bench-", email__endswith="@example.invalid").delete()
        Committee.objects.filter(municipality=municipality).delete()
        municipality.delete()


def run() -> list[tuple]:
    Municipality.objects.filter(slug="bench-reminders").exists() and _teardown(
        Municipality.objects.get(slug="bench-reminders")
    )
    municipality = _setup(COUNT)
    try:
        start = time.perf_counter()
        with transaction.atomic():
            queued = reminders.call_closing(municipality, timezone.localdate())
        queue_s = time.perf_counter() - start
        start = time.perf_counter()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            sent = 0
            while batch := deliver_pending(limit=500):
                sent += batch
                mail.outbox.clear()
        send_s = time.perf_counter() - start
        again = reminders.call_closing(municipality, timezone.localdate())
    finally:
        _teardown(municipality)
    return [
        ("reminders queued", queued, queue_s, queued / queue_s if queue_s else 0),
        ("reminders sent", sent, send_s, sent / send_s if send_s else 0),
        ("second run queues", again, 0, 0),
    ]
