"""An organisation's own pages in the register: its collaborations and agreements (for the
people who act for it, nobody else), the documents, the proposal form and My page."""

import pytest
from django.urls import reverse

from collaborations.models import CoApplication, Collaboration, Proposal
from tests.collaborations.helpers import recorded
from tests.collaborations.pages_data import full_agreement
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _page(c):
    return reverse("collaborations:organisation", args=[c.organisation.pk])


def test_the_organisations_people_see_its_agreement_with_money_indicators_and_results(
    client, collab
):
    collaboration, document = full_agreement(collab)
    recorded(collab, title="Nattvandring", partners=[collab.organisation_2])  # not ours
    client.force_login(collab.org_user)
    response = client.get(_page(collab))
    assert response.status_code == 200
    html = response.content.decode()
    assert "IOP Kvinnojouren" in html
    assert "Nattvandring" not in html
    assert "Socialförvaltningen" in html  # a party, and the owning administration
    assert "250\u00a0000\u00a0kr" in html  # öre shown in kronor
    assert "Skyddade boendedygn" in html
    assert "900 dygn" in html
    assert "Resultat 2024" in html
    assert "874 dygn" in html
    assert "431 samtal" in html
    assert reverse("collaborations:document", args=[collaboration.pk, document.pk]) in html


def test_another_organisations_people_and_plain_members_get_404(client, collab):
    full_agreement(collab)
    client.force_login(collab.org_user_2)
    assert client.get(_page(collab)).status_code == 404
    reader = collab.organisation.memberships.create(
        user=collab.culture_officer, role="member"
    ).user  # a member who reads but does not act for it
    client.force_login(reader)
    assert client.get(_page(collab)).status_code == 404
    client.logout()
    assert client.get(_page(collab)).status_code == 302  # to the login


def test_documents_for_the_partners_people_and_staff_only(client, collab):
    collaboration, document = full_agreement(collab)
    url = reverse("collaborations:document", args=[collaboration.pk, document.pk])
    client.force_login(collab.org_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    for outsider in (collab.org_user_2, collab.other_officer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(collab.coordinator)
    assert client.get(url).status_code == 200
    other = recorded(collab, title="Annat")
    client.force_login(collab.org_user)  # the right document id under another collaboration
    assert (
        client.get(reverse("collaborations:document", args=[other.pk, document.pk])).status_code
        == 404
    )


def test_the_page_lists_co_applications_and_proposals_with_their_answers(client, collab):
    saltis = recorded(collab, title="Välkommen till Saltis", kind=Collaboration.Kind.CO_APPLICATION)
    CoApplication.objects.create(
        collaboration=saltis, applicant=collab.organisation, funder="arvsfonden",
        municipal_role="co_applicant", applied_ore=120_000_000,
    )  # fmt: skip
    Proposal.objects.create(
        municipality=collab.municipality, organisation=collab.organisation, kind="idea",
        title="Läxhjälp på biblioteket", description="Vi kan hålla läxhjälp två kvällar i veckan.",
        status="declined", response="Biblioteket har redan läxhjälp.",
    )  # fmt: skip
    client.force_login(collab.org_user)
    html = client.get(_page(collab)).content.decode()
    assert "Välkommen till Saltis" in html
    assert "1\u00a0200\u00a0000\u00a0kr" in html
    assert "Läxhjälp på biblioteket" in html
    assert "Biblioteket har redan läxhjälp." in html


def test_the_page_reads_a_fixed_number_of_queries(client, collab):
    full_agreement(collab)
    Proposal.objects.create(
        municipality=collab.municipality, organisation=collab.organisation, kind="idea",
        title="Idé", description="En idé som är lång nog att skicka in till kommunen.",
    )  # fmt: skip
    client.force_login(collab.org_user)

    def grow():
        full_agreement(collab, title="IOP Kvinnojouren 2", year=2023)
        recorded(collab, title="Läxhjälp", partners=[collab.organisation],
                 outside_partners=[("police", "Polisen Nacka")])  # fmt: skip
        proposal = Proposal.objects.create(
            municipality=collab.municipality, organisation=collab.organisation, kind="need",
            title="Lokal", description="Vi behöver en lokal för våra möten på kvällarna.",
        )  # fmt: skip
        proposal.focus_areas.add(collab.focus_area)
        proposal.districts.add(collab.district)

    response = assert_constant_queries(client, _page(collab), grow)
    assert "IOP Kvinnojouren 2" in response.content.decode()


def test_a_proposal_is_sent_to_the_coordinator(client, collab):
    client.force_login(collab.org_user)
    url = reverse("collaborations:propose", args=[collab.organisation.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "offer",
            "title": "Trygghetsvandringar",
            "description": "Vi erbjuder vuxna som vandrar i Fisksätra på fredagskvällar.",
            "focus_areas": [collab.focus_area.pk],
            "districts": [collab.district.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _page(collab)
    proposal = Proposal.objects.get()
    assert (proposal.organisation, proposal.submitted_by) == (collab.organisation, collab.org_user)
    assert list(proposal.focus_areas.all()) == [collab.focus_area]
    assert list(proposal.districts.all()) == [collab.district]


def test_a_proposal_with_errors_keeps_what_was_typed(client, collab):
    client.force_login(collab.org_user)
    url = reverse("collaborations:propose", args=[collab.organisation.pk])
    response = client.post(
        url, {"kind": "offer", "title": "Trygghetsvandringar", "description": "För kort"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Trygghetsvandringar"' in html
    assert "För kort</textarea>" in html
    assert "minst 20 tecken" in html
    assert not Proposal.objects.exists()


def test_a_proposal_with_another_municipalitys_focus_area_is_refused(client, collab, world):
    from tests.factories import FocusAreaFactory

    foreign = FocusAreaFactory(municipality=world.y)
    client.force_login(collab.org_user)
    url = reverse("collaborations:propose", args=[collab.organisation.pk])
    response = client.post(
        url,
        {"kind": "idea", "title": "Idé", "description": "En idé som är lång nog att skicka in.",
         "focus_areas": [foreign.pk]},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_nobody_proposes_for_another_organisation(client, collab):
    client.force_login(collab.org_user_2)
    url = reverse("collaborations:propose", args=[collab.organisation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "idea"}).status_code == 404
    assert not Proposal.objects.exists()


def test_my_page_shows_the_organisations_collaborations_and_the_staffs_own(client, collab):
    full_agreement(collab)
    Proposal.objects.create(
        municipality=collab.municipality, organisation=collab.organisation, kind="idea",
        title="Öppen förfrågan", description="Något som väntar på ett svar från kommunen.",
    )  # fmt: skip
    client.force_login(collab.org_user)
    html = client.get(reverse("portal:my_page")).content.decode()
    assert _page(collab) in html
    assert "Öppen förfrågan" in html
    mine = recorded(collab, title="Mitt ansvar", responsible=collab.culture_officer)
    client.force_login(collab.culture_officer)
    html = client.get(reverse("portal:my_page")).content.decode()
    assert mine.title in html
    assert _page(collab) not in html
