"""The activity grant (aktivitetsstöd) formula on worked examples, the activities table of
the form, and decisions that follow or depart from the calculation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict

from grants import selectors, services
from grants.activity_grant import calculate
from grants.form_builder import ACTIVITY_NUMBERS, ACTIVITY_ROWS, ActivitiesField, application_form
from grants.models import ActivityGrantRule, Decision, Question
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory
from tests.grants.helpers import eligible_organisation

RULE = ActivityGrantRule(
    rate_per_participant=Decimal("12"),
    rate_per_occasion=Decimal("0"),
    min_participants=3,
    max_participants=30,
    min_minutes=60,
    min_leaders=1,
)


def row(activity, occasions, minutes, participants, leaders=1):
    return {"activity": activity, "occasions": occasions, "minutes": minutes,
            "participants": participants, "leaders": leaders}  # fmt: skip


def test_worked_example_counts_only_occasions_that_meet_the_rules():
    # Football: 20 occasions × 15 participants = 300 participant occasions × 12 kr = 3 600 kr.
    # Chess: 10 occasions of 45 minutes: too short, not counted.
    # Choir: 8 occasions of 2 participants: too few, not counted.
    # Floorball: 12 occasions × 40 participants, paid for 30 = 360 × 12 = 4 320 kr.
    # Scouts: no leader aged 13+, not counted.
    result = calculate(
        [
            row("Fotboll", 20, 90, 15),
            row("Schack", 10, 45, 12),
            row("Kör", 8, 60, 2),
            row("Innebandy", 12, 60, 40),
            row("Scouter", 5, 120, 10, leaders=0),
        ],
        RULE,
    )
    assert [r.counted for r in result.rows] == [True, False, False, True, False]
    assert result.participant_occasions == 300 + 360
    assert result.occasions == 32
    assert result.gross == Decimal("7920")
    assert result.amount == Decimal("7920")
    assert "60" in result.rows[1].reason
    assert "3" in result.rows[2].reason


def test_late_deduction_then_cap_and_rate_per_occasion():
    rule = ActivityGrantRule(rate_per_participant=Decimal("12"), rate_per_occasion=Decimal("50"))
    # 10 × 20 = 200 participant occasions × 12 = 2 400, + 10 occasions × 50 = 500 → 2 900.
    result = calculate([row("Dans", 10, 60, 20)], rule, deduction_percent=25)
    assert result.gross == Decimal("2900")
    assert result.deduction == Decimal("725")
    assert result.amount == Decimal("2175")
    capped = calculate([row("Dans", 10, 60, 20)], rule, deduction_percent=25, cap=Decimal(2000))
    assert capped.amount == Decimal("2000")


def test_boundaries_exactly_at_the_limits_count():
    result = calculate([row("Gräns", 1, 60, 3), row("Max", 1, 60, 30)], RULE)
    assert result.participant_occasions == 33
    assert calculate([row("Under", 1, 59, 30)], RULE).amount == 0


def test_activities_field_reports_incomplete_rows_and_keeps_complete_ones():
    field = ActivitiesField(required=True)
    width = 1 + len(ACTIVITY_NUMBERS)
    values = ["Fotboll", 20, 90, 15, 1, "Halv", None, 60, None, None]
    values += [None] * (len(field.widget.widgets) - len(values))
    assert len(values) == ACTIVITY_ROWS * width
    with pytest.raises(ValidationError, match="2"):
        field.compress(values)
    values[5:10] = [None] * 5
    cleaned = field.compress(values)
    assert cleaned == {"rows": [row("Fotboll", 20, 90, 15)], "occasions": 20}
    with pytest.raises(ValidationError):
        field.compress([None] * (ACTIVITY_ROWS * width))


@pytest.fixture
def activity_call(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), max_amount=150000)
    Question.objects.create(
        programme=programme, key="aktiviteter", label="Sammankomster", field_type="activities"
    )
    ActivityGrantRule.objects.create(programme=programme, rate_per_participant=Decimal("12"))
    return CallFactory(programme=programme, budget=1_000_000)


def _submit_activities(call, rows):
    organisation = eligible_organisation(call.programme.committee.municipality)
    user = MembershipFactory(organisation=organisation).user
    application = services.application_start(call=call, organisation=organisation, by=user)
    data = MultiValueDict()
    for i, values in enumerate(rows):
        for j, value in enumerate(values):
            data[f"q_aktiviteter_{i * 5 + j}"] = str(value)
    form = services.application_submit(application=application, data=data, files={}, by=user)
    assert not form.errors, form.errors
    application.refresh_from_db()
    return application


@pytest.mark.django_db
def test_applied_amount_is_the_formula_and_the_decision_stores_the_calculation(
    world, activity_call
):
    application = _submit_activities(activity_call, [["Fotboll", 20, 90, 15, 1]])
    assert application.amount_requested == Decimal("3600")
    assert selectors.proposed_amount(application) == Decimal("3600")
    officer = world.users["officer_x"]
    decision = services.decision_make(
        application=application, outcome="approved", amount=Decimal("3600"),
        reasons="Enligt reglerna.", by=officer,
    )  # fmt: skip
    assert decision.calculated_amount == Decimal("3600")
    assert decision.calculation["participant_occasions"] == 300
    assert decision.calculation["rows"][0]["activity"] == "Fotboll"


@pytest.mark.django_db
def test_departing_from_the_calculation_needs_a_reason(world, activity_call):
    application = _submit_activities(activity_call, [["Fotboll", 20, 90, 15, 1]])
    officer = world.users["officer_x"]
    with pytest.raises(ValidationError) as error:
        services.decision_make(application=application, outcome="approved",
                               amount=Decimal("5000"), reasons="Mer.", by=officer)  # fmt: skip
    assert "override_reason" in error.value.error_dict
    assert not Decision.objects.filter(application=application).exists()
    decision = services.decision_make(
        application=application, outcome="partly_approved", amount=Decimal("3000"),
        reasons="Delvis.", by=officer, override_reason="Två tillfällen saknade närvarolista.",
    )  # fmt: skip
    assert decision.amount == Decimal("3000")
    assert decision.calculated_amount == Decimal("3600")
    assert decision.override_reason.startswith("Två")


@pytest.mark.django_db
def test_late_application_gets_the_deduction_in_the_calculation(world, activity_call):
    application = _submit_activities(activity_call, [["Fotboll", 20, 90, 15, 1]])
    application.late_deduction_percent = 25
    application.save()
    calculation = selectors.activity_calculation(application)
    assert calculation.deduction == Decimal("900")
    assert calculation.amount == Decimal("2700")


@pytest.mark.django_db
def test_database_refuses_an_override_without_reason(world, activity_call):
    from django.db import IntegrityError, transaction

    application = _submit_activities(activity_call, [["Fotboll", 20, 90, 15, 1]])
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            application=application, outcome="approved", amount=Decimal("9000"),
            reasons="x", calculated_amount=Decimal("3600"),
        )  # fmt: skip


@pytest.mark.django_db
def test_the_form_tells_applicants_what_counts(world, activity_call):
    from grants.form_builder import rule_summary

    organisation = eligible_organisation(world.x)
    application = services.application_start(
        call=activity_call,
        organisation=organisation,
        by=MembershipFactory(organisation=organisation).user,
    )
    form = application_form(application)
    help_text = str(form.fields["q_aktiviteter"].help_text)
    assert help_text == rule_summary(activity_call.programme.activity_rule)
    assert "7–20" in help_text
