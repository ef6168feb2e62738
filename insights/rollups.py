"""Rebuild the dashboard rollups (insights.models) of a
municipality.

One transaction per municipality: the applications with their dimensions are gathered
once into a temporary table, then grouped into the grant and participant rollups. Readers
keep seeing the previous rows until the commit.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from grants.models import (
    Application,
    Call,
    Decision,
    FollowUpReport,
    GrantProgramme,
    Payout,
    PayoutBatch,
)
from grants.years import year_sql
from insights.models import GrantRollup, NetworkRollup, ParticipantRollup, RollupRefresh
from networks.models import Action, Attendance, Meeting, Network
from organisations.models import Organisation
from portal.models import AuditEvent, Committee, Municipality


def _tables() -> dict:
    """Database table names, so the SQL follows the models."""
    return {
        "app": Application._meta.db_table,
        "app_fa": Application.focus_areas.through._meta.db_table,
        "call": Call._meta.db_table,
        "prog": GrantProgramme._meta.db_table,
        "prog_tg": GrantProgramme.target_groups.through._meta.db_table,
        "committee": Committee._meta.db_table,
        "org": Organisation._meta.db_table,
        "decision": Decision._meta.db_table,
        "payout": Payout._meta.db_table,
        "batch": PayoutBatch._meta.db_table,
        "report": FollowUpReport._meta.db_table,
        "grants": GrantRollup._meta.db_table,
        "people": ParticipantRollup._meta.db_table,
        "network": Network._meta.db_table,
        "net_fa": Network.focus_areas.through._meta.db_table,
        "net_d": Network.districts.through._meta.db_table,
        "net_tg": Network.target_groups.through._meta.db_table,
        "meeting": Meeting._meta.db_table,
        "attendance": Attendance._meta.db_table,
        "action": Action._meta.db_table,
        "networks": NetworkRollup._meta.db_table,
    }


YEAR = year_sql("d.decided_at", "a.submitted_at", "%(tz)s")

# The submitted applications of one municipality with everything the dashboard groups by.
APPLICATIONS_SQL = """
CREATE TEMPORARY TABLE rollup_applications ON COMMIT DROP AS
SELECT a.organisation_id,
       -- The organisation's bit in the cells' bit strings (insights.models).
       (dense_rank() OVER (ORDER BY a.organisation_id) - 1)::int AS organisation_bit,
       COALESCE(a.amount_requested, 0) AS applied,
       c.municipality_id, p.committee_id, p.kind, o.district_id,
       {year} AS year,  -- grants.years: the decision's year, else the submission's
       COALESCE((SELECT array_agg(f.focusarea_id ORDER BY f.focusarea_id)
                 FROM {app_fa} f WHERE f.application_id = a.id), '{{}}') AS focus_area_ids,
       COALESCE((SELECT array_agg(t.targetgroup_id ORDER BY t.targetgroup_id)
                 FROM {prog_tg} t WHERE t.grantprogramme_id = p.id), '{{}}') AS target_group_ids,
       d.id AS decision_id,
       (d.id IS NOT NULL AND d.outcome <> %(rejected)s) AS approved,
       COALESCE(d.amount, 0) AS granted,
       -- An informal group's grant (paid via a host, invoices or a responsible adult).
       (o.kind = %(informal)s) AS informal
FROM {app} a
JOIN {call} ca ON ca.id = a.call_id
JOIN {prog} p ON p.id = ca.programme_id
JOIN {committee} c ON c.id = p.committee_id
JOIN {org} o ON o.id = a.organisation_id
LEFT JOIN {decision} d ON d.application_id = a.id
WHERE c.municipality_id = %(municipality)s
  AND a.status NOT IN (%(draft)s, %(withdrawn)s) AND a.submitted_at IS NOT NULL
"""

# Paid money belongs to the year it was paid (the batch marked paid, Stockholm time), not to
# the grant's year: one row per decision and year of payment, in the decision's cell.
PAYMENTS_SQL = """
CREATE TEMPORARY TABLE rollup_payments ON COMMIT DROP AS
SELECT ra.municipality_id, ra.committee_id, ra.district_id, ra.kind, ra.focus_area_ids,
       ra.target_group_ids, ra.informal,
       COALESCE(EXTRACT(YEAR FROM b.paid_at AT TIME ZONE %(tz)s),
                EXTRACT(YEAR FROM b.payment_date))::int AS year,
       SUM(py.amount) AS paid
FROM rollup_applications ra
JOIN {payout} py ON py.decision_id = ra.decision_id
JOIN {batch} b ON b.id = py.batch_id AND b.status = %(paid)s
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""

DIMENSIONS = (
    "municipality_id, year, committee_id, district_id, kind, focus_area_ids, target_group_ids"
)

GRANTS_SQL = """
WITH firsts AS (
    SELECT organisation_id, MIN(year) AS first_year
    FROM rollup_applications WHERE approved GROUP BY organisation_id
), zeros AS (  -- one bit per organisation of the municipality, all clear
    SELECT repeat('0', COALESCE(MAX(organisation_bit) + 1, 0))::varbit AS bits
    FROM rollup_applications
), cases AS (  -- the applications in their year, and their payments in the year paid
    SELECT {dims}, organisation_id, organisation_bit, 1 AS counted, applied, decision_id,
           approved, granted, 0 AS paid, informal
    FROM rollup_applications
    UNION ALL
    SELECT {dims}, NULL, NULL, 0, 0, NULL, FALSE, 0, paid, informal
    FROM rollup_payments
)
INSERT INTO {grants} ({dims}, applications, applied, decided, approved, granted, paid,
                      informal_granted, informal_paid, organisations, new_organisations)
SELECT {dims}, SUM(counted), SUM(applied), COUNT(decision_id), COUNT(*) FILTER (WHERE approved),
       SUM(granted), SUM(paid),
       COALESCE(SUM(granted) FILTER (WHERE informal), 0),
       COALESCE(SUM(paid) FILTER (WHERE informal), 0),
       COALESCE(bit_or(set_bit((SELECT bits FROM zeros), organisation_bit, 1))
                FILTER (WHERE approved), (SELECT bits FROM zeros)),
       COALESCE(bit_or(set_bit((SELECT bits FROM zeros), organisation_bit, 1))
                FILTER (WHERE approved AND firsts.first_year = year), (SELECT bits FROM zeros))
FROM cases LEFT JOIN firsts USING (organisation_id)
GROUP BY {dims}
"""

PARTICIPANTS_SQL = """
INSERT INTO {people} ({dims}, age_band, gender, people)
SELECT {dims}, split_part(kv.key, '|', 1), split_part(kv.key, '|', 2), SUM(kv.value::int)
FROM rollup_applications ra
-- A decision's latest report that was sent in counts (interim reports repeat the people).
JOIN LATERAL (SELECT rr.participants FROM {report} rr
              WHERE rr.decision_id = ra.decision_id AND rr.status <> %(due)s
              ORDER BY rr.number DESC LIMIT 1) r ON TRUE
CROSS JOIN LATERAL jsonb_each_text(
    CASE WHEN jsonb_typeof(r.participants -> 'counts') = 'object'
         THEN r.participants -> 'counts' ELSE '{{}}'::jsonb END
) AS kv
WHERE kv.value ~ '^[0-9]{{1,9}}$'
GROUP BY {dims}, split_part(kv.key, '|', 1), split_part(kv.key, '|', 2)
"""


# Networks: cells of networks sharing focus areas, districts and target groups; one row
# per cell with the networks and their actions (as of now), one per cell and year with
# the meetings held.
NETWORKS_SQL = """
CREATE TEMPORARY TABLE rollup_networks ON COMMIT DROP AS
SELECT n.id AS network_id, n.municipality_id,
       COALESCE((SELECT array_agg(x.focusarea_id ORDER BY x.focusarea_id)
                 FROM {net_fa} x WHERE x.network_id = n.id), '{{}}') AS focus_area_ids,
       COALESCE((SELECT array_agg(x.district_id ORDER BY x.district_id)
                 FROM {net_d} x WHERE x.network_id = n.id), '{{}}') AS district_ids,
       COALESCE((SELECT array_agg(x.targetgroup_id ORDER BY x.targetgroup_id)
                 FROM {net_tg} x WHERE x.network_id = n.id), '{{}}') AS target_group_ids
FROM {network} n WHERE n.municipality_id = %(municipality)s;

INSERT INTO {networks} (municipality_id, year, focus_area_ids, district_ids,
                        target_group_ids, networks, meetings, attendance, open_actions,
                        overdue_actions)
SELECT rn.municipality_id, NULL, rn.focus_area_ids, rn.district_ids, rn.target_group_ids,
       COUNT(*), 0, 0, COALESCE(SUM(a.open), 0), COALESCE(SUM(a.overdue), 0)
FROM rollup_networks rn
LEFT JOIN (
    SELECT network_id,
           COUNT(*) FILTER (WHERE status = ANY(%(open)s)) AS open,
           COUNT(*) FILTER (WHERE status = ANY(%(open)s) AND due_on < %(today)s) AS overdue
    FROM {action} WHERE network_id IN (SELECT network_id FROM rollup_networks)
    GROUP BY network_id
) a ON a.network_id = rn.network_id
GROUP BY 1, 3, 4, 5;

INSERT INTO {networks} (municipality_id, year, focus_area_ids, district_ids,
                        target_group_ids, networks, meetings, attendance, open_actions,
                        overdue_actions)
SELECT rn.municipality_id, m.year, rn.focus_area_ids, rn.district_ids, rn.target_group_ids,
       0, COUNT(*) FILTER (WHERE m.status <> %(cancelled)s), COALESCE(SUM(m.people), 0), 0, 0
FROM rollup_networks rn
JOIN (
    SELECT mt.id, mt.network_id, mt.status,
           EXTRACT(YEAR FROM mt.starts_at AT TIME ZONE %(tz)s)::int AS year,
           (SELECT SUM(at.people) FROM {attendance} at WHERE at.meeting_id = mt.id) AS people
    FROM {meeting} mt
    WHERE mt.ends_at < %(now)s
      AND mt.network_id IN (SELECT network_id FROM rollup_networks)
) m ON m.network_id = rn.network_id
GROUP BY 1, 2, 3, 4, 5;

DROP TABLE rollup_networks;
"""


def rollups_refresh(municipality: Municipality) -> RollupRefresh:
    """Rebuild one municipality's rollups; concurrent refreshes of it wait for each other."""
    started = time.perf_counter()
    tables = _tables()
    params = {
        "tz": settings.TIME_ZONE,
        "municipality": municipality.pk,
        "rejected": Decision.Outcome.REJECTED,
        "paid": PayoutBatch.Status.PAID,
        "draft": Application.Status.DRAFT,
        "withdrawn": Application.Status.WITHDRAWN,
        "due": FollowUpReport.Status.DUE,
        "open": list(Action.OPEN_STATUSES),
        "today": timezone.localdate(),
        "now": timezone.now(),
        "cancelled": Meeting.Status.CANCELLED,
        "informal": Organisation.Kind.INFORMAL_GROUP,
    }
    with transaction.atomic():
        # Read the audit position first: anything audited later triggers the next refresh.
        last_audit_id = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        state, _ = RollupRefresh.objects.get_or_create(
            municipality=municipality, defaults={"refreshed_at": timezone.now()}
        )
        state = RollupRefresh.objects.select_for_update().get(pk=state.pk)
        GrantRollup.objects.filter(municipality=municipality).delete()
        ParticipantRollup.objects.filter(municipality=municipality).delete()
        NetworkRollup.objects.filter(municipality=municipality).delete()
        with connection.cursor() as cursor:
            cursor.execute(APPLICATIONS_SQL.format(year=YEAR, **tables), params)
            cursor.execute(PAYMENTS_SQL.format(**tables), params)
            cursor.execute(GRANTS_SQL.format(dims=DIMENSIONS, **tables), params)
            rows = cursor.rowcount
            cursor.execute(PARTICIPANTS_SQL.format(dims=DIMENSIONS, **tables), params)
            rows += cursor.rowcount
            # Dropped now, not only at commit: an enclosing transaction may refresh again.
            cursor.execute("DROP TABLE rollup_payments")
            cursor.execute("DROP TABLE rollup_applications")
            for statement in filter(str.strip, NETWORKS_SQL.format(**tables).split(";")):
                cursor.execute(statement, params)
        state.refreshed_at = timezone.now()
        state.last_audit_id = last_audit_id
        state.rows = rows
        state.duration_ms = round((time.perf_counter() - started) * 1000)
        state.save(update_fields=["refreshed_at", "last_audit_id", "rows", "duration_ms"])
    return state


def rollups_refresh_due(max_age_minutes: int | None = None) -> list[RollupRefresh]:
    """Refresh every municipality whose figures changed (new audit events) or grew old."""
    max_age = (
        settings.DASHBOARD_ROLLUP_MAX_AGE_MINUTES if max_age_minutes is None else max_age_minutes
    )
    oldest = timezone.now() - timedelta(minutes=max_age)
    changed = AuditEvent.objects.filter(
        municipality=OuterRef("pk"), pk__gt=OuterRef("rollup_refresh__last_audit_id")
    )
    stale = Municipality.objects.filter(
        Q(rollup_refresh__isnull=True)
        | Q(rollup_refresh__refreshed_at__lt=oldest)
        | Exists(changed)
    )  # one query for all municipalities, not one per municipality
    return [rollups_refresh(municipality) for municipality in stale.order_by("pk")]


def rollups_ensure(municipality: Municipality) -> RollupRefresh:
    """The municipality's refresh state; its first dashboard view builds the rollups."""
    state = RollupRefresh.objects.filter(municipality=municipality).first()
    return state or rollups_refresh(municipality)


def rollups_ensure_all() -> RollupRefresh | None:
    """Build missing rollups of every municipality; the oldest refresh (for comparisons)."""
    for municipality in Municipality.objects.filter(rollup_refresh__isnull=True):
        rollups_refresh(municipality)
    return RollupRefresh.objects.order_by("refreshed_at").first()
