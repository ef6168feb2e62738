"""Benchmark data in bulk (``manage.py seed_bench``): municipalities, organisations, ten
years of grants with decisions, payouts and reports, and networks with meetings.

Rows are generated in Python from a fixed seed (the same data every run) and written with
PostgreSQL's COPY, with ids allocated up front so that no row needs a round trip. Sizes
follow a skewed distribution like Sweden's: the largest municipality has about a tenth
of everything, the smallest a few dozen organisations.
"""

import json
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from portal.dashboards.rollups import rollups_refresh
from portal.models import Municipality

SLUG_PREFIX = "bench-"
AGE_BANDS = ["0-6", "7-12", "13-20", "21-64", "65+"]
GENDERS = ["women", "men", "other"]
FOCUS_AREAS = [
    ("gemenskap", "Gemenskap, sammanhang och livskvalitet"),
    ("trygghet", "Trygghet"),
    ("hallbar", "En hållbar och klimatsmart kommun"),
]
TARGET_GROUPS = [("barn-och-unga", "Barn och unga"), ("vuxna", "Vuxna"), ("aldre", "Äldre")]
WORDS = [
    "Idrotts",
    "Kultur",
    "Scout",
    "Pensionärs",
    "Musik",
    "Frilufts",
    "Schack",
    "Teater",
    "Dans",
    "Natur",
    "Brukshunds",
    "Segel",
    "Hembygds",
    "Konst",
    "Fotbolls",
    "Simsällskap",
]


@dataclass(frozen=True)
class Scale:
    municipalities: int
    organisations: int
    applications: int
    networks: int
    years: int = 10


SCALES = {
    "small": Scale(municipalities=10, organisations=5_000, applications=25_000, networks=200),
    "large": Scale(
        municipalities=290, organisations=200_000, applications=1_000_000, networks=20_000
    ),
}


@dataclass
class Ids:
    """The next free id per table, read once, so rows can refer to each other."""

    next: dict = field(default_factory=dict)

    def take(self, table: str) -> int:
        self.next[table] += 1
        return self.next[table]


class Writer:
    """Buffers rows per table and COPYs them in."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.counts: dict[str, int] = {}

    def copy(self, table: str, columns: list[str], rows) -> None:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        n = 0
        with self.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        self.counts[table] = self.counts.get(table, 0) + n


TABLES = [
    "portal_municipality",
    "portal_committee",
    "portal_district",
    "portal_focusarea",
    "portal_targetgroup",
    "portal_user",
    "portal_roleassignment",
    "organisations_organisation",
    "grants_grantprogramme",
    "grants_grantprogramme_target_groups",
    "grants_grantprogramme_focus_areas",
    "grants_call",
    "grants_application",
    "grants_application_focus_areas",
    "grants_applicationevent",
    "grants_diarysequence",
    "grants_decision",
    "grants_payoutbatch",
    "grants_payout",
    "grants_followupreport",
    "networks_network",
    "networks_network_focus_areas",
    "networks_networkmember",
    "networks_meeting",
    "networks_attendance",
    "networks_action",
]


def bench_municipalities():
    """The data set's municipalities (bench-001 …), not the benchmarks' own scratch ones."""
    return Municipality.objects.filter(slug__regex=rf"^{SLUG_PREFIX}[0-9]+$")


def already_seeded(scale: Scale) -> bool:
    """True if this scale's data set is there; ValueError if another scale's is."""
    present = bench_municipalities().count()
    if present and present != scale.municipalities:
        raise ValueError(
            f"This database holds another benchmark data set ({present} municipalities); "
            "use a database of its own for each scale."
        )
    return present == scale.municipalities


def weights(n: int) -> list[float]:
    raw = [1 / (i + 1) ** 0.85 for i in range(n)]
    total = sum(raw)
    return [w / total for w in raw]


def org_number(serial: int) -> str:
    """A Swedish organisation number (802xxx-xxxx, non-profit series) with a valid check
    digit, unique per serial below a million."""
    digits = [8, 0, 2] + [int(c) for c in f"{serial % 10**6:06d}"]
    total = 0
    for i, d in enumerate(digits):
        v = d * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    check = (10 - total % 10) % 10
    s = "".join(map(str, digits)) + str(check)
    return f"{s[:6]}-{s[6:]}"


def seed(scale: Scale, *, out=print, rollups: bool = True) -> dict:
    """Generate the data set; returns the row counts per table and the timings."""
    rng = random.Random(2026)  # noqa: S311 -- benchmark data, not secrets
    started = time.perf_counter()
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    first_year = today.year - scale.years + 1
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for COPY
        ids = Ids()
        for table in TABLES:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            ids.next[table] = cursor.fetchone()[0]
        w = Writer(cursor)
        shares = weights(scale.municipalities)

        # Municipalities and their structure.
        munis, committees, districts, focus, groups, users, roles = [], [], [], [], [], [], []
        per_muni = []
        for i, share in enumerate(shares):
            mid = ids.take("portal_municipality")
            code = f"{9000 + i:04d}"
            munis.append(
                (
                    mid,
                    f"Benchkommun {i + 1:03d}",
                    f"{SLUG_PREFIX}{i + 1:03d}",
                    code,
                    f"212000-{code}",
                    "",
                    "",
                    True,
                    f"360G-bench-{code}",
                )
            )
            kfn, sn = ids.take("portal_committee"), ids.take("portal_committee")
            committees += [
                (kfn, "Kultur- och fritidsnämnden", "kfn", "", 0, "KFN", mid),
                (sn, "Socialnämnden", "sn", "", 1, "SN", mid),
            ]
            d_ids = [ids.take("portal_district") for _ in range(6)]
            districts += [
                (d, f"Kommundel {k + 1}", f"kommundel-{k + 1}", "", k, mid)
                for k, d in enumerate(d_ids)
            ]
            f_ids = [ids.take("portal_focusarea") for _ in FOCUS_AREAS]
            focus += [
                (f, name, slug, "", k, mid)
                for k, (f, (slug, name)) in enumerate(zip(f_ids, FOCUS_AREAS, strict=True))
            ]
            g_ids = [ids.take("portal_targetgroup") for _ in TARGET_GROUPS]
            groups += [
                (g, name, slug, "", k, mid)
                for k, (g, (slug, name)) in enumerate(zip(g_ids, TARGET_GROUPS, strict=True))
            ]
            officer, politician = ids.take("portal_user"), ids.take("portal_user")
            for uid, who in ((officer, "handlaggare"), (politician, "politiker")):
                users.append(
                    (
                        uid,
                        "!",
                        False,
                        f"{who}.{code}@bench.example.se",
                        f"Bench {who.title()} {code}",
                        "",
                        "sv",
                        True,
                        False,
                        now,
                    )
                )
            roles += [
                (ids.take("portal_roleassignment"), "officer", now, kfn, mid, officer),
                (ids.take("portal_roleassignment"), "politician", now, None, mid, politician),
            ]
            per_muni.append(
                {
                    "id": mid,
                    "share": share,
                    "kfn": kfn,
                    "sn": sn,
                    "districts": d_ids,
                    "focus": f_ids,
                    "groups": g_ids,
                }
            )
        w.copy(
            "portal_municipality",
            [
                "id",
                "name",
                "slug",
                "municipality_code",
                "organisation_number",
                "website",
                "contact_email",
                "is_active",
                "open_data_prefix",
            ],
            munis,
        )
        for table, rows in (("portal_committee", committees),):
            w.copy(
                table,
                [
                    "id",
                    "name",
                    "slug",
                    "description",
                    "ordering",
                    "abbreviation",
                    "municipality_id",
                ],
                rows,
            )
        for table, rows in (
            ("portal_district", districts),
            ("portal_focusarea", focus),
            ("portal_targetgroup", groups),
        ):
            w.copy(
                table, ["id", "name", "slug", "description", "ordering", "municipality_id"], rows
            )
        w.copy(
            "portal_user",
            [
                "id",
                "password",
                "is_superuser",
                "email",
                "full_name",
                "phone",
                "preferred_language",
                "is_active",
                "is_staff",
                "date_joined",
            ],
            users,
        )
        w.copy(
            "portal_roleassignment",
            ["id", "role", "created_at", "committee_id", "municipality_id", "user_id"],
            roles,
        )
        out(f"  municipalities: {len(munis)} ({time.perf_counter() - started:.0f} s)")

        # Organisations.
        def organisations():
            for m in per_muni:
                m["orgs"] = []
                for _ in range(max(20, round(scale.organisations * m["share"]))):
                    oid = ids.take("organisations_organisation")
                    m["orgs"].append(oid)
                    informal = rng.random() < 0.08
                    created = now - timedelta(days=rng.randrange(30, 365 * scale.years))
                    yield (
                        oid,
                        "informal_group" if informal else "association",
                        f"{rng.choice(WORDS)}{'gruppen' if informal else 'föreningen'} {oid}",
                        "" if informal else "ideell_forening",
                        "" if informal else org_number(oid),
                        "approved" if rng.random() < 0.95 else "pending",
                        "",
                        "Verksamhet för alla.",
                        "Storgatan 1",
                        "131 00",
                        "Benchstad",
                        f"info{oid}@forening.example.se",
                        "",
                        "",
                        "Kontaktperson",
                        f"kontakt{oid}@forening.example.se",
                        "",
                        False,
                        rng.random() < 0.8,
                        created,
                        created,
                        m["id"],
                        rng.choice(m["districts"]),
                    )

        w.copy(
            "organisations_organisation",
            [
                "id",
                "kind",
                "name",
                "legal_form",
                "organisation_number",
                "status",
                "status_message",
                "purpose",
                "street_address",
                "postal_code",
                "city",
                "email",
                "phone",
                "website",
                "contact_name",
                "contact_email",
                "contact_phone",
                "has_drug_policy",
                "listed_in_directory",
                "created_at",
                "updated_at",
                "municipality_id",
                "district_id",
            ],
            organisations(),
        )
        out(
            f"  organisations: {w.counts['organisations_organisation']} "
            f"({time.perf_counter() - started:.0f} s)"
        )

        # Programmes and calls: three programmes, one call each per year.
        programmes, prog_groups, prog_focus, calls = [], [], [], []
        kinds = [
            ("verksamhetsbidrag", "kfn", [0], [0]),
            ("foreningsbidrag", "kfn", [0, 1], [0, 1]),
            ("projektbidrag", "sn", [2], []),
        ]
        for m in per_muni:
            m["calls"] = []
            for kind, committee, group_idx, focus_idx in kinds:
                pid = ids.take("grants_grantprogramme")
                programmes.append(
                    (
                        pid,
                        kind.title(),
                        kind,
                        kind,
                        "",
                        "",
                        True,
                        True,
                        [],
                        False,
                        False,
                        True,
                        m[committee],
                        90,
                    )
                )
                prog_groups += [
                    (ids.take("grants_grantprogramme_target_groups"), pid, m["groups"][g])
                    for g in group_idx
                ]
                prog_focus += [
                    (ids.take("grants_grantprogramme_focus_areas"), pid, m["focus"][f])
                    for f in focus_idx
                ]
                for year in range(first_year, today.year + 1):
                    cid = ids.take("grants_call")
                    call_focus = m["focus"][year % 3] if not focus_idx else None
                    opens = datetime(year, 1, 15, 8, tzinfo=tz)
                    calls.append(
                        (
                            cid,
                            f"{kind.title()} {year}",
                            "",
                            opens,
                            datetime(year, 3, 15, 23, 59, tzinfo=tz),
                            Decimal(10**7),
                            pid,
                            call_focus,
                        )
                    )
                    tags = [call_focus] if call_focus else [m["focus"][f] for f in focus_idx]
                    m["calls"].append((cid, year, m[committee], committee.upper(), tags, kind))
        w.copy(
            "grants_grantprogramme",
            [
                "id",
                "name",
                "slug",
                "kind",
                "summary",
                "description",
                "requires_eligibility",
                "informal_groups_allowed",
                "required_documents",
                "accepts_late_applications",
                "requires_accepted_report",
                "is_active",
                "committee_id",
                "report_due_days",
            ],
            programmes,
        )
        w.copy(
            "grants_grantprogramme_target_groups",
            ["id", "grantprogramme_id", "targetgroup_id"],
            prog_groups,
        )
        w.copy(
            "grants_grantprogramme_focus_areas",
            ["id", "grantprogramme_id", "focusarea_id"],
            prog_focus,
        )
        w.copy(
            "grants_call",
            [
                "id",
                "title",
                "description",
                "opens_at",
                "closes_at",
                "budget",
                "programme_id",
                "focus_area_id",
            ],
            calls,
        )

        # Applications with their focus-area tags, decisions, payouts and reports.
        app_tags, decisions, payouts, reports, sequences, batches = [], [], [], [], {}, {}
        events = []  # each case's timeline: the officer queue's "days waiting" reads it

        def event(aid, at, from_status, to_status):
            events.append((ids.take("grants_applicationevent"), aid, at, from_status, to_status))

        total_orgs = sum(len(m["orgs"]) for m in per_muni)

        def applications():
            for m in per_muni:
                per_call = max(
                    1, round(scale.applications * len(m["orgs"]) / total_orgs / len(m["calls"]))
                )
                for cid, year, committee, abbreviation, tags, _kind in m["calls"]:
                    chosen = rng.sample(m["orgs"], min(per_call, len(m["orgs"])))
                    for oid in chosen:
                        aid = ids.take("grants_application")
                        key = (committee, year)
                        sequences[key] = number = sequences.get(key, 0) + 1
                        submitted = datetime(year, 1, 15, 9, tzinfo=tz) + timedelta(
                            minutes=rng.randrange(60 * 24 * 58)
                        )
                        requested = Decimal(rng.randrange(20, 1500) * 100)
                        current = year == today.year
                        roll = rng.random()
                        status = "decided"
                        if roll < 0.02:
                            status = "withdrawn"
                        elif current and roll < 0.12:
                            status = "under_review"
                        elif current and roll < 0.2:
                            status = "submitted"
                        yield (
                            aid,
                            status,
                            "{}",
                            requested,
                            0,
                            f"{abbreviation} {year}/{number}",
                            committee,
                            m["id"],
                            submitted,
                            submitted,
                            submitted,
                            oid,
                            cid,
                        )
                        app_tags.extend(
                            (ids.take("grants_application_focus_areas"), aid, f) for f in tags
                        )
                        event(aid, submitted, "draft", "submitted")
                        if status in ("under_review", "withdrawn"):
                            event(aid, submitted + timedelta(days=3), "submitted", status)
                        if status == "decided":
                            decide(aid, oid, committee, submitted, requested, year, current)

        def decide(aid, oid, committee, submitted, requested, year, current):
            did = ids.take("grants_decision")
            roll = rng.random()
            outcome, amount = "approved", requested
            if roll < 0.15:
                outcome, amount = "rejected", Decimal(0)
            elif roll < 0.4:
                outcome, amount = "partly_approved", (requested / 2).quantize(Decimal(100))
            decided = submitted + timedelta(days=rng.randrange(20, 70))
            event(aid, decided, "under_review", "decided")
            decisions.append(
                (
                    did,
                    outcome,
                    amount,
                    "Beslut enligt riktlinjerna.",
                    "",
                    "delegated_officer",
                    "",
                    decided,
                    aid,
                    "{}",
                    "",
                )
            )
            if amount <= 0 or (current and rng.random() < 0.2):
                return
            bid = batches.get((committee, year))
            if bid is None:
                bid = batches[(committee, year)] = ids.take("grants_payoutbatch")
            pid = ids.take("grants_payout")
            payouts.append(
                (
                    pid,
                    amount,
                    "bankgiro",
                    "5050-1055",
                    "Föreningen",
                    "Föreningen",
                    "802000-0000",
                    f"B{pid}",
                    did,
                    bid,
                )
            )
            if current:
                return
            counts = {f"{b}|{g}": rng.randrange(0, 30) for b in AGE_BANDS[1:4] for g in GENDERS[:2]}
            reports.append(
                (
                    ids.take("grants_followupreport"),
                    decided.date() + timedelta(days=365),
                    "accepted",
                    "Vi genomförde verksamheten.",
                    json.dumps({"counts": counts, "total": sum(counts.values())}),
                    "",
                    amount,
                    Decimal(0),
                    decided + timedelta(days=300),
                    did,
                )
            )

        w.copy(
            "grants_application",
            [
                "id",
                "status",
                "answers",
                "amount_requested",
                "late_deduction_percent",
                "diarienummer",
                "registry_committee_id",
                "municipality_id",
                "created_at",
                "updated_at",
                "submitted_at",
                "organisation_id",
                "call_id",
            ],
            applications(),
        )
        out(
            f"  applications: {w.counts['grants_application']} "
            f"({time.perf_counter() - started:.0f} s)"
        )
        w.copy("grants_application_focus_areas", ["id", "application_id", "focusarea_id"], app_tags)
        w.copy(
            "grants_applicationevent",
            ["id", "application_id", "created_at", "from_status", "to_status", "message"],
            ((*row, "") for row in events),
        )
        events.clear()
        w.copy(
            "grants_diarysequence",
            ["id", "committee_id", "year", "last_number"],
            [(ids.take("grants_diarysequence"), c, y, n) for (c, y), n in sequences.items()],
        )
        w.copy(
            "grants_decision",
            [
                "id",
                "outcome",
                "amount",
                "reasons",
                "conditions",
                "decided_by_kind",
                "minutes_paragraph",
                "decided_at",
                "application_id",
                "calculation",
                "override_reason",
            ],
            decisions,
        )
        committee_of = {c[0]: c for c in committees}
        w.copy(
            "grants_payoutbatch",
            ["id", "status", "payment_date", "note", "created_at", "paid_at", "committee_id"],
            [
                (
                    bid,
                    "paid",
                    date(y, 6, 30),
                    "",
                    datetime(y, 6, 1, tzinfo=tz),
                    datetime(y, 6, 30, tzinfo=tz),
                    c,
                )
                for (c, y), bid in batches.items()
                if c in committee_of
            ],
        )
        w.copy(
            "grants_payout",
            [
                "id",
                "amount",
                "method",
                "account_number",
                "account_holder",
                "organisation_name",
                "organisation_number",
                "reference",
                "decision_id",
                "batch_id",
            ],
            payouts,
        )
        w.copy(
            "grants_followupreport",
            [
                "id",
                "due_on",
                "status",
                "outcomes",
                "participants",
                "officer_comment",
                "money_used",
                "unused_amount",
                "submitted_at",
                "decision_id",
            ],
            reports,
        )
        out(
            f"  decisions: {len(decisions)}, payouts: {len(payouts)}, reports: {len(reports)} "
            f"({time.perf_counter() - started:.0f} s)"
        )

        # Networks: members, meetings over two years, attendance and actions.
        nets, net_focus, members, meetings, attendance, actions = [], [], [], [], [], []
        for m in per_muni:
            for k in range(max(1, round(scale.networks * m["share"]))):
                nid = ids.take("networks_network")
                nets.append(
                    (
                        nid,
                        f"Nätverk {k + 1}",
                        f"natverk-{k + 1}",
                        "Samverkan lokalt.",
                        "Kommunledningen",
                        "public" if rng.random() < 0.7 else "invite_only",
                        now,
                        m["id"],
                    )
                )
                net_focus.append(
                    (ids.take("networks_network_focus_areas"), nid, rng.choice(m["focus"]))
                )
                member_ids = []
                for oid in rng.sample(m["orgs"], min(8, len(m["orgs"]))):
                    mem = ids.take("networks_networkmember")
                    member_ids.append(mem)
                    members.append(
                        (mem, "organisation", "", "", "member", "active", True, "", now, nid, oid)
                    )
                for j in range(10):
                    mid = ids.take("networks_meeting")
                    start = datetime.combine(
                        today - timedelta(days=700 - 70 * j + rng.randrange(7)),
                        clock(18),
                        tzinfo=tz,
                    )
                    meetings.append(
                        (
                            mid,
                            f"Träff {j + 1}",
                            "",
                            start,
                            start + timedelta(hours=2),
                            "online",
                            "https://meet.example.se/x",
                            True,
                            "planned",
                            "",
                            "",
                            uuid.UUID(int=rng.getrandbits(128)),
                            0,
                            nid,
                        )
                    )
                    if start < now:
                        attendance.extend(
                            (ids.take("networks_attendance"), rng.randrange(1, 4), start, mid, mem)
                            for mem in rng.sample(member_ids, min(5, len(member_ids)))
                        )
                for j in range(3):
                    actions.append(
                        (
                            ids.take("networks_action"),
                            f"Åtgärd {j + 1}",
                            "",
                            today + timedelta(days=rng.randrange(-60, 90)),
                            rng.choice(["open", "in_progress", "done"]),
                            now,
                            nid,
                            rng.choice(member_ids),
                        )
                    )
        w.copy(
            "networks_network",
            [
                "id",
                "name",
                "slug",
                "purpose",
                "convening_unit",
                "visibility",
                "created_at",
                "municipality_id",
            ],
            nets,
        )
        w.copy("networks_network_focus_areas", ["id", "network_id", "focusarea_id"], net_focus)
        w.copy(
            "networks_networkmember",
            [
                "id",
                "kind",
                "partner_name",
                "contact_email",
                "role",
                "status",
                "listed_publicly",
                "request_message",
                "created_at",
                "network_id",
                "organisation_id",
            ],
            members,
        )
        w.copy(
            "networks_meeting",
            [
                "id",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "mode",
                "online_url",
                "is_public",
                "status",
                "minutes",
                "decisions",
                "uid",
                "sequence",
                "network_id",
            ],
            meetings,
        )
        w.copy(
            "networks_attendance",
            ["id", "people", "recorded_at", "meeting_id", "member_id"],
            attendance,
        )
        w.copy(
            "networks_action",
            [
                "id",
                "title",
                "description",
                "due_on",
                "status",
                "created_at",
                "network_id",
                "owner_member_id",
            ],
            actions,
        )
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        out(
            f"  networks: {len(nets)}, meetings: {len(meetings)}, attendance: {len(attendance)} "
            f"({time.perf_counter() - started:.0f} s)"
        )
    _settle()
    timings = {"load_seconds": round(time.perf_counter() - started, 1)}
    if rollups:
        start = time.perf_counter()
        for municipality in bench_municipalities():
            rollups_refresh(municipality)
        _settle()  # again, for the rollup tables just built
        timings["rollup_seconds"] = round(time.perf_counter() - start, 1)
    return {"rows": w.counts, **timings}


def _settle() -> None:
    """Leave the tables as a running installation's autovacuum would: planner statistics,
    and (outside a transaction, where VACUUM may run) the visibility map that lets an
    index answer on its own. Without it the benchmarks measure a table just bulk-loaded,
    and their figures move by a tenth after the first VACUUM anyone runs."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
