"""``seed()``: plan the world, write each table with COPY, build the dashboard rollups."""

import time

from django.db import connection, transaction
from django.utils import timezone

from grants.services.kept_figures import call_totals_recompute
from insights.rollups import rollups_refresh
from portal.models import Municipality

from . import tables, world
from .dialogue import seed_dialogue
from .people import seed_people
from .volunteering import seed_volunteering
from .world import SLUG_PREFIX, Scale, World
from .writer import Ids, Writer


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


def seed(scale: Scale, *, out=print, rollups: bool = True) -> dict:
    """Generate the data set; returns the row counts per table and the timings."""
    started = time.perf_counter()

    def progress(text: str) -> None:
        out(f"  {text} ({time.perf_counter() - started:.0f} s)")

    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for COPY
        now = timezone.now()
        plan = World(
            scale=scale,
            ids=Ids(cursor, [model for model, _rows in tables.TABLES]),
            now=now,
            tz=timezone.get_current_timezone(),
        )
        w = Writer(cursor, now)

        def write(group) -> None:
            for model, rows in group:
                w.copy(model, rows(plan))

        world.places_plan(plan)
        write(tables.STRUCTURE)
        progress(f"municipalities: {len(plan.places)}")
        world.organisations_plan(plan)
        write(tables.ORGANISATIONS)
        progress(f"organisations: {w.counts['organisations_organisation']}")
        world.calls_plan(plan)
        write(tables.PROGRAMMES)
        world.cases_plan(plan)
        write(tables.CASES)
        call_totals_recompute()  # the calls' money, kept on their rows, from what was written
        progress(f"applications: {w.counts['grants_application']}")
        progress(
            f"decisions: {w.counts['grants_decision']}, payouts: {w.counts['grants_payout']}, "
            f"reports: {w.counts['grants_followupreport']}"
        )
        plan.cases.clear()
        world.networks_plan(plan)
        write(tables.NETWORKS)
        world.register_plan(plan)
        write(tables.REGISTER)
        progress(
            f"networks: {w.counts['networks_network']}, meetings: {w.counts['networks_meeting']}, "
            f"attendance: {w.counts['networks_attendance']}, "
            f"register: {w.counts['collaborations_collaboration']}"
        )
        # Last, each with random draws of its own: they change nothing written before.
        volunteering = seed_volunteering(plan, write)
        progress(
            f"volunteers: {w.counts['volunteering_volunteer']}, "
            f"shifts: {w.counts['volunteering_shift']}"
        )
        people = seed_people(plan, write)
        seed_dialogue(plan, write, people, volunteering)
        w.reset_sequences()
        progress(
            f"news: {w.counts['information_newsitem']}, follows: {w.counts['outreach_follow']}, "
            f"survey answers: {w.counts['surveys_surveyresponse']}, "
            f"advice times: {w.counts['advice_adviceslot']}, "
            f"forum sign-ups: {w.counts['networks_opensignup']}"
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
