"""The every-page benchmark (bench/allpages.py) walks every page of the resolver on a data
set, as a role the authorisation matrix lets in, and measures each one the data set has the
objects for; a page it cannot measure is listed with the reason, never left out."""

import re

import pytest
from django.db import transaction
from django.test import override_settings

from bench import allpages
from bench.allpages_world import build_world
from devtools.bench_seed import Scale, bench_municipalities, seed
from tests.security.matrix_urls import url_patterns

pytestmark = pytest.mark.django_db

TINY = Scale(municipalities=2, organisations=120, applications=400, networks=4, years=2)
# A sample across the kinds of page: public, the member's, the officer's admin, a dashboard,
# and one no role opens with a GET (it takes POST only).
SAMPLE = re.compile(
    r"^(portal:home|grants:application|organisations:detail|networks:meeting"
    r"|admin:grants_application_change|admin:organisations_organisation_changelist"
    r"|insights:dashboard|portal:accessibility|grants:autosave)$"
)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seeded once for the module in a transaction rolled back at its end."""
    var = tmp_path_factory.mktemp("var")
    with override_settings(VAR_DIR=var), django_db_blocker.unblock(), transaction.atomic():
        seed(TINY, out=lambda *_: None)
        yield bench_municipalities().order_by("pk")
        transaction.set_rollback(True)


def test_every_url_pattern_is_walked_or_named_with_the_reason(seeded):
    world = build_world(seeded.first())
    pages, not_measured = allpages.plan(allpages._addresses(world), re.compile(""))
    walked = [key for key, _role, _url in pages]
    skipped = [key for key, _why in not_measured]
    assert sorted(walked + skipped) == sorted(url_patterns())  # a new page is walked by itself
    assert dict(not_measured).get("grants:autosave") == allpages.NO_ROLE  # POST only
    for key, role, url in pages:
        assert allpages.role_for(key) == role, key
        assert url.startswith("/"), key
    # The data set holds what most pages need.
    missing = [key for key, why in not_measured if why == allpages.NO_OBJECT]
    assert len(missing) < 0.1 * len(pages), missing


def test_each_page_gets_its_figures_and_the_smallest_municipalitys_query_count(seeded):
    result = allpages.run("small", rounds=2, pick=SAMPLE)
    assert result["errors"] == []
    assert dict(result["not_measured"]) == {"grants:autosave": allpages.NO_ROLE}
    rows = {row[0]: row for row in result["rows"]}
    assert set(rows) == {
        "portal:home", "grants:application", "organisations:detail", "networks:meeting",
        "admin:grants_application_change", "admin:organisations_organisation_changelist",
        "insights:dashboard", "portal:accessibility",
    }  # fmt: skip
    for key, role, median, p95, queries, smallest, _other, target, _indexes in rows.values():
        assert allpages.role_for(key) == role
        assert 0 < median <= p95, key
        assert smallest == queries, key  # the page does not grow with its municipality
        assert target == (300 if key == "insights:dashboard" else 200)
    assert rows["portal:accessibility"][4] == 0  # a static page asks the database nothing
    assert rows["admin:grants_application_change"][1] == "officer_x"
    assert rows["portal:home"][1] == "anonymous"
