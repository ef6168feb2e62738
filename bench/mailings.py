"""Benchmark 7: a mailing to a segment of N recipients (default 20 000: a tenth the
responsible people of organisations matching the segment's focus area and district, the rest
individual members of a network it names, every third reading English; and a hundred more
network members who opted out, never to be reached), from the segment to sent emails
(Django's in-memory backend, so SMTP is not measured). Each recipient must get exactly one
message, and sending again must queue nothing. Data is made in bulk in a municipality of its
own and removed afterwards."""

import os
import time
from collections import Counter

from django.core import mail
from django.db import connection, transaction
from django.test.utils import override_settings

from bench.common import delete_own_rows
from networks.models import Network, NetworkMember
from organisations.models import Membership, Organisation
from outreach.models import Mailing, MailingOptOut, Segment
from outreach.selectors.segments import recipients
from outreach.services.mailings import KIND, mailing_deliver, mailing_key
from portal.models import AuditEvent, District, FocusArea, Municipality, Notification, User
from portal.notifications import deliver_pending

COUNT = int(os.environ.get("BENCH_MAILING_RECIPIENTS", "20000"))
OPTED_OUT = 100
SLUG = "bench-mailings"
DOMAIN = "@bench-mailings.invalid"


@transaction.atomic
def _setup(count):
    municipality = Municipality.objects.create(
        name="Utskickskommun", slug=SLUG, municipality_code="9997", is_active=False
    )
    focus = FocusArea.objects.create(municipality=municipality, name="Unga", slug="unga")
    district = District.objects.create(municipality=municipality, name="Centrum", slug="centrum")
    users = User.objects.bulk_create(
        (
            User(
                email=f"utskick-{i}{DOMAIN}",
                full_name=f"Utskick {i}",
                preferred_language="en" if i % 3 == 0 else "sv",
            )
            for i in range(count + OPTED_OUT)
        ),
        batch_size=5000,
    )
    n_orgs = count // 10
    orgs = Organisation.objects.bulk_create(
        (
            Organisation(
                municipality=municipality, kind="informal_group", name=f"Utskicksgrupp {i}",
                status="approved", contact_name="x", contact_email=f"kontakt-{i}{DOMAIN}",
                district=district,
            )
            for i in range(n_orgs)
        ),
        batch_size=5000,
    )  # fmt: skip
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
    network = Network.objects.create(
        municipality=municipality, name="Ungdomsnätverket", slug="unga", purpose="Samverkan",
        convening_unit="Fritid",
    )  # fmt: skip
    NetworkMember.objects.bulk_create(
        (NetworkMember(network=network, kind="individual", user=u) for u in users[n_orgs:]),
        batch_size=5000,
    )
    opted_out = users[count:]
    MailingOptOut.objects.bulk_create(
        MailingOptOut(municipality=municipality, email=u.email.upper()) for u in opted_out
    )
    segment = Segment.objects.create(municipality=municipality, name="Unga i centrum")
    segment.focus_areas.add(focus)
    segment.districts.add(district)
    segment.networks.add(network)
    mailing = Mailing.objects.create(
        municipality=municipality, segment=segment, status=Mailing.Status.SENDING,
        subject_sv="Inbjudan till ungdomsforum", subject_en="Invitation to the youth forum",
        body_sv="Välkomna till forum om ungas fritid den 12 mars.",
        body_en="Welcome to the forum on young people's leisure on 12 March.",
    )  # fmt: skip
    return municipality, mailing, {u.email for u in users[:count]}


def _teardown(municipality):
    own = municipality
    segment_links = [
        Segment.focus_areas.through, Segment.districts.through,
        Segment.target_groups.through, Segment.networks.through,
    ]  # fmt: skip
    network_links = [
        Network.focus_areas.through, Network.districts.through, Network.target_groups.through,
    ]  # fmt: skip
    return delete_own_rows(
        [
            Notification.objects.filter(municipality=own),
            Mailing.objects.filter(municipality=own),
            *(link.objects.filter(segment__municipality=own) for link in segment_links),
            Segment.objects.filter(municipality=own),
            MailingOptOut.objects.filter(municipality=own),
            NetworkMember.objects.filter(network__municipality=own),
            *(link.objects.filter(network__municipality=own) for link in network_links),
            Network.objects.filter(municipality=own),
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
        Mailing.objects.filter(municipality=municipality).delete()
        Segment.objects.filter(municipality=municipality).delete()
        MailingOptOut.objects.filter(municipality=municipality).delete()
        Network.objects.filter(municipality=municipality).delete()
        Membership.objects.filter(organisation__municipality=municipality).delete()
        Organisation.objects.filter(municipality=municipality).delete()
        User.objects.filter(email__endswith=DOMAIN).delete()
        FocusArea.objects.filter(municipality=municipality).delete()
        District.objects.filter(municipality=municipality).delete()
        municipality.delete()


def run() -> list[tuple]:
    for stale in Municipality.objects.filter(slug=SLUG):
        _teardown(stale)
    municipality, mailing, expected = _setup(COUNT)
    # What autovacuum does within a minute of 20 000 new rows: planner statistics.
    with connection.cursor() as cursor:
        for model in (User, Organisation, Membership, NetworkMember, MailingOptOut, Notification,
                      Organisation.focus_areas.through):  # fmt: skip
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    try:
        start = time.perf_counter()
        found = len(recipients(mailing.segment))
        target_s = time.perf_counter() - start
        start = time.perf_counter()
        queued = mailing_deliver(mailing.pk)  # the worker's task: recipients, rows, sent
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
                for message in mail.outbox:
                    if message.to[0].endswith(DOMAIN):
                        received[message.to[0]] += 1
                        assert "List-Unsubscribe" in message.extra_headers
                mail.outbox.clear()
        send_s = time.perf_counter() - start
        again = mailing_deliver(mailing.pk)  # the task run again: the mailing is sent
        Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
        forced = mailing_deliver(mailing.pk)  # even found "being sent": the outbox's key
        mailing.refresh_from_db()
        rows = Notification.objects.filter(kind=KIND, key=mailing_key(mailing))
        assert found == queued == COUNT == len(expected), (found, queued, COUNT)
        assert set(received) == expected, "someone got nothing, or an opted-out address got it"
        assert set(received.values()) == {1}, "someone got it twice"
        assert not rows.exclude(status=Notification.Status.SENT).exists()
        assert (again, forced, mailing.recipient_count) == (0, 0, COUNT)
    finally:
        _teardown(municipality)
    return [
        ("recipients found", found, target_s, found / target_s if target_s else 0),
        ("mailing queued (task)", queued, queue_s, queued / queue_s if queue_s else 0),
        ("mailing sent", sum(received.values()), send_s, sent / send_s if send_s else 0),
        ("second run queues", again + forced, 0, 0),
    ]
