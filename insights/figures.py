"""The dashboards' rendered figures, kept in Redis per rollup build.

The figures change only when ``rollups_refresh`` rebuilds a municipality's rollups, so the
body of a dashboard page (the figures, charts and tables, the filter form, the links) is
rendered once per build, language and choice of filters and kept in the cache, which is
Redis and so the same for every process. A visitor after the first gets it with one query
(the build) and one lookup. The key names everything the body shows:

- the build: the municipality's ``RollupRefresh.refreshed_at`` (every municipality's for the
  comparison), read on every request, so a rebuild shows its figures at once;
- the names the rollups are shown with: the focus areas (name, slug, order), committees,
  districts and target groups of the municipality, or the municipalities' names, as a
  digest read in the same query, so a renamed focus area shows at once too;
- the language, this year (the year choices and the default) and the filters asked for
  (the form's fields only: other parameters change nothing and are not repeated in links);
- the code that renders: templates, translations, the apps' Python and Django's version,
  so a deploy starts with new keys.

The body holds nothing of the viewer: it is rendered without the request (no user, no
CSRF token), the same for every role that may see the dashboard; the frame around it (the
account bar, messages) is rendered per request. A choice of filters the form rejects is
rendered every time, never kept, so made-up parameters cannot fill the cache.
"""

import functools
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

import django
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from insights.models import RollupRefresh
from insights.rollups import rollups_ensure_all, rollups_refresh
from portal.models import Committee, District, FocusArea, Municipality, TargetGroup

logger = logging.getLogger(__name__)

# The apps whose Python shapes a body (selectors, forms, template tags, choice labels).
RENDERING_APPS = ("insights", "grants", "organisations", "portal")


@dataclass(frozen=True)
class Build:
    """What a body is rendered from besides the request: the rollup build and the names."""

    refreshed_at: datetime | None  # the figures' time (the oldest, for the comparison)
    digest: str  # the builds and the names, for the key

    @property
    def freshness(self) -> "Build | None":
        """For ``_dashboard_freshness.html`` (``refreshed_at``); None when never built."""
        return self if self.refreshed_at is not None else None


def _names_sql(model, alias: str) -> str:
    """The municipality's rows of ``model`` as one text, for the digest."""
    return f"""(SELECT string_agg(concat_ws(':', {alias}.id, {alias}.ordering, {alias}.slug,
        {alias}.name), ',' ORDER BY {alias}.id) FROM {model._meta.db_table} {alias}
        WHERE {alias}.municipality_id = m.id)"""  # noqa: S608 -- identifiers from the models


def _dashboard_build_row(municipality: Municipality) -> tuple:
    sql = f"""
        SELECT r.refreshed_at, md5(concat_ws('|', m.name, m.slug, r.refreshed_at,
               {_names_sql(FocusArea, "f")}, {_names_sql(Committee, "c")},
               {_names_sql(District, "d")}, {_names_sql(TargetGroup, "t")}))
        FROM {Municipality._meta.db_table} m
        LEFT JOIN {RollupRefresh._meta.db_table} r ON r.municipality_id = m.id
        WHERE m.id = %s
    """  # noqa: S608 -- identifiers from the models, the value as a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [municipality.pk])
        return cursor.fetchone()


def dashboard_build(municipality: Municipality) -> Build:
    """The municipality's build and names (one query); its first view builds the rollups."""
    refreshed_at, digest = _dashboard_build_row(municipality)
    if refreshed_at is None:
        rollups_refresh(municipality)
        refreshed_at, digest = _dashboard_build_row(municipality)
    return Build(refreshed_at, digest)


def _compare_build_row() -> tuple:
    sql = f"""
        SELECT COUNT(*) FILTER (WHERE r.id IS NULL), MIN(r.refreshed_at),
               md5(string_agg(concat_ws(':', m.id, m.name, r.refreshed_at), ',' ORDER BY m.id))
        FROM {Municipality._meta.db_table} m
        LEFT JOIN {RollupRefresh._meta.db_table} r ON r.municipality_id = m.id
    """  # noqa: S608 -- identifiers from the models
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def compare_build() -> Build:
    """Every municipality's build and name (one query); missing rollups are built first."""
    missing, oldest, digest = _compare_build_row()
    if missing:
        rollups_ensure_all()
        missing, oldest, digest = _compare_build_row()
    return Build(oldest, digest or "")


@functools.cache
def code_version() -> str:
    """A digest of the templates, translations and Python that render a body, and Django's
    version: read once a process, the same in every process running the same code."""
    digest = hashlib.sha256(django.get_version().encode())
    base = Path(settings.BASE_DIR)
    roots = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    files = [p for root in roots for p in root.rglob("*.html")]
    files += [p for root in map(Path, settings.LOCALE_PATHS) for p in root.rglob("*.mo")]
    files += [p for app in RENDERING_APPS for p in (base / app).rglob("*.py")]
    for path in sorted(files):
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Page:
    """A dashboard page as asked for: its cache key and the filters' query for its links."""

    key: str
    query: str


def page(name: str, build: Build, request, fields) -> Page:
    """The key of the body of page ``name`` (see the module) and the query its links carry:
    the parameters of the form's ``fields`` (names) as asked, in their order."""
    asked = [(field, value) for field in fields for value in request.GET.getlist(field)]
    query = urlencode(asked)
    parts = [
        name,
        code_version(),
        build.digest,
        get_language(),
        str(timezone.localdate().year),
        "bound" if request.GET else "unbound",  # ?page=2 alone still binds the form
        query,
    ]
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return Page(f"insights:figures:{key}", query)


def kept(key: str, render: Callable[[], tuple[str, bool]]) -> SafeString:
    """The body stored under ``key``, or ``render()``'s (html, keep), stored if ``keep``.
    Without Redis the body is rendered, as if nothing were kept."""
    seconds = settings.DASHBOARD_FIGURES_CACHE_SECONDS
    html = None
    if seconds > 0:
        try:
            html = cache.get(key)
        except Exception:  # Redis down or hung: rendered instead
            logger.warning("Dashboard figure cache unavailable", exc_info=True)
            seconds = 0
    if html is None:
        html, keep = render()
        if keep and seconds > 0:
            try:
                cache.set(key, str(html), seconds)
            except Exception:  # rendered; only its keeping failed
                logger.warning("Dashboard figure cache unavailable", exc_info=True)
    return mark_safe(html)  # noqa: S308 -- rendered by our templates, autoescaped
