"""Assessments with several assessors (averages leave out N/A), batch decisions for a call,
and the case page that shows everything about a case."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import selectors, services
from grants.models import Application, AssessmentCriterion, Decision
from organisations.models import Document, PayoutAccount
from portal.models import AuditEvent, Role
from portal.services import role_assign
from tests.factories import CallFactory, GrantProgrammeFactory, UserFactory
from tests.grants.helpers import decide, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get())
    for order, name in enumerate(["Syfte", "Målgrupp", "Budget"]):
        AssessmentCriterion.objects.create(programme=programme, name=name, ordering=order)
    return CallFactory(programme=programme, budget=100000)


@pytest.fixture
def second_officer(world):
    officer = UserFactory()
    role_assign(
        user=officer, municipality=world.x, role=Role.OFFICER, committee=world.x.committees.get()
    )
    return officer


def scores(call, *values):
    return dict(zip(call.programme.criteria.values_list("pk", flat=True), values, strict=True))


def test_two_assessors_average_leaves_out_not_applicable(world, call, second_officer):
    application = submitted(call)
    services.assessment_save(
        application=application,
        by=world.users["officer_x"],
        scores=scores(call, 4, 2, None),
        recommendation="approve",
    )
    services.assessment_save(
        application=application,
        by=second_officer,
        scores=scores(call, 5, 3, 1),
        recommendation="partly",
    )
    summary, assessments = selectors.assessment_summary(application)
    assert [(s.criterion.name, s.average, s.scored, s.not_applicable) for s in summary] == [
        ("Syfte", Decimal("4.5"), 2, 0),
        ("Målgrupp", Decimal("2.5"), 2, 0),
        ("Budget", Decimal("1.0"), 1, 1),
    ]
    assert len(assessments) == 2


def test_assessing_again_replaces_ones_own_assessment(world, call):
    application = submitted(call)
    officer = world.users["officer_x"]
    services.assessment_save(
        application=application, by=officer, scores=scores(call, 1, 1, 1), recommendation="reject"
    )
    services.assessment_save(
        application=application, by=officer, scores=scores(call, 5, 5, 5), recommendation="approve"
    )
    summary, assessments = selectors.assessment_summary(application)
    assert [s.average for s in summary] == [Decimal("5.0")] * 3
    assert [a.recommendation for a in assessments] == ["approve"]
    assert AuditEvent.objects.filter(action="application.assessed").count() == 2


def test_out_of_range_scores_and_outsiders_are_refused(world, call):
    application = submitted(call)
    with pytest.raises(ValidationError, match="0"):
        services.assessment_save(
            application=application,
            by=world.users["officer_x"],
            scores=scores(call, 6, 1, 1),
            recommendation="approve",
        )
    for user in (world.users["officer_y"], world.users["member"], world.users["politician_x"]):
        with pytest.raises(ValidationError):
            services.assessment_save(
                application=application,
                by=user,
                scores=scores(call, 1, 1, 1),
                recommendation="approve",
            )
    decide(application, world.users["officer_x"])
    with pytest.raises(ValidationError):
        services.assessment_save(
            application=application,
            by=world.users["officer_x"],
            scores=scores(call, 1, 1, 1),
            recommendation="approve",
        )


def test_assess_in_the_admin_and_see_it_on_the_case_page(client, world, call):
    application = submitted(call)
    officer = world.users["officer_x"]
    client.force_login(officer)
    url = reverse("admin:grants_application_assess", args=[application.pk])
    form = client.get(url).context["form"]
    names = [n for n in form.fields if n.startswith("criterion_")]
    assert len(names) == 3
    bad = client.post(url, {"recommendation": "approve"})
    assert bad.status_code == 200
    assert bad.context["form"].errors[names[0]]
    data = {
        names[0]: "4",
        names[1]: "na",
        names[2]: "2",
        "recommendation": "approve",
        "notes": "Stark ansökan, saknar plan för utvärdering.",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    html = page.content.decode()
    assert "Stark ansökan, saknar plan för utvärdering." in html
    summary = {s.criterion.name: s.average for s in page.context["criteria_summary"]}
    assert summary == {"Syfte": Decimal("4.0"), "Målgrupp": None, "Budget": Decimal("2.0")}
    again = client.get(url).context["form"]
    assert again.initial[names[1]] == "na"


def test_case_page_shows_registry_earlier_grants_and_audit(client, world, call, tmp_path):
    first = submitted(call, amount="10000")
    organisation = first.organisation
    decide(first, world.users["officer_x"], amount="10000")
    PayoutAccount.objects.create(
        organisation=organisation,
        method="bankgiro",
        number="5050-1055",
        account_holder=organisation.name,
    )
    Document.objects.create(
        organisation=organisation,
        year=2026,
        kind="stadgar",
        file="x.pdf",
        original_name="stadgar.pdf",
        content_type="application/pdf",
        size=10,
    )
    later_call = CallFactory(programme=call.programme, budget=100000)
    current = submitted(later_call, organisation=organisation)
    client.force_login(world.users["officer_x"])
    page = client.get(reverse("admin:grants_application_change", args=[current.pk]))
    html = page.content.decode()
    assert organisation.organisation_number in html
    assert "5050-1055" in html
    assert first.diarienummer in html  # earlier grant
    assert [a.pk for a in page.context["earlier"]] == [first.pk]
    assert "Stadgar" in html
    assert "ändrade ärendets status från utkast till inskickad" in html  # audit trail


def test_case_page_query_count_does_not_grow_with_history(client, world, call):
    officer = world.users["officer_x"]
    client.force_login(officer)
    application = submitted(call, amount="1000")
    organisation = application.organisation
    services.assessment_save(
        application=application, by=officer, scores=scores(call, 1, 2, 3), recommendation="approve"
    )
    url = reverse("admin:grants_application_change", args=[application.pk])
    # One earlier grant already, so that its reports' (prefetch) query is counted in both.
    first = submitted(
        CallFactory(programme=call.programme, budget=100000),
        amount="1000",
        organisation=organisation,
    )
    decide(first, officer, amount="1000")
    client.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        other = submitted(
            CallFactory(programme=call.programme, budget=100000),
            amount="1000",
            organisation=organisation,
        )
        decide(other, officer, amount="1000")
    for _ in range(4):
        extra = UserFactory()
        role_assign(
            user=extra, municipality=world.x, role=Role.OFFICER, committee=world.x.committees.get()
        )
        services.assessment_save(
            application=application,
            by=extra,
            scores=scores(call, 1, 2, 3),
            recommendation="approve",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_batch_decision_decides_in_order_while_the_budget_lasts(client, world, call):
    cases = [submitted(call, amount="40000") for _ in range(3)]
    client.force_login(world.users["officer_x"])
    changelist = reverse("admin:grants_application_changelist")
    selection = {"action": "decide_in_batch", "_selected_action": [c.pk for c in cases]}
    first = client.post(changelist, selection)
    assert first.status_code == 200
    assert b"_selected_action" in first.content
    missing_minutes = client.post(
        changelist,
        {
            **selection,
            "apply": "1",
            "outcome": "approved",
            "reasons": "Beslut i nämnd.",
            "decided_by_kind": "committee",
        },
    )
    assert missing_minutes.context["form"].errors["minutes_paragraph"]
    done = client.post(
        changelist,
        {
            **selection,
            "apply": "1",
            "outcome": "approved",
            "reasons": "Beslut i nämnd.",
            "decided_by_kind": "committee",
            "minutes_paragraph": "§ 12",
            "minutes_approved_on": "2026-11-20",
            "announced_on": "2026-11-21",
        },
        follow=True,
    )
    decided = Decision.objects.filter(application__in=cases).order_by("application__submitted_at")
    assert [d.application_id for d in decided] == [cases[0].pk, cases[1].pk]
    assert all(d.minutes_paragraph == "§ 12" for d in decided)
    assert selectors.committed_amount(call) == Decimal("80000")
    html = done.content.decode()
    assert cases[2].diarienummer in html  # refused: the budget has 20 000 left
    cases[2].refresh_from_db()
    assert cases[2].status == Application.Status.SUBMITTED


def test_batch_rejection(world, call):
    cases = [submitted(call) for _ in range(2)]
    result = services.decisions_batch(
        applications=cases,
        outcome="rejected",
        reasons="Budgeten räcker inte.",
        by=world.users["officer_x"],
    )
    assert [d.amount for d in result.decided] == [0, 0]
    assert result.refused == []


def test_proposed_amount_applies_the_late_deduction(world, call):
    application = submitted(call, amount="10000")
    application.late_deduction_percent = 25
    application.save()
    assert selectors.proposed_amount(application) == Decimal("7500")


def test_answers_are_readable_on_the_case_page_and_for_the_applicant(client, world, call):
    from grants.models import Question
    from organisations.models import Membership
    from tests.factories import UserFactory as Users

    application = submitted(call)  # the questions below are added after it was submitted
    Question.objects.create(programme=call.programme, key="budget", label="Budget",
                            field_type="budget")  # fmt: skip
    Question.objects.create(programme=call.programme, key="syfte", label="Syfte",
                            field_type="textarea")  # fmt: skip
    application.answers = {"q_budget_0": "Lokalhyra", "q_budget_1": "20000",
                           "q_syfte": "Läxhjälp\nvarje tisdag"}  # fmt: skip
    application.save()
    client.force_login(world.users["officer_x"])
    html = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    text = html.content.decode()
    assert "Lokalhyra: 20\xa0000\xa0kr" in text  # portal.money's Swedish amount
    assert "Läxhjälp<br>varje tisdag" in text
    assert "q_budget_0" not in text  # no raw form keys
    assert 'name="_save"' not in text  # read-only case page: changes go through actions
    member = Users()
    Membership.objects.create(
        user=member, organisation=application.organisation, role="responsible"
    )
    client.force_login(member)
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "Sökt här: 20\xa0000\xa0kr" in page
