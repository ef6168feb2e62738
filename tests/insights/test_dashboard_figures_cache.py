"""The dashboards' figures are kept rendered in Redis per rollup build (insights.figures): a
page after the first costs a constant few queries; a rebuild, a renamed focus area or a
municipality's new name shows at once; languages, filters and pages each have their own
body, every role that may see the dashboard shares one, and nothing of the viewer is kept."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from insights import figures
from insights.rollups import rollups_refresh
from portal.models import FocusArea
from tests.factories import CallFactory, GrantProgrammeFactory, UserFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
# A dashboard as visitors get it: session, user, its authenticators (MFA), the municipality,
# the viewer's role there, and the rollup build with the names; the comparison has no
# municipality or role to read.
DASHBOARD_WARM_QUERIES = 6
COMPARE_WARM_QUERIES = 4


@pytest.fixture
def grants(world):
    """Two grants in Nacka under Trygghet this year (12 000 kr), its rollups built."""
    officer = world.users["officer_x"]
    trygghet = FocusArea.objects.get(municipality=world.x, slug="trygghet")
    programme = GrantProgrammeFactory(committee=world.x.committees.get())
    call = CallFactory(programme=programme, focus_area=trygghet, budget=10**6)
    for amount in ("5000", "7000"):
        decide(submitted(call, amount, organisation=eligible_organisation(world.x)), officer,
               amount=amount)  # fmt: skip
    rollups_refresh(world.x)
    return call


def _dashboard(**query):
    url = reverse("insights:dashboard", args=["nacka"])
    return url, query


def _get(client, url, query=None):
    """The page and the number of queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return response, len(queries)


def _body_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _body(response) -> str:
    """The page's main part (the frame around it has the viewer's CSRF token)."""
    return _body_of(response.content.decode())


def _granted(response) -> str:
    """The summary's "Granted" figure for the chosen period, as the page shows it."""
    html = response.content.decode()
    row = html.split('<th scope="row">Beviljat (kr)</th>', 1)[1].split("</tr>", 1)[0]
    return row.split('<td class="text-end">', 2)[1].split("</td>", 1)[0].replace("\xa0", " ")


def test_a_page_after_the_first_costs_a_constant_few_queries(client, world, grants):
    client.force_login(world.users["politician_x"])
    url, _query = _dashboard()
    first, cold = _get(client, url)
    assert "tables" in first.context  # rendered
    second, warm = _get(client, url)
    assert warm == DASHBOARD_WARM_QUERIES < cold
    assert _body(second) == _body(first)
    assert _granted(second) == "12 000"
    # More grants, networks and decisions without a rebuild: the same few queries.
    for _ in range(5):
        decide(submitted(grants, "1000"), world.users["officer_x"], amount="1000")
    assert _get(client, url)[1] == DASHBOARD_WARM_QUERIES


def test_a_rebuild_shows_its_figures_at_once(client, world, grants):
    client.force_login(world.users["politician_x"])
    url, _query = _dashboard()
    assert _granted(_get(client, url)[0]) == "12 000"
    decide(submitted(grants, "8000"), world.users["officer_x"], amount="8000")
    assert _granted(_get(client, url)[0]) == "12 000"  # the rollups wait for the job
    rollups_refresh(world.x)
    page, queries = _get(client, url)
    assert _granted(page) == "20 000"
    assert queries > DASHBOARD_WARM_QUERIES  # rendered for the new build, then kept
    again, queries = _get(client, url)
    assert (_granted(again), queries) == ("20 000", DASHBOARD_WARM_QUERIES)
    # Another viewer, in a session of their own, gets the new figures too.
    other = Client()
    other.force_login(world.users["officer_x"])
    assert _granted(_get(other, url)[0]) == "20 000"


def test_a_renamed_focus_area_or_municipality_shows_at_once(client, world, grants):
    client.force_login(world.users["politician_x"])
    url, _query = _dashboard()
    assert "Trygghet" in _get(client, url)[0].content.decode()
    FocusArea.objects.filter(municipality=world.x, slug="trygghet").update(name="Trygghet i nära")
    html = _get(client, url)[0].content.decode()
    assert "Trygghet i nära" in html  # in the table, the chart, the nav and the filter
    assert ">Trygghet<" not in html
    world.x.__class__.objects.filter(pk=world.x.pk).update(name="Nacka stad")
    assert "Samverkan i Nacka stad" in _get(client, url)[0].content.decode()


def test_languages_and_filters_have_bodies_of_their_own(client, world, grants):
    client.force_login(world.users["politician_x"])
    trygghet = FocusArea.objects.get(municipality=world.x, slug="trygghet")
    url, _query = _dashboard()
    swedish = _get(client, url)[0].content.decode()
    assert "Samverkan i Nacka kommun" in swedish
    with translation.override("en"):
        english_url = reverse("insights:dashboard", args=["nacka"])
    assert english_url != url
    english, queries = _get(client, english_url)
    assert queries > DASHBOARD_WARM_QUERIES  # not the Swedish body
    assert "Collaboration in Nacka kommun" in english.content.decode()
    assert "Granted (SEK)" in english.content.decode()
    assert _body(_get(client, url)[0]) == _body_of(swedish)

    other = eligible_organisation(world.x)
    programme = GrantProgrammeFactory(committee=world.x.committees.get())
    decide(
        submitted(CallFactory(programme=programme), "900", organisation=other),
        world.users["officer_x"],
        amount="900",
    )  # fmt: skip  -- no focus area
    rollups_refresh(world.x)
    everything, _queries = _get(client, url)
    assert _granted(everything) == "12 900"
    focused, queries = _get(client, url, {"focus_area": trygghet.pk})
    assert queries > DASHBOARD_WARM_QUERIES
    assert _granted(focused) == "12 000"
    html = focused.content.decode()
    assert f"?focus_area={trygghet.pk}&amp;table=summary" in html  # the links keep the filter
    assert _get(client, url, {"focus_area": trygghet.pk})[1] == DASHBOARD_WARM_QUERIES
    assert _granted(_get(client, url)[0]) == "12 900"


def test_every_role_shares_one_body_and_nothing_of_the_viewer_is_kept(client, world, grants):
    url, _query = _dashboard()
    client.force_login(world.users["politician_x"])
    first = _get(client, url)[0].content.decode()
    assert world.users["politician_x"].email in first  # the account bar, around the body
    for role in ("officer_x", "coordinator_x", "admin_x"):
        client.force_login(world.users[role])
        page, queries = _get(client, url)
        html = page.content.decode()
        assert queries == DASHBOARD_WARM_QUERIES, role
        assert world.users[role].email in html
        assert world.users["politician_x"].email not in html
        assert _granted(page) == "12 000"
    # Whoever may not see the dashboard gets no figures, kept or not.
    for user in (world.users["officer_y"], UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_filters_the_form_rejects_are_never_kept_and_other_parameters_add_nothing(
    client, world, grants
):
    client.force_login(world.users["politician_x"])
    url, _query = _dashboard()
    wrong = {"year_from": YEAR, "year_to": YEAR - 2}
    for _ in range(2):
        page, queries = _get(client, url, wrong)
        assert page.context["form"].errors["year_to"]
        assert queries > DASHBOARD_WARM_QUERIES
    bogus = {"focus_area": 999999}
    for _ in range(2):
        assert _get(client, url, bogus)[1] > DASHBOARD_WARM_QUERIES
    page, _queries = _get(client, url, {"year_from": YEAR, "utm_source": "mail"})
    assert f"?year_from={YEAR}&amp;table=summary" in _body(page)  # the filters, no more
    assert "utm_source" not in _body(page)
    assert _get(client, url, {"year_from": YEAR, "utm_source": "x"})[1] == DASHBOARD_WARM_QUERIES


def test_the_comparison_is_kept_until_any_municipality_is_rebuilt(client, world, grants):
    rollups_refresh(world.y)
    client.force_login(world.users["superuser"])
    url = reverse("insights:compare")
    first, cold = _get(client, url)
    assert "Nacka kommun" in _body(first)
    assert "Ekerö kommun" not in _body(first)  # no grants, no networks
    page, warm = _get(client, url)
    assert warm == COMPARE_WARM_QUERIES < cold
    other = submitted(
        CallFactory(programme=GrantProgrammeFactory(committee=world.y.committees.get())),
        "700",
        organisation=eligible_organisation(world.y),
    )
    decide(other, world.users["officer_y"], amount="700")
    rollups_refresh(world.y)  # another municipality than the one viewed before
    page, queries = _get(client, url)
    assert queries > COMPARE_WARM_QUERIES
    assert page.context["tables"][0].rows[0][0] == "Ekerö kommun"
    assert page.context["tables"][0].rows[0][6] == 700  # granted
    world.y.__class__.objects.filter(pk=world.y.pk).update(name="Ekerö")
    assert '<th scope="row">Ekerö</th>' in _get(client, url)[0].content.decode()


def test_without_redis_the_page_is_rendered(client, world, grants, monkeypatch):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

        set = get

    monkeypatch.setattr(figures, "cache", Down())
    client.force_login(world.users["politician_x"])
    url, _query = _dashboard()
    for _ in range(2):
        page, queries = _get(client, url)
        assert _granted(page) == "12 000"
        assert queries > DASHBOARD_WARM_QUERIES


def test_a_deploy_with_other_translations_or_templates_makes_new_keys(settings, tmp_path):
    """The code's version is part of every key: templates, translations, the apps' code."""
    figures.code_version.cache_clear()
    try:
        catalogue = tmp_path / "sv" / "LC_MESSAGES" / "django.mo"
        catalogue.parent.mkdir(parents=True)
        catalogue.write_bytes(b"one")
        settings.LOCALE_PATHS = [tmp_path]
        before = figures.code_version()
        assert figures.code_version() == before  # read once a process
        catalogue.write_bytes(b"two")
        figures.code_version.cache_clear()
        assert figures.code_version() != before
    finally:
        figures.code_version.cache_clear()
