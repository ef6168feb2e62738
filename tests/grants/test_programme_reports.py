"""Reports per programme: the programme's report questions built by the form builder beside
the fixed part, indicators (a target when applying, the result when reporting, both shown
to officers), files, several reports per decision (interim, yearly, final), a multi-year
grant paid year by year only after each yearly report is accepted, and the block on new
applications while reports are outstanding."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from grants import reminders as grant_reminders
from grants import selectors, services
from grants.models import Application, FollowUpReport, Instalment, Question, RepaymentClaim
from grants.selectors.reports import report_money_basis, report_reading
from grants.services.decisions import multi_year_terms
from organisations.models import PayoutAccount
from portal.models import Notification, ReminderPolicy
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory
from tests.grants.helpers import decide, eligible_organisation, submitted
from tests.networks.test_admin import add_rows, change_form_data

pytestmark = pytest.mark.django_db
R = FollowUpReport.Status
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def question(programme, key, label, field_type, form="application", required=True, **extra):
    return Question.objects.create(
        programme=programme, form=form, key=key, label=label, field_type=field_type,
        required=required, ordering=Question.objects.filter(programme=programme).count(),
        **extra,
    )  # fmt: skip


@pytest.fixture
def programme(world):
    """A programme for night-walking groups: it asks for a target number of walks when
    applying, and its report asks what was learnt, for receipts, a choice and the result."""
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=90,
                                      requires_accepted_report=True)  # fmt: skip
    question(programme, "syfte", "Syfte", "textarea")
    question(programme, "belopp", "Sökt belopp", "amount")
    question(programme, "nattvandringar", "Antal nattvandringar", "indicator")
    question(programme, "larde", "Vad lärde ni er?", "textarea", form="report")
    question(programme, "kvitton", "Kvitton", "file", form="report")
    question(programme, "nojd", "Hur nöjda är ni?", "choice", form="report",
             choices="Mycket nöjda\nGanska nöjda\nInte nöjda")  # fmt: skip
    question(programme, "nattvandringar", "Antal nattvandringar", "indicator", form="report")
    return programme


@pytest.fixture
def call(programme):
    return CallFactory(programme=programme, budget=1_000_000)


def apply(call, data, organisation=None):
    """Start and submit through the service as the applicant does, with ``data`` typed."""
    organisation = organisation or eligible_organisation(call.programme.committee.municipality)
    user = MembershipFactory(organisation=organisation).user
    application = services.application_start(call=call, organisation=organisation, by=user)
    submission = services.application_submit(
        application=application, data=MultiValueDict({k: [v] for k, v in data.items()}),
        files={}, by=user,
    )  # fmt: skip
    assert submission is not None
    assert not submission.errors, submission.errors
    application.refresh_from_db()
    return application, user


APPLIED = {"q_syfte": "Trygga kvällar", "q_belopp": "10000", "q_nattvandringar": "20"}


def test_application_asks_the_indicators_target_and_not_the_report_questions(client, world, call):
    organisation = eligible_organisation(world.x)
    user = MembershipFactory(organisation=organisation).user
    client.force_login(user)
    application = services.application_start(call=call, organisation=organisation, by=user)
    form = client.get(reverse("grants:application", args=[application.pk])).context["form"]
    assert set(form.fields) == {"q_syfte", "q_belopp", "q_nattvandringar"}
    assert form.fields["q_nattvandringar"].label == "Antal nattvandringar: mål"
    page = client.get(reverse("grants:call", args=[call.pk])).content.decode()
    assert "Antal nattvandringar" in page
    assert "Vad lärde ni er?" not in page
    response = client.post(
        reverse("grants:application", args=[application.pk]),
        {**APPLIED, "q_nattvandringar": "många", "action": "submit"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["q_nattvandringar"]
    client.post(reverse("grants:application", args=[application.pk]),
                {**APPLIED, "action": "submit"})  # fmt: skip
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.answers["q_nattvandringar"] == "20"


def test_report_with_the_programmes_questions_from_form_to_officer(client, world, call):
    application, member = apply(call, APPLIED)
    officer = world.users["officer_x"]
    report = decide(application, officer, amount="10000").reports.get()
    url = reverse("grants:report", args=[application.pk, report.number])
    client.force_login(member)
    page = client.get(url)
    html = page.content.decode()
    assert "Ert mål: 20." in html
    form = page.context["form"]
    assert form.fields["q_nattvandringar"].label == "Antal nattvandringar: resultat"
    assert list(form.fields)[-1] == "money_used"  # the money last
    assert {"outcomes", "participants", "q_larde", "q_kvitton", "q_nojd"} <= set(form.fields)

    typed = {"outcomes": "Vi gick varje fredag.", "participants_0": "6", "money_used": "9000",
             "q_larde": "Att samordna med polisen.", "q_nojd": "Ganska nöjda",
             "q_nattvandringar": "18"}  # fmt: skip
    missing_file = client.post(url, typed)
    assert missing_file.status_code == 200
    assert missing_file.context["form"].errors["q_kvitton"] == ["Bifoga en fil."]
    assert "Att samordna med polisen." in missing_file.content.decode()  # nothing lost
    wrong = client.post(url, {**typed, "q_nojd": "Jättenöjda",
                              "q_kvitton": SimpleUploadedFile("kvitto.png", PNG)})  # fmt: skip
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["q_nojd"]
    done = client.post(url, {**typed, "q_kvitton": SimpleUploadedFile("kvitto.png", PNG)})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == R.SUBMITTED
    assert report.answers["q_larde"] == "Att samordna med polisen."
    assert report.answers["q_nattvandringar"] == "18"
    attachment = application.attachments.get(question_key="report-1-kvitton")
    download = client.get(reverse("grants:attachment", args=[application.pk, attachment.pk]))
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")

    reading = report_reading(report)
    rows = {row.label: row.lines for row in reading.rows}
    assert rows["Vad lärde ni er?"] == ["Att samordna med polisen."]
    assert rows["Hur nöjda är ni?"] == ["Ganska nöjda"]
    assert rows["Kvitton"] == [attachment.original_name]
    assert [(i.label, i.target, i.result) for i in reading.indicators] == [
        ("Antal nattvandringar", 20, 18)
    ]
    client.force_login(officer)
    review = client.get(reverse("admin:grants_followupreport_review", args=[report.pk]))
    html = review.content.decode()
    assert "Vad lärde ni er?" in html
    assert "Att samordna med polisen." in html
    assert "Antal nattvandringar" in html
    assert "<td>20</td><td>18</td>" in html
    change = client.get(reverse("admin:grants_followupreport_change", args=[report.pk]))
    assert "Slutrapport" in change.content.decode()
    assert "7-12|" not in change.content.decode()  # participants as words, not codes
    case = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    assert "<td>20</td><td>18</td>" in case.content.decode()  # target → result on the case

    client.post(reverse("admin:grants_followupreport_review", args=[report.pk]),
                {"decision": "changes", "comment": "Berätta mer."})  # fmt: skip
    client.force_login(member)
    again = client.get(url).context["form"]
    assert again.initial["q_larde"] == "Att samordna med polisen."
    assert again.initial["q_nattvandringar"] == 18
    assert again.initial["participants"]["total"] == 6
    resent = client.post(url, {**typed, "q_larde": "Mer om samarbetet."})  # file kept
    assert resent.status_code == 302, resent.context["form"].errors
    report.refresh_from_db()
    assert (report.status, report.answers["q_larde"]) == (R.SUBMITTED, "Mer om samarbetet.")
    assert application.attachments.filter(question_key="report-1-kvitton").count() == 1


def test_an_application_indicator_is_reported_even_without_its_report_question(world, call):
    call.programme.questions.filter(form="report", key="nattvandringar").delete()
    application, _member = apply(call, APPLIED)
    report = decide(application, world.users["officer_x"], amount="10000").reports.get()
    reading = report_reading(report)
    assert [(i.label, i.target, i.result) for i in reading.indicators] == [
        ("Antal nattvandringar", 20, None)
    ]
    from grants.forms import follow_up_report_form

    form = follow_up_report_form(report)
    assert form.fields["q_nattvandringar"].help_text.startswith("Ert mål: 20.")


def test_programme_admin_has_application_and_report_questions(client, world, programme):
    client.force_login(world.users["admin_x"])
    url = reverse("admin:grants_grantprogramme_change", args=[programme.pk])
    response = client.get(url)
    inlines = {
        str(inline.opts.verbose_name_plural): [f.instance.key for f in inline.formset.forms]
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Question
    }
    assert inlines == {
        "ansökningsfrågor": ["syfte", "belopp", "nattvandringar"],
        "rapportfrågor": ["larde", "kvitton", "nojd", "nattvandringar"],
    }
    prefixes = {
        str(inline.opts.verbose_name_plural): inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
    }
    data = change_form_data(response)
    row = {"ordering": 9, "label": "Bilder", "field_type": "file", "required": False}
    twice = add_rows(dict(data), prefixes["rapportfrågor"], {**row, "key": "larde"})
    refused = client.post(url, twice)
    assert refused.status_code == 200
    assert "En annan fråga i samma formulär har samma nyckel." in refused.content.decode()
    too_long = add_rows(dict(data), prefixes["rapportfrågor"], {**row, "key": "b" * 40})
    assert "högst 36 tecken" in client.post(url, too_long).content.decode()
    saved = client.post(url, add_rows(dict(data), prefixes["rapportfrågor"],
                                      {**row, "key": "syfte"}))  # fmt: skip
    assert saved.status_code == 302
    added = Question.objects.get(programme=programme, label="Bilder")
    assert (added.form, added.key) == ("report", "syfte")  # a key per form


@pytest.fixture
def plain_call(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=60)
    return CallFactory(programme=programme, budget=1_000_000)


def with_account(application):
    PayoutAccount.objects.create(
        organisation=application.organisation, method="bankgiro", number="5050-1055",
        account_holder=application.organisation.name,
    )  # fmt: skip
    return application


def three_year_grant(call, officer):
    first = timezone.localdate().year
    application = with_account(submitted(call, amount="240000"))
    plan, reports = multi_year_terms(
        amounts_by_year={first: Decimal(100000), first + 1: Decimal(80000),
                         first + 2: Decimal(60000)}
    )  # fmt: skip
    return decide(application, officer, amount="240000", plan=plan, reports=reports), first


def pay(decision, officer, on):
    batch, _refused = services.payout_batch_create(
        committee=decision.application.call.programme.committee, decisions=[decision],
        payment_date=on, by=officer,
    )  # fmt: skip
    return sorted(p.instalment.year for p in batch.payouts.select_related("instalment"))


def test_three_year_grant_is_paid_year_by_year_after_each_yearly_report(client, world, plain_call):
    officer = world.users["officer_x"]
    decision, first = three_year_grant(plain_call, officer)
    reports = list(decision.reports.order_by("number"))
    assert [(r.kind, r.year) for r in reports] == [
        ("yearly", first), ("yearly", first + 1), ("final", first + 2)]  # fmt: skip
    assert pay(decision, officer, timezone.localdate()) == [first]
    next_year = date(first + 1, 1, 15)
    with pytest.raises(ValidationError):  # year 2 waits for the first yearly report
        pay(decision, officer, next_year)

    member = MembershipFactory(organisation=decision.application.organisation).user
    client.force_login(member)
    page = client.get(reverse("grants:application", args=[decision.application_id]))
    html = page.content.decode()
    assert f"Skriv årsrapporten för {first}" in html
    assert f"delbetalning 2 (80\xa0000\xa0kr för {first + 1})" in html  # what the report releases
    assert "Skriv slutrapporten" in html
    form_page = client.get(reverse("grants:report", args=[decision.application_id, 1]))
    assert f"Av de 100\xa0000\xa0kr som gäller {first}." in form_page.content.decode()

    services.report_submit(report=reports[0], by=member, outcomes="Ett bra år.",
                           participants={}, money_used=Decimal(90000))  # fmt: skip
    reports[0].refresh_from_db()
    assert reports[0].unused_amount == Decimal(10000)  # of the year's 100 000, not the grant
    with pytest.raises(ValidationError):  # submitted is not accepted
        pay(decision, officer, next_year)
    services.report_review(report=reports[0], accept=True, by=officer)
    assert RepaymentClaim.objects.get(report=reports[0]).amount == Decimal(10000)
    assert pay(decision, officer, next_year) == [first + 1]  # year 3 still waits
    with pytest.raises(ValidationError):
        pay(decision, officer, date(first + 2, 1, 15))
    services.report_submit(report=reports[1], by=member, outcomes="Ännu ett år.",
                           participants={}, money_used=Decimal(80000))  # fmt: skip
    services.report_review(report=reports[1], accept=True, by=officer)
    assert pay(decision, officer, date(first + 2, 1, 15)) == [first + 2]
    assert report_money_basis(reports[2]) == Decimal(60000)
    assert not Instalment.objects.filter(decision=decision, payout__isnull=True).exists()


def test_reports_of_one_decision_each_listed_reminded_and_blocking(client, world, plain_call):
    officer = world.users["officer_x"]
    today = timezone.localdate()
    application = submitted(plain_call, amount="30000")
    decision = decide(application, officer, amount="30000", reports=[
        {"kind": "interim", "due_on": today + timedelta(days=5)},
        {"kind": "yearly", "year": today.year + 1, "due_on": today + timedelta(days=400)},
        {"kind": "final", "year": today.year + 1, "due_on": today + timedelta(days=500)},
    ])  # fmt: skip
    interim, yearly, final = decision.reports.order_by("number")
    member = MembershipFactory(organisation=application.organisation).user
    client.force_login(member)
    listed = client.get(reverse("grants:applications"))
    assert list(listed.context["reports"]) == [interim, yearly, final]
    html = listed.content.decode()
    for report in (interim, yearly, final):
        assert reverse("grants:report", args=[application.pk, report.number]) in html
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "Skriv delrapporten" in page
    assert "Hur arbetet går hittills." in page
    interim_form = client.get(reverse("grants:report", args=[application.pk, 1]))
    assert "inget tillbaka" in interim_form.content.decode()  # an interim report claims nothing

    ReminderPolicy.objects.create(municipality=world.x, report_due_days=14)

    def reminded():
        grant_reminders.reports(world.x, today)
        return set(
            Notification.objects.filter(kind="reminder.report_due").values_list("key", flat=True)
        )

    assert reminded() == {f"report:{interim.pk}:due"}  # the interim one only is near
    FollowUpReport.objects.filter(pk__in=[yearly.pk, final.pk]).update(due_on=today + timedelta(1))
    assert reminded() == {f"report:{r.pk}:due" for r in (interim, yearly, final)}  # one each

    services.report_submit(report=interim, by=member, outcomes="Halvvägs.", participants={},
                           money_used=Decimal(1000))  # fmt: skip
    interim.refresh_from_db()
    assert interim.unused_amount == 0  # nothing is claimed back on an interim report
    services.report_review(report=interim, accept=True, by=officer)
    assert not RepaymentClaim.objects.filter(report=interim).exists()


def test_only_reports_that_are_due_block_during_a_multi_year_grant(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(),
                                      requires_accepted_report=True)  # fmt: skip
    call = CallFactory(programme=programme, budget=1_000_000)
    officer = world.users["officer_x"]
    decision, _first = three_year_grant(call, officer)
    organisation = decision.application.organisation
    new_call = CallFactory(programme=programme, budget=10000)
    assert selectors.ineligibility_reasons(new_call, organisation) == []  # years still running
    yearly = decision.reports.get(number=1)
    FollowUpReport.objects.filter(pk=yearly.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    assert selectors.ineligibility_reasons(new_call, organisation)  # due and not accepted
    member = MembershipFactory(organisation=organisation).user
    services.report_submit(report=yearly, by=member, outcomes="x", participants={},
                           money_used=Decimal(100000))  # fmt: skip
    assert selectors.ineligibility_reasons(new_call, organisation)  # sent, not accepted yet
    services.report_review(report=yearly, accept=True, by=officer)
    assert selectors.ineligibility_reasons(new_call, organisation) == []
    FollowUpReport.objects.filter(decision=decision, number=3).update(
        due_on=timezone.localdate()
    )  # the final report is due today: it blocks too
    assert selectors.ineligibility_reasons(new_call, organisation)
