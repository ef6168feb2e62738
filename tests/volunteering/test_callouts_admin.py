"""Call-outs in the coordinators' admin, through the real pages: writing one with the
municipality's own choices, the recipients shown before sending, sending (the delivery task
queued on commit and run), coverage on the page, accepting and declining pledges on the
page and in bulk, the practical information by email (once), closing with an account,
cancelling (pledgers told), opening again; another municipality's coordinator and an officer
without the mobilising ability kept out; list and page query counts constant."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent, Notification
from tests.factories import OrganisationFactory, UserFactory
from tests.networks.test_admin import change_form_data
from tests.query_counts import assert_constant_queries
from tests.volunteering.test_callouts_services import (
    draft,
    pledge_as_volunteer,
    pledge_for,
    sent,
    three_pledges,
)
from volunteering.models import CallOut, Pledge, Skill, Volunteer
from volunteering.services import callouts as services

pytestmark = pytest.mark.django_db


def _url(action="changelist", *args, model="callout"):
    return reverse(f"admin:volunteering_{model}_{action}", args=args)


@pytest.fixture
def coordinator(client, vol):
    client.force_login(vol.coordinator)
    return vol.coordinator


def _local(moment):
    local = timezone.localtime(moment)
    return local.date().isoformat(), f"{local:%H:%M:%S}"


def test_a_coordinator_writes_a_call_out_with_the_municipalitys_choices(client, vol, coordinator):
    theirs = Skill.objects.create(municipality=vol.other, name="Båt", slug="bat")
    response = client.get(_url("add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.fields["skills"].queryset) == {vol.first_aid, vol.car}
    assert theirs not in form.fields["skills"].queryset
    assert "Båt" not in response.content.decode()  # nor offered on the page
    assert vol.district in form.fields["districts"].queryset
    assert vol.coordinator in form.fields["responsible"].queryset
    assert vol.culture_officer not in form.fields["responsible"].queryset  # not mobilising
    assert list(form.fields["municipality"].queryset) == [vol.municipality]
    starts = timezone.now() + timedelta(hours=3)
    data = {
        "municipality": vol.municipality.pk,
        "title": "Vinterevakuering",
        "description": "Värmestuga behövs i natt.",
        "urgency": "acute",
        "responsible": vol.coordinator.pk,
        "place": "Fisksätra skola",
        "starts_at_0": _local(starts)[0], "starts_at_1": _local(starts)[1],
        "ends_at_0": _local(starts - timedelta(hours=1))[0],
        "ends_at_1": _local(starts - timedelta(hours=1))[1],
        "people_needed": "6",
        "hours_needed": "30",
        "skills": [vol.first_aid.pk],
        "languages": ["ar", "so"],
        "to_organisations": "on",
        "to_volunteers": "on",
        "focus_areas": [vol.focus_area.pk],
        "practical_information": "Kom till skolans entré.",
        "pledges-TOTAL_FORMS": "0", "pledges-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(_url("add"), data)
    assert response.status_code == 200  # ends before it starts: an error by the field
    assert "ends_at" in response.context["adminform"].form.errors
    assert not CallOut.objects.exists()
    data["ends_at_0"], data["ends_at_1"] = _local(starts + timedelta(hours=8))
    response = client.post(_url("add"), data)
    callout = CallOut.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("change", callout.pk)
    assert (callout.status, callout.urgency, callout.languages) == ("draft", "acute", ["ar", "so"])
    assert list(callout.skills.all()) == [vol.first_aid]
    assert callout.created_by == vol.coordinator
    assert AuditEvent.objects.filter(action="callout.created", target_id=str(callout.pk))


def test_the_page_shows_the_recipients_before_sending_and_sending_queues_the_delivery(
    client, vol, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    from volunteering import tasks

    callout = draft(vol, skills=[], languages=[])
    page = client.get(_url("change", callout.pk)).content.decode()
    assert "Skicka uppropet" in page  # the step offered
    from volunteering.selectors.targeting import recipient_count

    expected = recipient_count(callout)
    assert expected >= 3  # the volunteers and the organisations' people
    assert f"Det kommer att gå till {expected} mottagare" in page
    confirm = client.get(_url("send", callout.pk))
    assert confirm.status_code == 200
    assert f"{expected} mottagare" in confirm.content.decode()

    # the delivery task runs when the worker gets it: here, at once
    queued = []
    monkeypatch.setattr(services, "queue_delivery", lambda pk: queued.append(pk) or
                        tasks.callout_send.apply(args=[pk]))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("send", callout.pk))
    assert response.status_code == 302
    callout.refresh_from_db()
    assert (callout.status, queued) == ("open", [callout.pk])
    assert callout.sent_at is not None
    rows = Notification.objects.filter(kind="callout")
    assert rows.count() == expected == callout.recipient_count
    assert vol.volunteer.user.email in set(rows.values_list("recipient", flat=True))
    assert AuditEvent.objects.filter(action="callout.status_changed").count() == 1
    # sent: the step is not offered again, and posting it again changes nothing
    assert "Skicka uppropet</a>" not in client.get(_url("change", callout.pk)).content.decode()
    response = client.post(_url("send", callout.pk))
    assert response.status_code == 200
    assert response.context["form"].errors


def test_sending_schedules_the_task_only_on_commit(client, vol, coordinator,
                                                   django_capture_on_commit_callbacks,
                                                   monkeypatch):  # fmt: skip
    queued = []
    monkeypatch.setattr(services, "queue_delivery", queued.append)
    callout = draft(vol)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(_url("send", callout.pk))
    assert queued == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert queued == [callout.pk]


def test_coverage_shows_on_the_page_in_words(client, vol, coordinator):
    callout = sent(vol, languages=["ar", "so"], skills=[vol.first_aid, vol.car])
    three_pledges(vol, callout)
    response = client.get(_url("change", callout.pk))
    coverage = response.context["coverage"]
    assert (coverage.people_offered, coverage.people_accepted, coverage.people_needed) == (6, 3, 4)
    assert (coverage.hours_offered, coverage.hours_accepted, coverage.hours_needed) == (18, 12, 20)
    page = response.content.decode()
    assert "Täckning av behovet" in page
    for text in ("Första hjälpen", "Körkort och bil", "Språk: Arabiska", "Språk: Somaliska",
                 "Klubbstugan", "Filtar"):  # fmt: skip
        assert text in page, text
    assert "Täckt av ett godkänt erbjudande" in page
    assert "Inte täckt" in page
    assert "['ar'" not in page
    assert "&#x27;so&#x27;" not in page


def test_pledges_are_accepted_and_declined_on_the_call_outs_page(client, vol, coordinator):
    callout = sent(vol)
    vera = pledge_as_volunteer(callout, vol.volunteer)
    club = pledge_for(callout, vol.organisation_2, vol.org_user_2)
    page = client.get(_url("change", callout.pk))
    offered = page.context["inline_admin_formsets"][0].formset.forms[0].fields["status"].choices
    assert [value for value, _label in offered] == ["pledged", "accepted", "declined"]
    rows = {f.instance.pk: n for n, f in
            enumerate(page.context["inline_admin_formsets"][0].formset.forms)}  # fmt: skip
    data = change_form_data(page)
    data[f"pledges-{rows[vera.pk]}-status"] = "accepted"
    data[f"pledges-{rows[vera.pk]}-assignment"] = "Ta emot vid entrén"
    data[f"pledges-{rows[club.pk]}-status"] = "declined"
    response = client.post(_url("change", callout.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    vera.refresh_from_db()
    club.refresh_from_db()
    assert (vera.status, vera.assignment, vera.decided_by) == (
        "accepted", "Ta emot vid entrén", vol.coordinator,
    )  # fmt: skip
    assert club.status == "declined"
    accepted = Notification.objects.get(kind=services.ACCEPTED_KIND)
    assert accepted.recipient == vol.volunteer.user.email
    declined = Notification.objects.get(kind=services.DECLINED_KIND)
    assert declined.recipient == vol.org_user_2.email
    moves = AuditEvent.objects.filter(action="pledge.status_changed")
    assert sorted(e.after["status"] for e in moves) == ["accepted", "declined"]
    assert AuditEvent.objects.filter(action="pledge.recorded", target_id=str(vera.pk)).exists()


def test_hours_given_for_a_pledge_not_accepted_are_a_form_error(client, vol, coordinator):
    callout = sent(vol)
    pledge_as_volunteer(callout, vol.volunteer)
    page = client.get(_url("change", callout.pk))
    data = change_form_data(page, **{"pledges-0-hours_given": "3"})
    response = client.post(_url("change", callout.pk), data)
    assert response.status_code == 200
    assert Pledge.objects.get().hours_given is None


def test_pledges_are_accepted_in_bulk_from_the_pledge_list(client, vol, coordinator):
    callout = sent(vol)
    pledges = [pledge_as_volunteer(callout, vol.volunteer),
               pledge_for(callout, vol.organisation, vol.org_user)]  # fmt: skip
    theirs = sent(vol, title="Ekerös upprop")
    CallOut.objects.filter(pk=theirs.pk).update(municipality=vol.other)
    response = client.post(
        _url("changelist", model="pledge"),
        {"action": "accept_selected", "_selected_action": [p.pk for p in pledges]},
    )
    assert response.status_code == 302
    assert set(Pledge.objects.values_list("status", flat=True)) == {"accepted"}
    assert Notification.objects.filter(kind=services.ACCEPTED_KIND).count() == 2
    # a pledge list filtered by the call-out lists its pledges
    listing = client.get(_url("changelist", model="pledge"), {"callout__id__exact": callout.pk})
    assert listing.context["cl"].result_count == 2


def test_a_coordinator_records_a_pledge_received_by_phone(client, vol, coordinator):
    callout = sent(vol)
    response = client.get(_url("add", model="pledge"))
    form = response.context["adminform"].form
    assert list(form.fields["callout"].queryset) == [callout]
    response = client.post(_url("add", model="pledge"), {
        "callout": callout.pk, "organisation": vol.organisation.pk, "people": "3",
        "hours": "12", "premises": "", "goods": "Filtar", "message": "Ringde in.",
    })  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    pledge = Pledge.objects.get()
    assert (pledge.organisation, pledge.people, pledge.pledged_by) == (
        vol.organisation, 3, vol.coordinator,
    )  # fmt: skip
    response = client.post(_url("add", model="pledge"), {
        "callout": callout.pk, "organisation": vol.organisation_2.pk,
        "volunteer": vol.volunteer.pk, "people": "1", "hours": "1",
    })  # fmt: skip
    assert response.status_code == 200  # one giver, not two
    assert Pledge.objects.count() == 1


def test_practical_information_reaches_the_accepted_once(client, vol, coordinator):
    callout = sent(vol)
    vera, _red_cross, club = three_pledges(vol, callout)
    services.pledge_record(pledge=vera, by=vol.coordinator, data={"assignment": "Bär filtar"})
    page = client.get(_url("change", callout.pk)).content.decode()
    assert "Skicka den praktiska informationen" in page
    confirm = client.get(_url("inform", callout.pk))
    assert "2 godkända erbjudanden" in confirm.content.decode()
    response = client.post(_url("inform", callout.pk))
    assert response.status_code == 302
    rows = Notification.objects.filter(kind=services.PRACTICAL_KIND)
    assert {r.recipient for r in rows} == {vol.volunteer.user.email, vol.org_user.email}
    body = rows.get(recipient=vol.volunteer.user.email).body
    assert "Fråga efter Sam" in body
    assert "Bär filtar" in body
    assert Pledge.objects.filter(informed_at__isnull=False).count() == 2
    # again: nobody new, nothing sent twice; a newly accepted pledge is informed next time
    client.post(_url("inform", callout.pk))
    assert rows.all().count() == 2
    services.pledge_accept(pledge=club, by=vol.coordinator)
    client.post(_url("inform", callout.pk))
    assert rows.all().count() == 3
    assert AuditEvent.objects.filter(action="callout.informed").count() == 2


def test_closing_needs_the_account_of_what_happened(client, vol, coordinator):
    callout = sent(vol)
    response = client.post(_url("close", callout.pk), {"account": "  "})
    assert response.status_code == 200
    assert "account" in response.context["form"].errors
    callout.refresh_from_db()
    assert callout.status == "open"
    response = client.post(_url("close", callout.pk), {"account": "Fyrtio personer fick tak."})
    assert response.status_code == 302
    callout.refresh_from_db()
    assert (callout.status, callout.account) == ("closed", "Fyrtio personer fick tak.")
    assert callout.closed_at is not None
    page = client.get(_url("change", callout.pk)).content.decode()
    assert "Fyrtio personer fick tak." in page
    assert "Öppna uppropet igen" in page
    assert client.post(_url("reopen", callout.pk)).status_code == 302
    callout.refresh_from_db()
    assert callout.status == "open"


def test_cancelling_tells_everyone_who_pledged(client, vol, coordinator):
    callout = sent(vol)
    pledge_as_volunteer(callout, vol.volunteer)
    pledge_for(callout, vol.organisation, vol.org_user)
    withdrawn = pledge_for(callout, vol.organisation_2, vol.org_user_2)
    services.pledge_withdraw(pledge=withdrawn, by=vol.org_user_2)
    assert client.post(_url("cancel", callout.pk)).status_code == 302
    callout.refresh_from_db()
    assert callout.status == "cancelled"
    told = set(
        Notification.objects.filter(kind=services.CANCELLED_KIND).values_list(
            "recipient", flat=True
        )
    )
    assert told == {vol.volunteer.user.email, vol.org_user.email}
    # a cancelled call-out is kept as it was
    page = client.get(_url("change", callout.pk))
    assert "title" not in page.context["adminform"].form.fields
    assert client.post(_url("reopen", callout.pk)).status_code == 200


def test_another_municipalitys_coordinator_does_not_find_it(client, vol):
    callout = sent(vol)
    client.force_login(vol.other_coordinator)
    for url in (_url("change", callout.pk), _url("send", callout.pk),
                _url("close", callout.pk), _url("inform", callout.pk)):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(_url("close", callout.pk), {"account": "Nej"}).status_code == 404
    listing = client.get(_url()).content.decode()
    assert "Evakuering Fisksätra" not in listing
    callout.refresh_from_db()
    assert callout.status == "open"


def test_an_officer_without_the_mobilising_ability_cannot(client, vol):
    callout = draft(vol)
    client.force_login(vol.culture_officer)
    for url in (_url(), _url("add"), _url("change", callout.pk), _url("send", callout.pk),
                _url(model="pledge")):  # fmt: skip
        assert client.get(url).status_code == 403, url
    assert client.post(_url("send", callout.pk)).status_code == 403
    callout.refresh_from_db()
    assert callout.status == "draft"


def test_only_a_draft_may_be_deleted(client, vol, coordinator):
    callout = sent(vol)
    assert client.get(_url("delete", callout.pk)).status_code == 403
    other = draft(vol, title="Utkast")
    assert client.post(_url("delete", other.pk), {"post": "yes"}).status_code == 302
    assert list(CallOut.objects.all()) == [callout]


def test_the_list_and_the_page_keep_their_query_counts(client, vol, coordinator):
    callout = sent(vol, skills=[vol.first_aid, vol.car], languages=["ar", "so"])
    pledge_as_volunteer(callout, vol.volunteer, skills=[vol.first_aid])

    def grow():
        for n in range(3):
            extra = sent(vol, title=f"Upprop {n}")
            pledge_as_volunteer(extra, vol.volunteer)
            volunteer = Volunteer.objects.create(
                user=UserFactory(full_name=f"Volontär {n}"),
                municipality=vol.municipality, languages=["so"],
                consent_version=Volunteer.CONSENT_VERSION,
            )  # fmt: skip
            pledge = pledge_as_volunteer(callout, volunteer, skills=[vol.car], goods="Filtar")
            services.pledge_accept(pledge=pledge, by=vol.coordinator)
        pledge_for(callout, vol.organisation, vol.org_user, premises="Lokal")

    response = assert_constant_queries(client, _url(), grow)
    assert "Upprop 2" in response.content.decode()
    callout_page = _url("change", callout.pk)
    before = client.get(callout_page).context["coverage"].pledges

    def grow_pledges():
        for _n in range(3):
            volunteer = Volunteer.objects.create(
                user=UserFactory(),
                municipality=vol.municipality, languages=["ar"],
                consent_version=Volunteer.CONSENT_VERSION,
            )  # fmt: skip
            pledge_as_volunteer(callout, volunteer, skills=[vol.first_aid])

    response = assert_constant_queries(client, callout_page, grow_pledges)
    assert response.context["coverage"].pledges == before + 3
    pledge_list = _url("changelist", model="pledge")
    assert_constant_queries(client, pledge_list, _more(vol, callout))


def _more(vol, callout):
    def grow():
        for _n in range(3):
            volunteer = Volunteer.objects.create(
                user=UserFactory(),
                municipality=vol.municipality,
                consent_version=Volunteer.CONSENT_VERSION,
            )
            pledge_as_volunteer(callout, volunteer, skills=[vol.first_aid])

    return grow


def test_hours_given_are_recorded_on_the_page_after_closing(client, vol, coordinator):
    callout = sent(vol)
    pledge = pledge_as_volunteer(callout, vol.volunteer)
    services.pledge_accept(pledge=pledge, by=vol.coordinator)
    services.callout_close(callout=callout, by=vol.coordinator, account="Klart.")
    page = client.get(_url("change", callout.pk))
    data = change_form_data(page, **{"pledges-0-hours_given": "5,5"})
    response = client.post(_url("change", callout.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pledge.refresh_from_db()
    assert str(pledge.hours_given) == "5.50"
    event = AuditEvent.objects.get(action="pledge.recorded")
    assert Decimal(event.after["hours_given"]) == Decimal("5.5")
    # the status no longer moves once the call-out is closed
    data = change_form_data(client.get(_url("change", callout.pk)),
                            **{"pledges-0-status": "declined"})  # fmt: skip
    assert client.post(_url("change", callout.pk), data).status_code == 200
    pledge.refresh_from_db()
    assert pledge.status == "accepted"


def test_coordinators_read_the_organisations_readiness(client, vol, coordinator):
    from volunteering.services.readiness import readiness_save

    readiness_save(
        organisation=vol.organisation, by=vol.org_user,
        data={"people_available": 6, "languages": ["ar"], "skills": [vol.first_aid],
              "urgent_phone": "070-1234567"},
    )  # fmt: skip
    url = _url(model="readiness")

    def grow():
        for n in range(3):
            organisation = OrganisationFactory(municipality=vol.municipality, name=f"Förening {n}")
            organisation.memberships.create(user=vol.org_user, role="responsible")
            readiness_save(organisation=organisation, by=vol.org_user,
                           data={"languages": ["so"], "skills": [vol.car]})  # fmt: skip

    page = assert_constant_queries(client, url, grow).content.decode()
    assert "Röda Korset Nacka" in page
    assert "Arabiska" in page
    assert "070-1234567" in page
    readiness = vol.organisation.readiness
    assert client.get(_url("change", readiness.pk, model="readiness")).status_code == 200
    assert client.get(_url("add", model="readiness")).status_code == 403
    client.force_login(vol.other_coordinator)
    assert "Röda Korset Nacka" not in client.get(url).content.decode()
    client.force_login(vol.culture_officer)
    assert client.get(url).status_code == 403


def test_a_call_out_sent_while_the_broker_is_down_is_queued_in_the_request(
    client, vol, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(**kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(services.current_app, "connection_for_write", broker_down)
    callout = draft(vol, skills=[], languages=[])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url("send", callout.pk)).status_code == 302
    callout.refresh_from_db()
    assert callout.recipient_count >= 3
    assert Notification.objects.filter(kind="callout").count() == callout.recipient_count
