"""The submit POST runs a fixed number of queries: on deadline day hundreds of applicants
submit at once (bench/deadline.py), and a submit that asked more of the database for every
question, attachment, registry document, member or focus area would slow all of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import services
from grants.models import Application, Attachment, Question
from organisations.models import Document, DocumentKind
from portal.models import Notification
from tests.factories import CallFactory, FocusAreaFactory, MembershipFactory
from tests.grants.conftest import COMPLETE

pytestmark = pytest.mark.django_db

# Session, user, second factor; the application locked and read with its call, organisation
# and the submitter's membership role (one statement: the view does not read it first); the
# questions, the registry documents and the attachments (the form has a file question);
# eligibility (whether eligible, the registry's document kinds and the programme's
# districts: one statement written once, grants.selectors.calls._facts_of_one); the focus
# areas and their rows; the event and the audit row; the receipt's recipients; the
# diarienummer taken and the case saved with it (one statement); the receipt's insert into
# the outbox (which skips one queued already: no asking first); the savepoint around it all
# (opened and released).
SUBMIT_QUERIES = 17


def _submit(client, application, data) -> tuple[int, object]:
    url = reverse("grants:application", args=[application.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {**data, "action": "submit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("grants:receipt", args=[application.pk])
    return len(queries), queries


def _grow(application, organisation, programme, count: int) -> dict:
    """``count`` more of everything the submit reads: questions of every kind (answered),
    file questions with their attachments, registry documents, members, focus areas."""
    data = dict(COMPLETE)
    start = programme.questions.count()
    for n in range(start, start + count):
        Question.objects.create(programme=programme, key=f"text{n}", label=f"Text {n}",
                                field_type="text", required=True, ordering=n)  # fmt: skip
        data[f"q_text{n}"] = f"Svar {n}"
        Question.objects.create(programme=programme, key=f"val{n}", label=f"Val {n}",
                                field_type="choice", choices="Ja\nNej", required=True,
                                ordering=n)  # fmt: skip
        data[f"q_val{n}"] = "Ja"
        Question.objects.create(programme=programme, key=f"fil{n}", label=f"Bilaga {n}",
                                field_type="file", required=True, ordering=n)  # fmt: skip
        Attachment.objects.create(
            application=application, question_key=f"fil{n}", file=f"applications/{n}",
            original_name=f"bilaga-{n}.pdf", content_type="application/pdf", size=10,
        )  # fmt: skip
        Document.objects.create(
            organisation=organisation, year=2000 + n, kind=DocumentKind.BUDGET,
            file=f"organisations/{n}", original_name=f"budget-{n}.pdf",
            content_type="application/pdf", size=10,
        )  # fmt: skip
        MembershipFactory(organisation=organisation)
        programme.focus_areas.add(FocusAreaFactory(municipality=organisation.municipality))
    return data


def test_the_submit_post_runs_the_same_queries_however_much_it_holds(
    client, applicant, project_call
):
    organisation, programme = applicant.organisation, project_call.programme
    programme.focus_areas.add(FocusAreaFactory(municipality=organisation.municipality))
    second_call = CallFactory(programme=programme)
    first, second = (
        services.application_start(call=call, organisation=organisation, by=applicant.user)
        for call in (project_call, second_call)
    )
    client.force_login(applicant.user)
    client.get(reverse("grants:application", args=[first.pk]))  # warm-up: the session

    few, _queries = _submit(client, first, COMPLETE)
    data = _grow(second, organisation, programme, 8)
    many, queries = _submit(client, second, data)

    assert few == many == SUBMIT_QUERIES, "\n".join(q["sql"][:150] for q in queries)
    second.refresh_from_db()
    assert second.status == Application.Status.SUBMITTED
    assert second.diarienummer.endswith("/2")
    assert second.answers["q_text4"] == "Svar 4"  # what was typed is kept with it
    assert second.focus_areas.count() == 9
    receipts = Notification.objects.filter(
        kind="grants.receipt", key__startswith=f"application:{second.pk}:"
    )
    assert receipts.count() == 9  # every member gets the receipt
