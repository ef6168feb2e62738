"""Micro-grants (snabbspår): the promise of a decision within N working days on the call
pages, a one-screen application (a default set when the programme asks nothing of its own)
that cannot ask for more than the maximum, the officers' queue counting the working days
left to the promise (column, filter, constant queries), decided on delegation, and a
one-screen report (what happened, how many, a photo or receipt, the money)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from grants import selectors, services
from grants.form_builder import programme_questions
from grants.models import Application, Decision, Question
from grants.selectors.fast_track import decision_promise
from grants.selectors.reports import report_reading
from grants.working_days import add_working_days, days_left, latest_start
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory
from tests.grants.helpers import decide, eligible_organisation
from tests.grants.helpers import submitted as any_submitted
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
NBSP = "\xa0"


@pytest.fixture
def micro(world):
    programme = GrantProgrammeFactory(
        committee=world.x.committees.get(), name="Snabba pengar", fast_track=True,
        max_amount=Decimal(5000), decision_days=5, report_due_days=30,
    )  # fmt: skip
    return CallFactory(programme=programme, closes_at=None, budget=100_000)


def test_call_pages_promise_the_decision_time_and_the_maximum(client, micro):
    listing = client.get(reverse("grants:calls")).content.decode()
    detail = client.get(reverse("grants:call", args=[micro.pk])).content.decode()
    for html in (listing, detail):
        assert "Beslut inom 5 arbetsdagar" in html
        assert f"5{NBSP}000{NBSP}kr" in html
    assert "Sökt belopp (kr)" in detail  # the default questions, listed


def test_one_screen_application_within_the_maximum(client, world, micro):
    organisation = eligible_organisation(world.x)
    user = MembershipFactory(organisation=organisation).user
    client.force_login(user)
    application = services.application_start(call=micro, organisation=organisation, by=user)
    url = reverse("grants:application", args=[application.pk])
    form = client.get(url).context["form"]
    assert list(form.fields) == ["q_plan", "q_when_where", "q_expected", "q_amount"]
    typed = {"q_plan": "Nattvandring i Fisksätra", "q_when_where": "Fredagar, centrum",
             "q_expected": "8", "q_amount": "6000", "action": "submit"}  # fmt: skip
    too_much = client.post(url, typed)
    assert too_much.status_code == 200
    assert too_much.context["form"].errors["q_amount"] == [f"Högst 5{NBSP}000{NBSP}kr kan sökas."]
    assert "Nattvandring i Fisksätra" in too_much.content.decode()  # nothing typed is lost
    assert client.post(url, {**typed, "q_amount": "4500"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.amount_requested == Decimal(4500)
    rows = {row.label: row.lines for row in selectors.answer_rows(application)}
    assert rows["Vad vill ni göra, och för vilka?"] == ["Nattvandring i Fisksätra"]

    Question.objects.create(programme=micro.programme, key="egen", label="Egen fråga",
                            field_type="text")  # fmt: skip
    assert [q.key for q in programme_questions(micro.programme)] == ["egen"]  # its own now


def test_a_budget_cannot_leave_more_than_the_maximum_to_apply_for(world):
    from django.utils.datastructures import MultiValueDict

    from grants.form_builder import ApplicationForm

    programme = GrantProgrammeFactory(committee=world.x.committees.get(), max_amount=5000)
    budget = Question.objects.create(programme=programme, key="budget", label="Budget",
                                     field_type="budget")  # fmt: skip
    data = MultiValueDict({"q_budget_0": ["Hyra"], "q_budget_1": ["7000"]})
    form = ApplicationForm(data, questions=[budget], max_amount=Decimal(5000))
    assert not form.is_valid()
    assert form.errors["q_budget"] == [f"Högst 5{NBSP}000{NBSP}kr kan sökas."]
    data = MultiValueDict({"q_budget_0": ["Hyra"], "q_budget_1": ["7000"], "q_budget_40": ["2000"]})
    assert ApplicationForm(data, questions=[budget], max_amount=Decimal(5000)).is_valid()


def submitted(call, amount="4000"):
    """A micro-grant application submitted with the one-screen form filled in."""
    from django.utils.datastructures import MultiValueDict

    organisation = eligible_organisation(call.programme.committee.municipality)
    user = MembershipFactory(organisation=organisation).user
    application = services.application_start(call=call, organisation=organisation, by=user)
    typed = {"q_plan": "Nattvandring", "q_when_where": "Fredagar", "q_expected": "8",
             "q_amount": amount}  # fmt: skip
    data = MultiValueDict({k: [v] for k, v in typed.items()})
    services.application_submit(application=application, data=data, files={}, by=user)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    return application


def submitted_on(call, day, amount="4000"):
    application = submitted(call, amount=amount)
    at = timezone.make_aware(datetime.combine(day, time(10)))
    Application.objects.filter(pk=application.pk).update(submitted_at=at)
    application.refresh_from_db()
    return application


def test_queue_counts_working_days_left_to_the_promise(client, world, micro):
    today = timezone.localdate()
    fresh = submitted_on(micro, today)
    late = submitted_on(micro, today - timedelta(days=30))
    soon_start = latest_start(5, promise_by=add_working_days(today, 1))
    soon = submitted_on(micro, soon_start)
    decided = submitted_on(micro, today - timedelta(days=30))
    decide(decided, world.users["officer_x"], amount="4000")
    ordinary = any_submitted(CallFactory(programme=GrantProgrammeFactory(
        committee=world.x.committees.get())))  # fmt: skip

    client.force_login(world.users["officer_x"])
    url = reverse("admin:grants_application_changelist")
    html = client.get(url).content.decode()
    assert "5 dagar kvar" in html
    late_days = -days_left(decision_promise(late), today)
    assert f"{late_days} dagar försenad" in html
    assert "1 dag kvar" in html  # the one due soon

    def listed(which):
        return set(client.get(url, {"micro": which}).context["cl"].queryset)

    assert listed("overdue") == {late}
    assert listed("soon") == {soon}
    assert listed("all") == {fresh, late, soon}
    assert ordinary in set(client.get(url).context["cl"].queryset)

    case = client.get(reverse("admin:grants_application_change", args=[late.pk]))
    promise = decision_promise(late)
    assert f"Beslut utlovat senast {promise.day} " in case.content.decode()
    assert "dagar försenad" in case.content.decode()


def test_queue_with_micro_grants_runs_the_same_queries_however_many(client, world, micro):
    client.force_login(world.users["officer_x"])
    submitted_on(micro, timezone.localdate() - timedelta(days=20))

    def grow():
        for days in (0, 3, 9, 40):
            submitted_on(micro, timezone.localdate() - timedelta(days=days))

    url = reverse("admin:grants_application_changelist")
    response = assert_constant_queries(client, url, grow)
    assert len(response.context["cl"].result_list) == 5
    assert_constant_queries(client, url, grow, data={"micro": "all"})


def test_decided_on_delegation_and_never_above_the_maximum(client, world, micro):
    application = submitted(micro, amount="5000")
    officer = world.users["officer_x"]
    client.force_login(officer)
    page = client.get(reverse("admin:grants_application_decide", args=[application.pk]))
    assert page.context["form"]["decided_by_kind"].value() == "delegated_officer"
    Application.objects.filter(pk=application.pk).update(amount_requested=Decimal(9000))
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="mikrobidrag"):
        decide(application, officer, amount="6000")
    decision = decide(application, officer, amount="5000")
    assert decision.decided_by_kind == Decision.DecidedBy.DELEGATED_OFFICER


def test_one_screen_report_of_a_micro_grant(client, world, micro):
    application = submitted(micro, amount="4000")
    report = decide(application, world.users["officer_x"], amount="4000").reports.get()
    member = MembershipFactory(organisation=application.organisation).user
    client.force_login(member)
    url = reverse("grants:report", args=[application.pk, report.number])
    page = client.get(url)
    form = page.context["form"]
    assert list(form.fields) == ["outcomes", "participants", "q_photo", "money_used"]
    assert form.fields["outcomes"].label == "Vad hände?"
    assert form.fields["participants"].label == "Hur många deltog?"
    assert "participants_0" not in page.content.decode()  # one number, not the grid
    typed = {"outcomes": "Vi gick tre kvällar.", "participants": "12", "money_used": "3500"}
    no_photo = client.post(url, typed)
    assert no_photo.context["form"].errors["q_photo"] == ["Bifoga en fil."]
    assert "Vi gick tre kvällar." in no_photo.content.decode()
    sent = client.post(url, {**typed, "q_photo": SimpleUploadedFile("kvall.png", PNG)})
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.participants == {"total": 12}
    assert report.unused_amount == Decimal(500)
    photo = application.attachments.get(question_key="report-1-photo")
    rows = {row.label: row.lines for row in report_reading(report).rows}
    assert rows["Vad hände?"] == ["Vi gick tre kvällar."]
    assert rows["Hur många deltog?"] == ["12"]
    assert rows["Ett foto från aktiviteten, eller ett kvitto"] == [photo.original_name]
    client.force_login(world.users["officer_x"])
    review = client.get(reverse("admin:grants_followupreport_review", args=[report.pk]))
    assert "Vi gick tre kvällar." in review.content.decode()
    services.report_review(report=report, accept=True, by=world.users["officer_x"])
