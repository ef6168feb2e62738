"""Hostile addresses and parameters on the survey pages: guessed ids, another
municipality's survey, a forged "answer as" key, an unknown export format, a cancelled or
draft survey: 404 (never a 500, never another's data)."""

import pytest
from django.urls import reverse

from surveys.models import Survey, SurveyResponse
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def test_hostile_addresses_are_not_found(client, world, data, survey):
    other = make_survey(world.y, status=Survey.Status.OPEN, title_sv="Y:s enkät")
    client.force_login(data.person_a)
    for url in [
        reverse("surveys:survey", args=[999999]),
        reverse("surveys:survey", args=[other.pk]),
        reverse("surveys:thanks", args=[other.pk]),
        reverse("surveys:document", args=[survey.pk]),  # it has no document
        reverse("surveys:results", args=[survey.pk]),  # not for the organisations
        f"{reverse('surveys:survey', args=[survey.pk])}?som=org-{data.org_b.pk}",
        f"{reverse('surveys:survey', args=[survey.pk])}?som=" + "a" * 5000,
    ]:
        assert client.get(url).status_code == 404, url
    nul = f"{reverse('surveys:survey', args=[survey.pk])}?som=org-x%00"
    assert client.get(nul).status_code == 400  # the portal refuses NUL before the view
    client.force_login(world.users["coordinator_x"])
    for url in [
        reverse("surveys:results", args=[other.pk]),
        reverse("surveys:results_export", args=[other.pk, "csv"]),
        reverse("surveys:results_export", args=[survey.pk, "..%2Fetc"]),
        reverse("surveys:results_export", args=[survey.pk, "html"]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("surveys:survey", args=[survey.pk]), {"respondent": "me", "q_lokaler": "Ja"}
    )
    assert response.status_code == 404  # staff have nobody to answer as
    assert not SurveyResponse.objects.exists()


def test_an_answer_outside_the_choices_is_a_form_error(client, data, survey):
    client.force_login(data.person_a)
    response = client.post(
        reverse("surveys:survey", args=[survey.pk]),
        {"respondent": f"org-{data.org_a.pk}", "q_lokaler": "<script>", "q_ledare": "-5",
         "q_behov": "x\x00y"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()
    assert "<script>" not in response.content.decode().split('id="form-errors"')[1][:2000]
