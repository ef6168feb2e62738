"""Answering a survey through its page: as an organisation (once, by the people who may
apply for it, changed until closing) or as a person; errors keep what was typed; a closed
survey refuses with a clear message; the audience only."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent
from surveys.models import Survey, SurveyResponse
from surveys.services.answers import response_save
from tests.factories import MembershipFactory
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db

ANSWER = {"q_lokaler": "Delvis", "q_hinder": ["Lokaler", "Ekonomi"], "q_ledare": "12",
          "q_betyg": "4", "q_behov": "En större lokal."}  # fmt: skip


def _post(client, user, survey, data, as_key):
    client.force_login(user)
    return client.post(reverse("surveys:survey", args=[survey.pk]), {**data, "respondent": as_key})


def test_an_organisation_answers_once_and_changes_it_until_closing(client, data, survey):
    key = f"org-{data.org_a.pk}"
    page = client.get(reverse("surveys:survey", args=[survey.pk]))
    assert page.status_code == 302  # log in first
    client.force_login(data.person_a)
    page = client.get(reverse("surveys:survey", args=[survey.pk]))
    assert page.status_code == 200
    assert "Har föreningen de lokaler den behöver?" in page.content.decode()
    response = _post(client, data.person_a, survey, ANSWER, key)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[survey.pk]) + f"?som={key}"
    answer = SurveyResponse.objects.get(survey=survey)
    assert (answer.organisation, answer.person, answer.answered_by) == (
        data.org_a,
        None,
        data.person_a,
    )
    assert answer.answers == {
        "lokaler": "Delvis",
        "hinder": ["Lokaler", "Ekonomi"],
        "ledare": 12,
        "betyg": "4",
        "behov": "En större lokal.",
    }
    thanks = client.get(response["Location"]).content.decode()
    assert "Fisksätra IF" in thanks
    assert "Frida Föreningsaktiv" in thanks

    # a second person acting for A changes the same answer
    other = MembershipFactory(organisation=data.org_a, user__full_name="Olle Ordförande").user
    page = _post(client, other, survey, {**ANSWER, "q_lokaler": "Ja"}, key)
    assert page.status_code == 302
    answer = SurveyResponse.objects.get(survey=survey)
    assert (answer.answers["lokaler"], answer.answered_by) == ("Ja", other)
    shown = client.get(reverse("surveys:survey", args=[survey.pk])).content.decode()
    assert "Olle Ordförande" in shown  # who answered for the organisation
    assert AuditEvent.objects.filter(action="survey.answered").count() == 2


def test_errors_keep_what_was_typed(client, data, survey):
    SurveyResponse.objects.all().delete()
    typed = {**ANSWER, "q_ledare": "tolv", "q_behov": "Något vi skrev länge på."}
    page = _post(client, data.person_a, survey, typed, f"org-{data.org_a.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="form-errors"' in html
    assert "tolv" in html
    assert "Något vi skrev länge på." in html
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_refuses_answers_with_a_clear_message(client, data, survey):
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page = _post(client, data.person_a, survey, ANSWER, f"org-{data.org_a.pk}")
    assert page.status_code == 200
    assert "Enkäten är stängd" in page.content.decode()
    assert not SurveyResponse.objects.exists()
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    page = client.get(reverse("surveys:survey", args=[survey.pk])).content.decode()
    assert "<form" not in page.split('id="answer"')[1].split("</section>")[0]


def test_only_the_audience_answers(client, world, data, survey):
    url = reverse("surveys:survey", args=[survey.pk])
    for user in (data.reader, data.outsider, world.users["officer_y"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {**ANSWER, "respondent": f"org-{data.org_a.pk}"}).status_code == 404
    # B's person may not answer as A
    client.force_login(data.person_b)
    assert client.post(url, {**ANSWER, "respondent": f"org-{data.org_a.pk}"}).status_code == 404
    assert not SurveyResponse.objects.exists()
    # a draft is not found, even by the audience
    draft = make_survey(world.x, segment=data.segment)
    client.force_login(data.person_a)
    assert client.get(reverse("surveys:survey", args=[draft.pk])).status_code == 404


def test_a_person_answers_as_themselves_where_persons_answer(client, world, data):
    survey = make_survey(world.x, status=Survey.Status.OPEN,
                         respondents=Survey.Respondents.BOTH)  # fmt: skip
    page = _post(client, data.reader, survey, ANSWER, "me")
    assert page.status_code == 302
    answer = SurveyResponse.objects.get(survey=survey)
    assert (answer.person, answer.organisation) == (data.reader, None)
    # the reader may not answer for A (a member reads, does not act)
    assert _post(client, data.reader, survey, ANSWER, f"org-{data.org_a.pk}").status_code == 404


def test_my_page_and_list_show_the_open_survey(client, data, survey):
    client.force_login(data.person_a)
    listing = client.get(reverse("surveys:list")).content.decode()
    assert "Behovsinventering" in listing
    assert "Fisksätra IF" in listing
    mine = client.get(reverse("portal:my_page")).content.decode()
    assert reverse("surveys:survey", args=[survey.pk]) in mine


@pytest.mark.django_db(transaction=True)
def test_two_people_of_one_organisation_at_once_give_one_answer(world, data):
    survey = make_survey(world.x, segment=data.segment, status=Survey.Status.OPEN)
    other = MembershipFactory(organisation=data.org_a).user
    barrier = threading.Barrier(2)
    errors = []

    def answer(person, value):
        try:
            barrier.wait(timeout=5)
            response_save(survey=survey, by=person, organisation=data.org_a,
                          answers={"lokaler": value})  # fmt: skip
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(p, v))
               for p, v in ((data.person_a, "Ja"), (other, "Nej"))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_the_list_and_my_page_take_the_same_queries_for_more_open_surveys(client, world, data):
    """Open surveys of everyone, asking organisations, persons or both, answered or not: no
    query per survey (a segment's survey asks its segment, so those are left out here)."""
    from surveys.models import Survey, SurveyResponse
    from tests.query_counts import assert_constant_queries
    from tests.surveys.conftest import make_survey

    client.force_login(data.person_a)
    kinds = [Survey.Respondents.ORGANISATIONS, Survey.Respondents.PERSONS,
             Survey.Respondents.BOTH]  # fmt: skip
    first = make_survey(world.x, status=Survey.Status.OPEN, title_sv="Enkät 0")
    SurveyResponse.objects.create(
        survey=first, organisation=data.org_a, answered_by=data.person_a, answers={}
    )

    def grow():
        for n in range(6):
            survey = make_survey(world.x, status=Survey.Status.OPEN, respondents=kinds[n % 3],
                                 title_sv=f"Enkät {n + 1}")  # fmt: skip
            if n % 2:
                SurveyResponse.objects.create(
                    survey=survey, organisation=data.org_a, answered_by=data.person_a, answers={}
                )

    page = assert_constant_queries(client, reverse("surveys:list"), grow).content.decode()
    assert all(f"Enkät {n}" in page for n in range(7))
    grow()
    mine = assert_constant_queries(client, reverse("portal:my_page"), grow).content.decode()
    assert "Enkät 6" in mine
