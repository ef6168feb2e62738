"""The call-out pages of the people asked to help, through the real views: a volunteer and
an organisation's person pledge (as themselves or for the organisation), errors keep what
was typed, a pledge changes while offered and is withdrawn, only open call-outs take
pledges, a closed one shows its account; everyone else gets 404; the list of call-outs
asking me; an organisation's readiness page; query counts that do not grow."""

import pytest
from django.urls import reverse

from portal.models import AuditEvent, Notification
from tests.factories import UserFactory
from tests.query_counts import assert_constant_queries
from tests.volunteering.test_callouts_services import (
    draft,
    pledge_as_volunteer,
    pledge_for,
    sent,
)
from volunteering.models import Pledge, Readiness, Volunteer
from volunteering.services import callouts as services

pytestmark = pytest.mark.django_db


def _page(callout):
    return reverse("volunteering:callout", args=[callout.pk])


def test_the_addresses_are_swedish():
    assert reverse("volunteering:callouts_mine") == "/engagemang/upprop/"
    assert reverse("volunteering:readiness", args=[3]) == "/engagemang/organisation/3/beredskap/"


def test_a_volunteer_pledges_and_the_coordinator_sees_it(client, vol):
    callout = sent(vol)
    client.force_login(vol.volunteer.user)
    page = client.get(_page(callout))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Evakuering Fisksätra" in html
    assert "Arabiska" in html  # the languages by name
    assert [k for k, _l in page.context["form"].fields["giver"].choices] == ["volunteer"]
    response = client.post(_page(callout), {
        "giver": "volunteer", "people": "1", "hours": "6", "skills": [vol.first_aid.pk],
        "message": "Kan komma från kl. 18.",
    })  # fmt: skip
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.volunteer, pledge.hours, pledge.pledged_by) == (
        vol.volunteer, 6, vol.volunteer.user,
    )  # fmt: skip
    assert list(pledge.skills.all()) == [vol.first_aid]
    page = client.get(_page(callout)).content.decode()
    assert "Dina erbjudanden" in page
    assert "Erbjudet" in page  # its status by name


def test_an_organisations_person_pledges_for_it(client, vol):
    callout = sent(vol)
    Volunteer.objects.create(user=vol.org_user, municipality=vol.municipality,
                             consent_version=Volunteer.CONSENT_VERSION)  # fmt: skip
    client.force_login(vol.org_user)
    form = client.get(_page(callout)).context["form"]
    keys = [k for k, _l in form.fields["giver"].choices]
    assert keys == ["volunteer", f"organisation-{vol.organisation.pk}"]
    response = client.post(_page(callout), {
        "giver": f"organisation-{vol.organisation.pk}", "people": "3", "hours": "12",
        "premises": "Klubbstugan",
    })  # fmt: skip
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.organisation, pledge.volunteer, pledge.people) == (vol.organisation, None, 3)
    assert AuditEvent.objects.filter(action="pledge.made", target_id=str(pledge.pk)).exists()


def test_errors_show_in_the_form_and_keep_what_was_typed(client, vol):
    callout = sent(vol)
    client.force_login(vol.volunteer.user)
    response = client.post(_page(callout), {
        "giver": "volunteer", "people": "0", "hours": "0",
        "message": "Jag kan tyvärr bara ringa.",
    })  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert "people" in form.errors
    html = response.content.decode()
    assert "Jag kan tyvärr bara ringa." in html
    assert 'id="form-errors"' in html
    response = client.post(_page(callout), {"giver": "volunteer", "people": "3", "hours": "2"})
    assert "people" in response.context["form"].errors  # a volunteer is one person
    response = client.post(_page(callout), {"giver": "organisation-999", "people": "1"})
    assert "giver" in response.context["form"].errors
    assert not Pledge.objects.exists()


def test_a_pledge_is_changed_while_offered_then_withdrawn(client, vol):
    callout = sent(vol)
    pledge = pledge_for(callout, vol.organisation, vol.org_user, people=2, hours=8)
    client.force_login(vol.org_user)
    key = f"organisation-{vol.organisation.pk}"
    page = client.get(_page(callout), {"giver": key})
    assert page.context["form"].initial["people"] == 2
    assert "Ändra erbjudandet" in page.content.decode()
    client.post(_page(callout), {"giver": key, "people": "4", "hours": "16"})
    pledge.refresh_from_db()
    assert (pledge.people, pledge.hours) == (4, 16)
    assert Pledge.objects.count() == 1
    withdraw = reverse("volunteering:callout_withdraw", args=[callout.pk])
    assert client.post(withdraw, {"giver": key}).status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "withdrawn"
    # someone else cannot withdraw it
    services.pledge_make(callout=callout, giver=services.Giver(organisation=vol.organisation),
                         by=vol.org_user, data={"people": 1})  # fmt: skip
    client.force_login(vol.org_user_2)
    assert client.post(withdraw, {"giver": key}).status_code == 404
    pledge.refresh_from_db()
    assert pledge.status == "pledged"


def test_an_accepted_pledge_is_not_changed_from_the_page(client, vol):
    callout = sent(vol)
    pledge = pledge_as_volunteer(callout, vol.volunteer)
    services.pledge_accept(pledge=pledge, by=vol.coordinator)
    services.pledge_record(pledge=pledge, by=vol.coordinator, data={"assignment": "Bär filtar"})
    client.force_login(vol.volunteer.user)
    page = client.get(_page(callout))
    assert page.context["form"] is None
    html = page.content.decode()
    assert "Godkänd" in html
    assert "Bär filtar" in html
    client.post(_page(callout), {"giver": "volunteer", "people": "1", "hours": "99"})
    pledge.refresh_from_db()
    assert pledge.hours == 4


def test_only_open_call_outs_take_pledges_and_a_closed_one_shows_its_account(client, vol):
    callout = sent(vol)
    services.callout_close(callout=callout, by=vol.coordinator, account="Alla fick tak.")
    client.force_login(vol.volunteer.user)
    page = client.get(_page(callout))
    assert page.context["form"] is None
    assert "Alla fick tak." in page.content.decode()
    response = client.post(_page(callout), {"giver": "volunteer", "people": "1", "hours": "1"})
    assert response.status_code == 302
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    "who", ["politician", "culture_officer", "other_coordinator", "coordinator", "stranger"]
)
def test_people_neither_volunteers_nor_organisations_here_get_404(client, vol, who):
    callout = sent(vol)
    client.force_login(UserFactory() if who == "stranger" else getattr(vol, who))
    assert client.get(_page(callout)).status_code == 404
    response = client.post(_page(callout), {"giver": "volunteer", "people": "1"})
    assert response.status_code == 404
    assert not Pledge.objects.exists()


def test_a_volunteer_of_another_municipality_and_a_draft_get_404(client, vol):
    ekero_volunteer = Volunteer.objects.create(
        user=UserFactory(), municipality=vol.other, consent_version=Volunteer.CONSENT_VERSION
    )
    callout = sent(vol)
    client.force_login(ekero_volunteer.user)
    assert client.get(_page(callout)).status_code == 404
    client.force_login(vol.volunteer.user)
    assert client.get(_page(draft(vol, title="Utkast"))).status_code == 404
    assert client.get(reverse("volunteering:callout", args=[99999])).status_code == 404


def test_a_network_member_it_reached_reads_it(client, vol):
    callout = sent(vol)
    member = UserFactory()
    client.force_login(member)
    assert client.get(_page(callout)).status_code == 404
    Notification.objects.create(kind="callout", key=f"callout:{callout.pk}",
                                recipient=member.email, user=member, subject="Upprop")  # fmt: skip
    page = client.get(_page(callout))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "anmäl dig som frivillig" in page.content.decode()


def test_the_list_shows_the_call_outs_asking_me_and_my_pledges(client, vol):
    to_volunteers = sent(vol, title="Till frivilliga", to_organisations=False)
    to_organisations = sent(vol, title="Till föreningar", to_volunteers=False)
    acute = sent(vol, title="Akut", urgency="acute", to_organisations=False)
    sent(vol, title="Planerat", urgency="planned", to_organisations=False)
    draft(vol, title="Hemligt utkast")
    pledge_as_volunteer(to_volunteers, vol.volunteer)
    url = reverse("volunteering:callouts_mine")
    client.force_login(vol.volunteer.user)
    response = client.get(url)
    titles = [c.title for c in response.context["callouts"]]
    assert to_organisations.title not in titles
    assert "Hemligt utkast" not in titles
    assert titles.index(acute.title) < titles.index("Planerat")
    assert [p.callout for p in response.context["pledges"]] == [to_volunteers]
    client.force_login(vol.org_user)
    titles = [c.title for c in client.get(url).context["callouts"]]
    assert titles == [to_organisations.title]
    client.force_login(vol.politician)
    assert list(client.get(url).context["callouts"]) == []


def test_an_organisation_keeps_its_readiness(client, vol):
    url = reverse("volunteering:readiness", args=[vol.organisation.pk])
    client.force_login(vol.org_user)
    detail = client.get(reverse("organisations:detail", args=[vol.organisation.pk]))
    assert url in detail.content.decode()  # linked from the organisation's page
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields["skills"].queryset) == {vol.first_aid, vol.car}
    response = client.post(url, {
        "receives_callouts": "on", "skills": [vol.first_aid.pk], "languages": ["ar", "so"],
        "people_available": "5", "premises": "Klubbstugan", "urgent_phone": "070-1234567",
        "urgent_email": "inte-en-adress",
    })  # fmt: skip
    assert response.status_code == 200
    assert "urgent_email" in response.context["form"].errors
    assert "Klubbstugan" in response.content.decode()  # kept
    assert not Readiness.objects.exists()
    response = client.post(url, {
        "receives_callouts": "on", "skills": [vol.first_aid.pk], "languages": ["ar", "so"],
        "people_available": "5", "premises": "Klubbstugan", "urgent_phone": "070-1234567",
        "urgent_email": "jour@rodakorset.example",
    })  # fmt: skip
    assert response.status_code == 302
    readiness = Readiness.objects.get(organisation=vol.organisation)
    assert (readiness.languages, readiness.people_available) == (["ar", "so"], 5)
    assert readiness.updated_by == vol.org_user
    assert client.get(url).context["form"].initial["premises"] == "Klubbstugan"
    # others: 404
    for person in (vol.org_user_2, vol.coordinator, vol.volunteer.user):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"people_available": "1"}).status_code == 404
    readiness.refresh_from_db()
    assert readiness.people_available == 5


def test_the_call_out_page_keeps_its_query_count(client, vol):
    callout = sent(vol, skills=[vol.first_aid, vol.car])
    Volunteer.objects.create(user=vol.org_user, municipality=vol.municipality,
                             consent_version=Volunteer.CONSENT_VERSION)  # fmt: skip
    pledge_for(callout, vol.organisation, vol.org_user, skills=[vol.first_aid])
    client.force_login(vol.org_user)

    def grow():
        pledge_as_volunteer(callout, vol.org_user.volunteer_profiles.get(), skills=[vol.car])
        for _n in range(3):
            volunteer = Volunteer.objects.create(
                user=UserFactory(), municipality=vol.municipality,
                consent_version=Volunteer.CONSENT_VERSION,
            )  # fmt: skip
            pledge_as_volunteer(callout, volunteer, skills=[vol.first_aid])

    response = assert_constant_queries(client, _page(callout), grow)
    assert len(response.context["mine"]) == 2


def test_the_list_keeps_its_query_count(client, vol):
    client.force_login(vol.volunteer.user)

    def grow():
        for n in range(3):
            pledge_as_volunteer(sent(vol, title=f"Upprop {n}"), vol.volunteer)

    response = assert_constant_queries(client, reverse("volunteering:callouts_mine"), grow)
    assert "Upprop 2" in response.content.decode()


def test_a_volunteer_is_told_when_a_call_out_asks_organisations_only(client, vol):
    callout = sent(vol, to_volunteers=False)
    client.force_login(vol.volunteer.user)
    page = client.get(_page(callout))
    assert page.context["form"] is None
    assert "vänder sig till organisationer, inte till frivilliga" in page.content.decode()
    client.post(_page(callout), {"giver": "volunteer", "people": "1", "hours": "1"})
    assert not Pledge.objects.exists()
