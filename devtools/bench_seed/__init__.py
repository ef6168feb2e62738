"""Benchmark data in bulk (``manage.py seed_bench``): municipalities, organisations, ten
years of grants with decisions, payouts and reports, and networks with meetings.

- ``world.py`` decides everything random from a fixed seed (the same data every run), with
  sizes skewed like Sweden's: the largest municipality has about a tenth of everything,
  the smallest a few dozen organisations. Ids are allocated up front, so no row needs a
  round trip.
- ``tables.py`` has one generator per table, yielding rows as dicts of the values that
  matter.
- ``writer.py`` COPYs them in, with the column list read from the model's fields and
  Django's defaults for every field a generator leaves out: a new field breaks nothing.
- ``volunteering.py``, ``people.py`` (the benchmarks' logins: ``bench_people``,
  ``bench_member_organisation``; representatives) and ``dialogue.py`` (information,
  outreach, surveys, advice times, open forums) plan and write the newer apps' data last,
  each from a random generator of its own.
- ``seed.py`` runs them and builds the dashboard rollups from the result.
"""

from .people import bench_member_organisation, bench_people
from .seed import already_seeded, bench_municipalities, seed
from .world import SCALES, SLUG_PREFIX, Scale

__all__ = [
    "SCALES",
    "SLUG_PREFIX",
    "Scale",
    "already_seeded",
    "bench_member_organisation",
    "bench_municipalities",
    "bench_people",
    "seed",
]
