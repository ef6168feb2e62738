"""What a draft keeps of a POST: only the programme's questions, each within its length, and
all answers together within a total. Junk keys are dropped; a too-long answer is refused with
a message that names it (never cut short in silence); normal answers are kept."""

import json

import pytest
from django.urls import reverse

from grants.form_builder import ANSWERS_LENGTH, COST_ROWS, SHORT_ANSWER_LENGTH
from grants.models import Application, Question
from tests.grants.conftest import COMPLETE

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, applicant, project_call):
    Question.objects.create(
        programme=project_call.programme, key="val", label="Verksamhet", field_type="choice",
        choices="Idrott\nKultur", required=False, ordering=5,
    )  # fmt: skip
    Question.objects.create(
        programme=project_call.programme, key="budget", label="Budget", field_type="budget",
        required=False, ordering=6,
    )  # fmt: skip
    client.force_login(applicant.user)
    client.post(
        reverse("grants:start", args=[project_call.pk]), {"organisation": applicant.organisation.pk}
    )
    return Application.objects.get(call=project_call)


def autosave(client, application, data):
    return client.post(reverse("grants:autosave", args=[application.pk]), data)


def plain(text: str) -> str:
    """A message with its number grouping (a no-break space in Swedish) taken out."""
    return text.replace("\xa0", "").replace(" ", "")


def test_junk_keys_are_not_stored(client, draft):
    """Three autosaves of 900 made-up keys each once grew a draft to 10.8 MB."""
    for post in range(3):
        junk = {f"junk_{post}_{i}": "x" * 4000 for i in range(900)}
        junk |= {"q_nope": "x", "q_syfte_0": "x", "id": "1", "status": "approved"}
        response = autosave(client, draft, {**junk, "q_syfte": "Läxhjälp"})
        assert response.status_code == 200, response.content
        assert response.json()["saved"] is True
    draft.refresh_from_db()
    assert draft.answers == {"q_syfte": "Läxhjälp"}
    assert len(json.dumps(draft.answers)) < 100


def test_junk_kept_by_an_earlier_draft_goes_at_the_next_save(client, draft):
    Application.objects.filter(pk=draft.pk).update(
        answers={"q_syfte": "Gammal text", "skräp": "x" * 10_000, "q_deltagare": "12"}
    )
    assert autosave(client, draft, {"q_syfte": "Ny text"}).status_code == 200
    draft.refresh_from_db()
    assert draft.answers == {"q_syfte": "Ny text", "q_deltagare": "12"}


def test_normal_answers_are_kept_as_typed(client, draft):
    data = {
        **COMPLETE,
        "q_syfte": "å" * 20_000,  # a long text at its limit
        "q_deltagare": "tjugo",  # not a number yet: a draft keeps it as typed
        "q_val": "Kultur",
        "q_budget_0": "Lokalhyra",
        "q_budget_1": "12000",
        f"q_budget_{2 * COST_ROWS}": "500",  # own funding
    }
    response = autosave(client, draft, data)
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.answers == data


def test_a_choice_keeps_only_one_of_its_choices(client, draft):
    autosave(client, draft, {"q_val": "Idrott"})
    autosave(client, draft, {"q_val": "x" * 5000})  # no radio button sends that
    draft.refresh_from_db()
    assert draft.answers["q_val"] == "Idrott"


@pytest.mark.parametrize(
    ("key", "label", "limit"),
    [
        ("q_syfte", "Syfte", 20_000),
        ("q_deltagare", "Deltagare", SHORT_ANSWER_LENGTH),
        ("q_budget_0", "Budget", 200),  # a cost row's description
        ("q_budget_1", "Budget", SHORT_ANSWER_LENGTH),  # its amount
    ],
)
def test_a_too_long_answer_is_refused_with_a_message(client, draft, key, label, limit):
    autosave(client, draft, {"q_syfte": "Sparad text"})
    response = autosave(client, draft, {"q_syfte": "Ny text", key: "9" * (limit + 1)})
    assert response.status_code == 400
    body = response.json()
    assert body["saved"] is False
    assert f"”{label}”" in body["error"]
    assert f"{limit + 1}tecken" in plain(body["error"])
    assert f"högst{limit}" in plain(body["error"])
    draft.refresh_from_db()
    assert draft.answers == {"q_syfte": "Sparad text"}  # nothing cut short, nothing half-saved


def test_answers_too_long_together_are_refused(client, draft):
    programme = draft.call.programme
    count = ANSWERS_LENGTH // 20_000 + 1
    for i in range(count):
        Question.objects.create(
            programme=programme, key=f"text{i}", label=f"Text {i}", field_type="textarea",
            required=False, ordering=10 + i,
        )  # fmt: skip
    data = {f"q_text{i}": "a" * 20_000 for i in range(count)}
    response = autosave(client, draft, data)
    assert response.status_code == 400
    assert f"högst{ANSWERS_LENGTH}" in plain(response.json()["error"])
    draft.refresh_from_db()
    assert draft.answers == {}


def test_saving_a_draft_with_a_too_long_answer_says_so(client, draft):
    url = reverse("grants:application", args=[draft.pk])
    response = client.post(url, {"q_syfte": "x" * 20_001, "action": "save"}, follow=True)
    assert "”Syfte”" in response.content.decode()
    draft.refresh_from_db()
    assert "q_syfte" not in draft.answers
    response = client.post(url, {**COMPLETE, "q_syfte": "x" * 20_001, "action": "submit"})
    assert response.status_code == 200  # the form again, with the typed text and the error
    assert "”Syfte”" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
