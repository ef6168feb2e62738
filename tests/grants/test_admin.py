"""Municipal administrators configure programmes and calls; scoped to their municipality."""

import pytest
from django.urls import reverse

from grants.models import GrantProgramme
from organisations.models import Organisation
from tests.factories import CallFactory, GrantProgrammeFactory, MembershipFactory
from tests.grants.helpers import eligible_organisation, submitted

pytestmark = pytest.mark.django_db


def test_municipal_admin_sees_and_edits_own_programmes_only(client, world):
    own = GrantProgrammeFactory(committee=world.x.committees.get(), name="Nackas bidrag")
    other = GrantProgrammeFactory(committee=world.y.committees.get(), name="Ekerös bidrag")
    client.force_login(world.users["admin_x"])
    listing = client.get(reverse("admin:grants_grantprogramme_changelist"))
    assert list(listing.context["cl"].queryset) == [own]
    assert (
        client.get(reverse("admin:grants_grantprogramme_change", args=[other.pk])).status_code
        == 404
    )
    form = client.get(reverse("admin:grants_grantprogramme_add")).context["adminform"].form
    assert list(form.fields["committee"].queryset) == [world.x.committees.get()]


def test_call_form_offers_only_own_programmes(client, world):
    own = GrantProgrammeFactory(committee=world.x.committees.get())
    GrantProgrammeFactory(committee=world.y.committees.get())
    client.force_login(world.users["admin_x"])
    form = client.get(reverse("admin:grants_call_add")).context["adminform"].form
    assert list(form.fields["programme"].queryset) == [own]


def test_call_closing_before_opening_is_an_error_in_the_form(client, world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get())
    client.force_login(world.users["admin_x"])
    response = client.post(
        reverse("admin:grants_call_add"),
        {
            "programme": programme.pk, "title": "Fel", "budget": "1000",
            "opens_at_0": "2027-03-01", "opens_at_1": "08:00",
            "closes_at_0": "2027-02-01", "closes_at_1": "08:00",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "måste stänga efter" in response.content.decode()


def test_officer_may_view_but_not_change_programmes(client, world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get())
    CallFactory(programme=programme)
    client.force_login(world.users["officer_x"])
    url = reverse("admin:grants_grantprogramme_change", args=[programme.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Nytt"}).status_code == 403
    assert GrantProgramme.objects.get(pk=programme.pk).name != "Nytt"


def test_submitted_applications_are_visible_to_own_officers_only(client, world):
    from django.utils.datastructures import MultiValueDict

    from grants import services
    from grants.models import Application
    from organisations.models import EligibilityPeriod
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(municipality=world.x, approved=True)
    EligibilityPeriod.objects.create(
        organisation=organisation, valid_from="2020-01-01", valid_until="2099-12-31"
    )
    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()))
    user = MembershipFactory(organisation=organisation).user
    draft = services.application_start(call=call, organisation=organisation, by=user)
    client.force_login(world.users["officer_x"])
    listing = client.get(reverse("admin:grants_application_changelist"))
    assert list(listing.context["cl"].queryset) == []  # drafts are the applicant's own
    services.application_submit(application=draft, data=MultiValueDict(), files={}, by=user)
    assert Application.objects.get().status == "submitted"
    listing = client.get(reverse("admin:grants_application_changelist"))
    assert [a.pk for a in listing.context["cl"].queryset] == [draft.pk]
    client.force_login(world.users["officer_y"])
    assert (
        client.get(reverse("admin:grants_application_change", args=[draft.pk])).status_code == 404
    )


def test_queue_search_matches_diarienummer_or_organisation_name_word_by_word(client, world):
    call = CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()))
    scouts = eligible_organisation(world.x)
    Organisation.objects.filter(pk=scouts.pk).update(name="Fisksätra scoutkår")
    choir = eligible_organisation(world.x)
    Organisation.objects.filter(pk=choir.pk).update(name="Saltsjö kör")
    a_scouts, a_choir = submitted(call, organisation=scouts), submitted(call, organisation=choir)
    client.force_login(world.users["officer_x"])
    url = reverse("admin:grants_application_changelist")

    def found(term):
        return set(client.get(url, {"q": term}).context["cl"].queryset)

    assert found("scout") == {a_scouts}
    assert found("FISKSÄTRA Scout") == {a_scouts}  # every word, any case
    assert found("fisksätra kör") == set()  # words must all match
    assert found(a_choir.diarienummer) == {a_choir}
    assert found('"Saltsjö kör"') == {a_choir}  # a quoted phrase is one word
    abbreviation, number = a_choir.diarienummer.split(" ", 1)
    assert found(number.lower()) == {a_choir}  # the stored capitals fold case like the word
    assert found(f"{abbreviation.lower()} {number}") == {a_choir}
    wildcard = abbreviation[0] + "_" * (len(abbreviation) - 1)
    assert found(wildcard) == set()  # LIKE wildcards in the word are matched literally


def test_queue_assigned_to_filter_offers_only_grant_officers(client, world):
    """Politicians and network coordinators never get cases: not in the officer filter, and
    neither is another municipality's officer."""
    client.force_login(world.users["officer_x"])
    response = client.get(reverse("admin:grants_application_changelist"))
    [officer_filter] = [
        spec for spec in response.context["cl"].filter_specs if spec.field_path == "assigned_to"
    ]
    offered = {label for _pk, label in officer_filter.lookup_choices}
    assert str(world.users["officer_x"]) in offered
    for user in ("politician_x", "coordinator_x", "officer_y", "member"):
        assert str(world.users[user]) not in offered, user
