"""The register in the admin: recording through the add form (with outside partners),
an IOP with two parties, contributions in kronor and indicators, a yearly follow-up with
results against the targets, co-applications, proposals; another committee's officer
reads but cannot change; the lists' query counts do not grow with the rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from collaborations import services
from collaborations.models import (
    Agreement,
    CoApplication,
    Collaboration,
    Contribution,
    FollowUp,
    Indicator,
    Party,
)
from portal.models import AuditEvent
from tests.collaborations.helpers import iop, recorded
from tests.networks.test_admin import add_rows, change_form_data
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _url(model, action="changelist", *args):
    return reverse(f"admin:collaborations_{model}_{action}", args=args)


def test_an_officer_records_a_collaboration_with_outside_partners(client, collab):
    c = collab
    client.force_login(c.culture_officer)
    response = client.get(_url("collaboration", "add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.fields["administration"].queryset) == {c.culture, c.social}
    assert c.org_user not in form.fields["responsible"].queryset
    data = change_form_data(
        response,
        municipality=str(c.municipality.pk),
        title="Medborgarlöfte Fisksätra",
        description="Polisen och kommunen lovar trygghetsvandringar.",
        kind="police",
        level="strategic",
        administration=str(c.culture.pk),
        responsible=str(c.culture_officer.pk),
        focus_areas=[str(c.focus_area.pk)],
        districts=[str(c.district.pk)],
        partners=[str(c.organisation_2.pk)],
        status="planned",
    )
    add_rows(data, "outside_partners", {"kind": "police", "name": "Polisen Nacka"})
    response = client.post(_url("collaboration", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = Collaboration.objects.get(title="Medborgarlöfte Fisksätra")
    assert (entry.level, entry.administration, entry.created_by) == (
        "strategic",
        c.culture,
        c.culture_officer,
    )
    assert list(entry.outside_partners.values_list("name", flat=True)) == ["Polisen Nacka"]
    assert list(entry.partners.all()) == [c.organisation_2]
    assert AuditEvent.objects.filter(action="collaboration.created", target_id=str(entry.pk))


def test_an_officer_may_not_record_for_another_committees_administration(client, collab):
    c = collab
    client.force_login(c.culture_officer)
    response = client.get(_url("collaboration", "add"))
    data = change_form_data(
        response,
        municipality=str(c.municipality.pk),
        title="Fel",
        kind="other",
        level="operational",
        administration=str(c.social.pk),
        status="planned",
    )
    response = client.post(_url("collaboration", "add"), data)
    assert response.status_code == 200
    assert "administration" in response.context["adminform"].form.errors
    assert not Collaboration.objects.exists()


def test_an_officer_of_another_committee_reads_the_entry_but_cannot_change_it(client, collab):
    c = collab
    entry = iop(c)  # the social administration's
    client.force_login(c.culture_officer)
    url = _url("collaboration", "change", entry.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    response = client.post(url, {"title": "Ändrat"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.title == "IOP Kvinnojouren"
    # the agreement too
    response = client.get(_url("agreement", "change", entry.agreement.pk))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    # another municipality's officer does not find it
    client.force_login(c.other_officer)
    assert client.get(url).status_code == 404


def test_the_status_select_offers_the_tables_moves_and_saves_through_the_service(client, collab):
    c = collab
    entry = recorded(c)
    client.force_login(c.culture_officer)
    url = _url("collaboration", "change", entry.pk)
    response = client.get(url)
    offered = [v for v, _l in response.context["adminform"].form.fields["status"].widget.choices]
    assert offered == ["planned", "active", "cancelled"]
    response = client.post(url, change_form_data(response, status="ended"))
    assert response.status_code == 200  # not a move from planned
    response = client.post(url, change_form_data(response, status="active", level="political"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.level) == ("active", "political")
    assert AuditEvent.objects.filter(action="collaboration.status_changed").count() == 1
    assert AuditEvent.objects.filter(action="collaboration.changed").count() == 1


def test_a_networks_entry_shows_the_networks_fields_read_only(client, collab):
    from networks.register import sync_register_entry
    from tests.factories import NetworkFactory

    c = collab
    entry = sync_register_entry(NetworkFactory(municipality=c.municipality, name="BRÅ"))
    client.force_login(c.coordinator)
    response = client.get(_url("collaboration", "change", entry.pk))
    form = response.context["adminform"].form
    assert "title" not in form.fields
    assert "focus_areas" not in form.fields
    assert "level" in form.fields
    assert "Hålls uppdaterat av nätverket" in response.content.decode()


def test_an_iop_with_two_parties_contributions_indicators_and_a_follow_up(client, collab):
    c = collab
    client.force_login(c.coordinator)
    entry = recorded(
        c,
        by=c.coordinator,
        administration=c.social,
        title="IOP Kvinnojouren",
        kind="iop",
        level="strategic",
    )
    # the terms and the assessment
    response = client.get(_url("agreement", "add"), {"collaboration": entry.pk})
    data = change_form_data(
        response,
        legal_form="iop",
        follow_up_month="3",
        lawfulness_assessment="Jouren bidrar med egna medel och volontärer.",
        assessed_on=str(TODAY - timedelta(days=2)),
        signed_on=str(TODAY),
    )
    response = client.post(_url("agreement", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement = Agreement.objects.get(collaboration=entry)
    assert agreement.is_assessed
    assert agreement.assessed_by == c.coordinator
    # two parties and two indicators
    url = _url("agreement", "change", agreement.pk)
    response = client.get(url)
    data = change_form_data(response)
    add_rows(data, "parties", {"organisation": c.organisation.pk}, {"administration": c.social.pk})
    add_rows(
        data,
        "indicators",
        {
            "goal": "Fler kvinnor i skydd",
            "name": "Boendedygn",
            "unit": "dygn",
            "target": "900",
            "ordering": "1",
        },
        {"goal": "Stöd", "name": "Samtal", "unit": "samtal", "target": "400", "ordering": "2"},
    )
    response = client.post(url, data)
    assert response.status_code == 302, [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    assert agreement.parties.count() == 2
    assert agreement.indicators.count() == 2
    assert AuditEvent.objects.filter(action="agreement.rows_changed").exists()
    # the shelter brings 250 000 kr a year (typed in kronor, kept in öre)
    party = Party.objects.get(agreement=agreement, organisation=c.organisation)
    party_url = _url("party", "change", party.pk)
    response = client.get(party_url)
    data = change_form_data(response)
    add_rows(
        data,
        "contributions",
        {"kind": "money", "amount_ore": "250 000"},
        {"kind": "volunteers", "quantity": "12", "description": "Jourkvinnor"},
    )
    response = client.post(party_url, data)
    assert response.status_code == 302
    money = Contribution.objects.get(party=party, kind="money")
    assert money.amount_ore == 250_000_00
    # active now: assessed, two parties
    services.collaboration_set_status(collaboration=entry, status="active", by=c.coordinator)
    # a follow-up with results against the targets
    response = client.post(
        _url("agreement", "open_follow_up", agreement.pk), {"year": TODAY.year - 1}
    )
    follow_up = FollowUp.objects.get(agreement=agreement)
    assert response.status_code == 302
    assert response.url == _url("followup", "change", follow_up.pk)
    response = client.get(response.url)
    html = response.content.decode()
    assert "Målvärde per år: 900 dygn" in html
    boendedygn, samtal = agreement.indicators.order_by("ordering")
    data = change_form_data(response, summary="Ett bra år.", status="submitted")
    data.update(
        {
            f"result_{boendedygn.pk}": "874",
            f"comment_{boendedygn.pk}": "Färre platser",
            f"result_{samtal.pk}": "",
        }
    )
    response = client.post(_url("followup", "change", follow_up.pk), data)
    assert response.status_code == 200  # a result missing: no submitting
    data[f"result_{samtal.pk}"] = "431"
    response = client.post(_url("followup", "change", follow_up.pk), data)
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "submitted"
    assert follow_up.summary == "Ett bra år."
    assert {r.indicator_id: r.value for r in follow_up.results.all()} == {
        boendedygn.pk: Decimal("874"),
        samtal.pk: Decimal("431"),
    }
    # the results read against the targets once submitted
    response = client.get(_url("followup", "change", follow_up.pk))
    assert response.status_code == 200


def test_a_co_application_is_entered_in_kronor(client, collab):
    c = collab
    entry = recorded(c, title="Välkommen till Saltis", kind="co_application")
    client.force_login(c.culture_officer)
    response = client.get(_url("coapplication", "add"), {"collaboration": entry.pk})
    data = change_form_data(
        response,
        applicant=str(c.organisation_2.pk),
        funder="arvsfonden",
        municipal_role="co_applicant",
        applied_ore="1 500 000",
        co_financing_ore="50 000,50",
        granted_ore="",
        status="preparing",
    )
    response = client.post(_url("coapplication", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    co_application = CoApplication.objects.get()
    assert (co_application.applied_ore, co_application.co_financing_ore) == (150_000_000, 5_000_050)
    url = _url("coapplication", "change", co_application.pk)
    response = client.post(url, change_form_data(client.get(url), status="submitted"))
    assert response.status_code == 302
    response = client.post(
        url,
        change_form_data(
            client.get(url), status="granted", granted_ore="1 200 000", decided_on=str(TODAY)
        ),
    )
    assert response.status_code == 302
    co_application.refresh_from_db()
    assert (co_application.status, co_application.granted_ore) == ("granted", 120_000_000)
    assert "1\u00a0200\u00a0000\u00a0kr" in client.get(_url("coapplication")).content.decode()


def test_the_coordinator_answers_and_takes_up_proposals(client, collab):
    c = collab
    first = services.proposal_submit(
        organisation=c.organisation,
        by=c.org_user,
        kind="need",
        title="Lokal",
        description="Vi behöver en lokal.",
    )
    second = services.proposal_submit(
        organisation=c.organisation_2,
        by=c.org_user_2,
        kind="idea",
        title="Nattfotboll",
        description="Fredagar.",
    )
    client.force_login(c.culture_officer)
    assert client.get(_url("proposal")).status_code == 403
    client.force_login(c.coordinator)
    assert client.get(_url("proposal", "change", first.pk)).status_code == 200
    url = _url("proposal", "decide", first.pk)
    response = client.post(url, {"status": "declined", "response": ""})
    assert response.status_code == 200  # an answer is needed
    response = client.post(url, {"status": "declined", "response": "Inga lokaler i år."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "declined"
    response = client.post(
        _url("proposal", "take_up", second.pk),
        {"kind": "other", "level": "operational", "administration": c.culture.pk},
    )
    entry = Collaboration.objects.get(title="Nattfotboll")
    assert response.url == _url("collaboration", "change", entry.pk)
    second.refresh_from_db()
    assert second.collaboration == entry


def test_the_changelist_filters_and_keeps_its_query_count(client, collab):
    c = collab
    client.force_login(c.coordinator)
    recorded(c, focus_areas=[c.focus_area], partners=[c.organisation])

    def grow():
        for n in range(4):
            recorded(
                c,
                by=c.coordinator,
                title=f"Samverkan {n}",
                focus_areas=[c.focus_area],
                administration=c.social if n % 2 else c.culture,
                level="strategic",
            )

    response = assert_constant_queries(client, _url("collaboration"), grow)
    assert "Samverkan 3" in response.content.decode()
    response = client.get(_url("collaboration"), {"level": "strategic"})
    assert response.context["cl"].result_count == 4
    response = client.get(_url("collaboration"), {"administration__id__exact": c.social.pk})
    assert response.context["cl"].result_count == 2


@pytest.mark.parametrize("model", ["agreement", "followup", "coapplication"])
def test_the_other_lists_keep_their_query_count(client, collab, model):
    c = collab
    client.force_login(c.coordinator)

    def grow():
        for _n in range(3):
            entry = iop(c)
            services.follow_up_open(agreement=entry.agreement, year=2024, by=c.coordinator)
            Indicator.objects.create(agreement=entry.agreement, goal="M", name="I", target=1)
            application = recorded(c, kind="co_application", title="Ansökan")
            services.co_application_save(
                collaboration=application,
                by=c.coordinator,
                data={
                    "applicant": c.organisation,
                    "funder": "eu",
                    "municipal_role": "co_financing",
                },
            )

    grow()
    assert_constant_queries(client, _url(model), grow)


def test_the_same_party_twice_is_a_form_error_not_a_server_error(client, collab):
    c = collab
    client.force_login(c.coordinator)
    entry = recorded(c, by=c.coordinator, administration=c.social, title="IOP", kind="iop",
                     level="strategic")  # fmt: skip
    agreement = Agreement.objects.create(collaboration=entry, legal_form="iop")
    Party.objects.create(agreement=agreement, administration=c.social)
    url = _url("agreement", "change", agreement.pk)
    data = change_form_data(client.get(url))
    add_rows(data, "parties", {"organisation": c.organisation.pk},
             {"organisation": c.organisation.pk})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    errors = [
        e for f in response.context["inline_admin_formsets"] for e in f.formset.non_form_errors()
    ]
    assert "Samma part finns med två gånger." in errors
    assert agreement.parties.count() == 1
