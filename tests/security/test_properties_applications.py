"""Property tests of the grant application form (built from a programme's questions) through
the real views: draft save, autosave, submit and start. Whatever is POSTed, the portal never
answers 500; a draft keeps what was typed for the programme's questions (nothing else, and
no answer longer than its limit) and loses nothing saved before; an incomplete
submission comes back with its errors shown and stays a draft without a diarienummer."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from grants import services
from grants.form_builder import COST_ROWS, FUNDER_ROWS, SHORT_ANSWER_LENGTH
from grants.models import Application, Question
from organisations.models import AgeBand, EligibilityPeriod, Gender, Membership
from tests.factories import CallFactory, GrantProgrammeFactory, OrganisationFactory, UserFactory
from tests.security import hostile_input as hostile

pytestmark = pytest.mark.django_db
ALLOWED = {200, 302, 400, 403, 404}
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
QUESTIONS = [
    ("namn", "text", True, ""),
    ("syfte", "textarea", True, ""),
    ("antal", "number", True, ""),
    ("belopp", "amount", False, ""),
    ("val", "choice", True, "Ja\nNej"),
    ("flera", "multiple_choice", False, "A\nB\nC"),
    ("datum", "date", True, ""),
    ("budget", "budget", True, ""),
    ("deltagare", "participants", True, ""),
    ("bilaga", "file", False, ""),
]
BUDGET_WIDTH = 2 * COST_ROWS + 1 + 2 * FUNDER_ROWS
PARTICIPANT_WIDTH = len(AgeBand) * len(Gender)
COMPLETE = {
    "q_namn": "Schack i Älta",
    "q_syfte": "Schack för alla åldrar.",
    "q_antal": "20",
    "q_belopp": "12000",
    "q_val": "Ja",
    "q_flera": ["A", "C"],
    "q_datum": "2026-12-01",
    "q_budget_0": "Lokalhyra",
    "q_budget_1": "12000",
    "q_deltagare_0": "5",
}
# Inputs that once gave a 500, kept as fixed examples (regressions).
FOUND = [
    {"q_syfte": "a\x00b", "q_\x00": "\x00"},  # NUL bytes reaching PostgreSQL's jsonb
    {"q_bilaga__registry": "åå"},  # a registry document "id" that is no number
    {"q_budget_0": "Hyra", "q_budget_1": "sNaN", "q_budget_2": "Mat", "q_budget_3": "-1"},
]
SAVED = {"q_namn": "Sparat namn", "q_syfte": "Sparad text som inte får försvinna."}

question_values = st.fixed_dictionaries(
    {},
    optional={
        "q_namn": hostile.any_text,
        "q_syfte": hostile.any_text,
        "q_antal": hostile.numbers,
        "q_belopp": hostile.money,
        "q_val": st.one_of(st.sampled_from(["Ja", "Nej"]), hostile.any_text),
        "q_flera": st.lists(st.one_of(st.sampled_from("ABC"), hostile.any_text), max_size=3),
        "q_datum": hostile.dates,
        "q_bilaga__registry": st.one_of(hostile.numbers, hostile.any_text),
    },
)
budget_cells = st.dictionaries(
    st.integers(0, BUDGET_WIDTH - 1).map(lambda i: f"q_budget_{i}"),
    st.one_of(hostile.money, hostile.any_text),
    max_size=5,
)
participant_cells = st.dictionaries(
    st.integers(0, PARTICIPANT_WIDTH - 1).map(lambda i: f"q_deltagare_{i}"),
    hostile.numbers,
    max_size=4,
)
#: A POST of the application form: the complete answers, some left out, some replaced.
form_data = st.tuples(
    st.sets(st.sampled_from(sorted(COMPLETE))),
    question_values,
    budget_cells,
    participant_cells,
    hostile.extra_fields,
).map(
    lambda parts: {
        key: value
        for key, value in {
            **parts[4],
            **{k: v for k, v in COMPLETE.items() if k not in parts[0]},
            **parts[1],
            **parts[2],
            **parts[3],
        }.items()
        if value != []  # an empty list is not sent at all
    }
)


@pytest.fixture
def applicant(db):
    """A member of an eligible association, and an open call whose form has every kind of
    question but the activity table."""
    user = UserFactory()
    programme = GrantProgrammeFactory(committee__abbreviation="KFN", max_amount=50000)
    for order, (key, kind, required, choices) in enumerate(QUESTIONS):
        Question.objects.create(
            programme=programme, key=key, label=key.title(), field_type=kind,
            required=required, choices=choices, ordering=order,
        )  # fmt: skip
    call = CallFactory(programme=programme)
    return user, call


def fresh_application(user, call) -> Application:
    """A new draft from a new eligible association (so each example starts clean)."""
    organisation = OrganisationFactory(
        municipality=call.programme.committee.municipality, approved=True
    )
    EligibilityPeriod.objects.create(
        organisation=organisation,
        valid_from=timezone.localdate() - timedelta(days=1),
        valid_until=timezone.localdate() + timedelta(days=300),
    )
    Membership.objects.create(user=user, organisation=organisation, role="responsible")
    application = services.application_start(call=call, organisation=organisation, by=user)
    Application.objects.filter(pk=application.pk).update(answers=SAVED)
    return application


def as_stored(value):
    """What a draft keeps of a typed value: NUL bytes cannot be stored and are dropped."""
    if isinstance(value, list):
        return [as_stored(v) for v in value]
    return value.replace("\x00", "")


#: The data keys of the programme's questions (a table's cells one by one; no registry
#: documents, so no registry choice) and the longest typed value a draft keeps for each.
DRAFT_LIMITS = {
    "q_namn": 500,
    "q_syfte": 20_000,
    **dict.fromkeys(["q_antal", "q_belopp", "q_datum"], SHORT_ANSWER_LENGTH),
    **{f"q_budget_{i}": SHORT_ANSWER_LENGTH for i in range(BUDGET_WIDTH)},
    **{f"q_budget_{2 * i}": 200 for i in range(COST_ROWS)},  # a cost's description
    **{f"q_budget_{2 * COST_ROWS + 1 + 2 * i}": 200 for i in range(FUNDER_ROWS)},  # a funder
    **{f"q_deltagare_{i}": SHORT_ANSWER_LENGTH for i in range(PARTICIPANT_WIDTH)},
}
CHOICES = {"q_val": ["", "Ja", "Nej"], "q_flera": ["A", "B", "C"]}


def kept_by_draft(data) -> dict | None:
    """The answers a draft holds after ``data`` was posted over SAVED; None when an answer
    is too long (refused: the draft keeps SAVED)."""
    answers = dict(SAVED)
    for key, posted in data.items():
        values = [as_stored(v) for v in (posted if isinstance(posted, list) else [posted])]
        if key == "q_flera":
            answers[key] = [v for v in dict.fromkeys(values) if v in CHOICES[key]]
        elif key == "q_val":
            if values[-1] in CHOICES[key]:
                answers[key] = values[-1]
        elif key in DRAFT_LIMITS:
            if len(values[-1]) > DRAFT_LIMITS[key]:
                return None
            answers[key] = values[-1]
    return answers


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@PROPERTY
@given(data=form_data)
@example(data={**COMPLETE, **FOUND[0]})
@example(data={**COMPLETE, **FOUND[1]})
@example(data={**COMPLETE, **FOUND[2]})
def test_a_draft_keeps_what_was_typed_and_loses_nothing_saved(applicant, data):
    user, call = applicant
    application = fresh_application(user, call)
    client = client_for(user)
    url = reverse("grants:application", args=[application.pk])
    response = client.post(url, {**data, "action": "save"})
    event(f"HTTP {response.status_code}")
    assert response.status_code in ALLOWED
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    for key, value in SAVED.items():  # what was saved before and not sent again stays
        if key not in data:
            assert application.answers[key] == value
    if response.status_code == 302:
        assert application.answers == (kept_by_draft(data) or SAVED)
    else:
        assert application.answers == SAVED
    page = client.get(url)  # whatever the draft holds, the form opens again
    assert page.status_code == 200
    assert client.get(url, {"check": "1"}).status_code == 200


@PROPERTY
@given(data=form_data)
@example(data={**COMPLETE, **FOUND[0]})
@example(data={**COMPLETE, **FOUND[1]})
@example(data={**COMPLETE, **FOUND[2]})
def test_submit_either_succeeds_or_shows_errors_and_stays_a_draft(applicant, data):
    user, call = applicant
    application = fresh_application(user, call)
    client = client_for(user)
    response = client.post(
        reverse("grants:application", args=[application.pk]), {**data, "action": "submit"}
    )
    event(f"HTTP {response.status_code}")
    assert response.status_code in ALLOWED
    application.refresh_from_db()
    if response.status_code == 302:
        assert response["Location"] == reverse("grants:receipt", args=[application.pk])
        assert application.status == Application.Status.SUBMITTED
        assert application.diarienummer.startswith("KFN ")
        assert application.amount_requested is not None
        assert application.amount_requested >= 0
    else:
        assert application.status == Application.Status.DRAFT
        assert not application.diarienummer
        if response.status_code == 200:
            page = response.content.decode()
            assert response.context["form"].errors
            assert 'id="form-errors"' in page or 'aria-invalid="true"' in page
        for key, value in SAVED.items():
            if key not in data:
                assert application.answers[key] == value


@PROPERTY
@given(data=form_data)
@example(data={**COMPLETE, **FOUND[0]})
@example(data={**COMPLETE, **FOUND[1]})
@example(data={**COMPLETE, **FOUND[2]})
def test_autosave_answers_in_json_and_never_fails(applicant, data):
    user, call = applicant
    application = fresh_application(user, call)
    response = client_for(user).post(reverse("grants:autosave", args=[application.pk]), data)
    assert response.status_code in ALLOWED | {409}
    kept = kept_by_draft(data)
    if response.status_code == 200:
        assert response.json()["saved"] is True
        assert kept is not None
    if response.status_code == 400:  # an answer too long: refused, and the page says why
        assert response.json()["saved"] is False
        assert response.json()["error"]
        assert kept is None
    application.refresh_from_db()
    assert application.answers == (kept if response.status_code == 200 else SAVED)


@PROPERTY
@given(organisation=st.one_of(hostile.numbers, hostile.any_text, st.none()))
def test_starting_an_application_for_a_bogus_organisation_is_a_404(applicant, organisation):
    user, call = applicant
    data = {} if organisation is None else {"organisation": organisation}
    response = client_for(user).post(reverse("grants:start", args=[call.pk]), data)
    assert response.status_code == 404
    assert not Application.objects.filter(created_by=user).exists()
