"""The results: per question (counts and shares, average/median/least/most, texts), per
focus area (an organisation in two counts in both), year by year within a series, the
response rate; who reads them (staff and politicians of the municipality; names only for
those who run surveys); exports; constant queries however many answered."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from surveys.models import Survey, SurveyResponse
from surveys.selectors.results import results
from tests.factories import OrganisationFactory, UserFactory
from tests.query_counts import assert_constant_queries
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world, data, survey):
    both = OrganisationFactory(municipality=world.x, approved=True, name="Båda Områdena")
    both.focus_areas.set([data.safety, data.community])
    rows = [
        (data.org_a, {"lokaler": "Ja", "hinder": ["Lokaler", "Ekonomi"], "ledare": 10,
                      "betyg": "4", "behov": "En lokal i Fisksätra."}),
        (data.org_b, {"lokaler": "Nej", "hinder": ["Lokaler"], "ledare": 20, "betyg": "2",
                      "behov": "=HYPERLINK(\"http://x\")"}),
        (both, {"lokaler": "Ja", "hinder": ["Information"], "ledare": 3, "betyg": "5"}),
    ]  # fmt: skip
    for organisation, answers in rows:
        SurveyResponse.objects.create(survey=survey, organisation=organisation, answers=answers,
                                      answered_by=data.person_a)  # fmt: skip
    Survey.objects.filter(pk=survey.pk).update(invited_organisations=4)
    survey.refresh_from_db()
    return survey


def _by_key(summaries):
    return {s.question.key: s for s in summaries}


def test_per_question(answered):
    found = results(answered, names=True)
    summary = _by_key(found.overall)
    assert found.total == 3
    assert found.organisation_rate == 75
    rows = {r.label: (r.count, r.percent) for r in summary["lokaler"].rows}
    assert rows == {"Ja": (2, 67), "Delvis": (0, 0), "Nej": (1, 33)}
    rows = {r.label: (r.count, r.percent) for r in summary["hinder"].rows}
    assert rows == {"Lokaler": (2, 67), "Information": (1, 33), "Ekonomi": (1, 33)}
    ledare = summary["ledare"]
    assert (ledare.average, ledare.median, ledare.least, ledare.most) == (
        Decimal("11.0"),
        Decimal("10.0"),
        3,
        20,
    )
    assert summary["betyg"].average == Decimal("3.7")
    assert [r.count for r in summary["betyg"].rows] == [0, 1, 0, 1, 1]
    assert ("Fisksätra IF", "En lokal i Fisksätra.") in summary["behov"].texts
    assert all(
        who == "" for who, _t in _by_key(results(answered, names=False).overall)["behov"].texts
    )


def test_per_focus_area_counts_an_organisation_in_both(answered):
    found = results(answered, names=True)
    groups = {g.name: g for g in found.focus_groups}
    assert groups["Trygghet"].count == 2
    assert groups["Gemenskap"].count == 2
    safety, community = (
        _by_key(groups["Trygghet"].summaries),
        _by_key(groups["Gemenskap"].summaries),
    )
    assert {r.label: r.percent for r in safety["lokaler"].rows}["Ja"] == 100
    assert {r.label: r.percent for r in community["lokaler"].rows} == {
        "Ja": 50,
        "Delvis": 0,
        "Nej": 50,
    }
    assert (safety["ledare"].average, community["ledare"].average) == (
        Decimal("6.5"),
        Decimal("11.5"),
    )


def test_year_by_year_within_a_series(world, data, answered):
    Survey.objects.filter(pk=answered.pk).update(series="Behovsinventering", year=2026)
    answered.refresh_from_db()
    earlier = make_survey(world.x, status=Survey.Status.CLOSED, series="behovsinventering",
                          year=2025, questions=[("lokaler", "Lokaler?", "choice",
                                                 "Ja\nDelvis\nNej")])  # fmt: skip
    for organisation in (data.org_a, data.org_b):
        SurveyResponse.objects.create(survey=earlier, organisation=organisation,
                                      answers={"lokaler": "Nej"})  # fmt: skip
    other_series = make_survey(world.x, status=Survey.Status.CLOSED, series="Annat", year=2025)
    SurveyResponse.objects.create(survey=other_series, organisation=data.org_a,
                                  answers={"lokaler": "Ja"})  # fmt: skip
    [comparison] = results(answered, names=False).comparison  # only the shared key
    assert [c.year for c in comparison.years] == [2025, 2026]
    assert dict(comparison.table) == {"Ja": [0, 67], "Delvis": [0, 0], "Nej": [100, 33]}


def test_who_reads_the_results(client, world, data, answered):
    url = reverse("surveys:results", args=[answered.pk])
    assert client.get(url).status_code == 302
    expected = {"coordinator_x": 200, "admin_x": 200, "politician_x": 200, "officer_x": 200,
                "officer_y": 404, "member": 404}  # fmt: skip
    for role, status in expected.items():
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, role
    for person in (data.person_a, data.outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(world.users["coordinator_x"])
    page = client.get(url).content.decode()
    assert "Trygghet" in page
    assert "Gemenskap" in page
    assert "Fisksätra IF" in page
    assert "counts in both" in page or "räknas i båda" in page
    client.force_login(world.users["politician_x"])
    page = client.get(url).content.decode()
    assert "En lokal i Fisksätra." in page
    assert "Fisksätra IF" not in page
    assert f"org-{data.org_a.pk}" not in page
    assert "q_lokaler" not in page


def test_exports_name_only_for_those_who_run_and_neutralise_formulas(client, world, answered):
    url = reverse("surveys:results_export", args=[answered.pk, "csv"])
    client.force_login(world.users["coordinator_x"])
    csv_text = client.get(url).content.decode()
    assert "Fisksätra IF" in csv_text
    assert "'=HYPERLINK" in csv_text
    client.force_login(world.users["politician_x"])
    csv_text = client.get(url).content.decode()
    assert "Fisksätra IF" not in csv_text
    assert "En lokal i Fisksätra." in csv_text
    xlsx = client.get(reverse("surveys:results_export", args=[answered.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 2
    assert client.get(reverse("surveys:results_export", args=[answered.pk, "pdf"])
                      ).status_code == 404  # fmt: skip


def test_results_page_queries_do_not_grow_with_the_answers(client, world, data, answered):
    client.force_login(world.users["coordinator_x"])

    def grow():
        for _number in range(5):
            organisation = OrganisationFactory(municipality=world.x, approved=True)
            organisation.focus_areas.set([data.safety])
            SurveyResponse.objects.create(
                survey=answered, organisation=organisation, answers={"lokaler": "Ja"},
                answered_by=UserFactory(),
            )  # fmt: skip
        SurveyResponse.objects.create(survey=answered, person=UserFactory(),
                                      answers={"behov": "Mer tid."})  # fmt: skip

    assert_constant_queries(client, reverse("surveys:results", args=[answered.pk]), grow)
