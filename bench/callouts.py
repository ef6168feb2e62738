"""Benchmark 6: an acute call-out to N recipients (default 20 000: a tenth organisations'
responsible people, the rest volunteers, every third reading English), from targeting to
sent emails (Django's in-memory backend, so SMTP is not measured). Each recipient must get
exactly one message, and queuing again must queue nothing. Data is made in bulk in a
municipality of its own and removed afterwards."""

import os
import time
from collections import Counter

from django.core import mail
from django.db import connection, transaction
from django.test.utils import override_settings

from bench.common import delete_own_rows
from organisations.models import Membership, Organisation
from portal.models import AuditEvent, District, FocusArea, Municipality, Notification, User
from portal.notifications import deliver_pending
from volunteering.delivery import KIND, callout_key, queue_callout
from volunteering.models import CallOut, Volunteer
from volunteering.selectors.targeting import recipients

COUNT = int(os.environ.get("BENCH_CALLOUT_RECIPIENTS", "20000"))
SLUG = "bench-callouts"
DOMAIN = "@bench-callouts.invalid"


@transaction.atomic
def _setup(count):
    municipality = Municipality.objects.create(
        name="Uppropskommun", slug=SLUG, municipality_code="9998", is_active=False
    )
    focus = FocusArea.objects.create(municipality=municipality, name="Krisberedskap", slug="kris")
    district = District.objects.create(municipality=municipality, name="Centrum", slug="centrum")
    users = User.objects.bulk_create(
        (
            User(
                email=f"upprop-{i}{DOMAIN}",
                full_name=f"Upprop {i}",
                preferred_language="en" if i % 3 == 0 else "sv",
            )
            for i in range(count)
        ),
        batch_size=5000,
    )
    n_orgs = count // 10
    orgs = Organisation.objects.bulk_create(
        (
            Organisation(
                municipality=municipality,
                kind="informal_group",
                name=f"Uppropsförening {i}",
                status="approved",
                contact_name="x",
                contact_email=f"kontakt-{i}{DOMAIN}",
                district=district,
            )
            for i in range(n_orgs)
        ),
        batch_size=5000,
    )
    Organisation.focus_areas.through.objects.bulk_create(
        (Organisation.focus_areas.through(organisation=o, focusarea=focus) for o in orgs),
        batch_size=5000,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=u, organisation=o, role="responsible")
            for u, o in zip(users[:n_orgs], orgs, strict=True)
        ),
        batch_size=5000,
    )
    volunteers = Volunteer.objects.bulk_create(
        (
            Volunteer(user=u, municipality=municipality, consent_version="b", reach_by=["email"])
            for u in users[n_orgs:]
        ),
        batch_size=5000,
    )
    Volunteer.focus_areas.through.objects.bulk_create(
        (Volunteer.focus_areas.through(volunteer=v, focusarea=focus) for v in volunteers),
        batch_size=5000,
    )
    Volunteer.districts.through.objects.bulk_create(  # half in the district, half anywhere
        (Volunteer.districts.through(volunteer=v, district=district) for v in volunteers[::2]),
        batch_size=5000,
    )
    callout = CallOut.objects.create(
        municipality=municipality, title="Evakuering av äldreboende", urgency="acute",
        status="open", description="Vi behöver hjälp att flytta 40 boende i kväll.",
        place="Centrumskolan",
    )  # fmt: skip
    callout.focus_areas.add(focus)
    callout.districts.add(district)
    return municipality, callout, {u.email for u in users}


def _teardown(municipality):
    own = municipality
    return delete_own_rows(
        [
            Notification.objects.filter(municipality=own),
            CallOut.focus_areas.through.objects.filter(callout__municipality=own),
            CallOut.districts.through.objects.filter(callout__municipality=own),
            CallOut.objects.filter(municipality=own),
            Volunteer.focus_areas.through.objects.filter(volunteer__municipality=own),
            Volunteer.districts.through.objects.filter(volunteer__municipality=own),
            Volunteer.objects.filter(municipality=own),
            Membership.objects.filter(organisation__municipality=own),
            Organisation.focus_areas.through.objects.filter(organisation__municipality=own),
            Organisation.objects.filter(municipality=own),
            User.objects.filter(email__endswith=DOMAIN),
            FocusArea.objects.filter(municipality=own),
            District.objects.filter(municipality=own),
            AuditEvent.objects.filter(municipality=own),  # a mailing's sending, audited
            Municipality.objects.filter(pk=own.pk),
        ],
        fallback=lambda: _collected_teardown(municipality),
    )


def _collected_teardown(municipality):
    with transaction.atomic():
        Notification.objects.filter(municipality=municipality).delete()
        CallOut.objects.filter(municipality=municipality).delete()
        Volunteer.objects.filter(municipality=municipality).delete()
        Membership.objects.filter(organisation__municipality=municipality).delete()
        Organisation.objects.filter(municipality=municipality).delete()
        User.objects.filter(email__endswith=DOMAIN).delete()
        FocusArea.objects.filter(municipality=municipality).delete()
        District.objects.filter(municipality=municipality).delete()
        municipality.delete()


def run() -> list[tuple]:
    for stale in Municipality.objects.filter(slug=SLUG):
        _teardown(stale)
    municipality, callout, expected = _setup(COUNT)
    # What autovacuum does within a minute of 20 000 new rows (and seed_bench for the rest):
    # without statistics the planner takes each new table for empty and nests loops (38 s).
    with connection.cursor() as cursor:
        for model in (User, Organisation, Membership, Volunteer, Notification):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
        for through in (
            Organisation.focus_areas.through,
            Volunteer.focus_areas.through,
            Volunteer.districts.through,
        ):
            cursor.execute(f"ANALYZE {through._meta.db_table}")
    try:
        start = time.perf_counter()
        found = len(recipients(callout))
        target_s = time.perf_counter() - start
        start = time.perf_counter()
        with transaction.atomic():
            queued = queue_callout(callout)
        queue_s = time.perf_counter() - start
        received = Counter()
        start = time.perf_counter()
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            OUTBOX_MAX_PER_MINUTE=0,
        ):
            mail.outbox = []
            sent = 0
            while batch := deliver_pending(limit=500):
                sent += batch
                received.update(m.to[0] for m in mail.outbox if m.to[0].endswith(DOMAIN))
                mail.outbox.clear()
        send_s = time.perf_counter() - start
        again = queue_callout(callout)
        rows = Notification.objects.filter(kind=KIND, key=callout_key(callout))
        assert found == queued == COUNT == len(expected), (found, queued, COUNT)
        assert set(received) == expected, "someone got nothing"
        assert set(received.values()) == {1}, "someone got it twice"
        assert not rows.exclude(status=Notification.Status.SENT).exists()
        assert again == 0
    finally:
        _teardown(municipality)
    return [
        ("recipients found", found, target_s, found / target_s if target_s else 0),
        ("call-out queued", queued, queue_s, queued / queue_s if queue_s else 0),
        ("call-out sent", sum(received.values()), send_s, sent / send_s if send_s else 0),
        ("second run queues", again, 0, 0),
    ]
