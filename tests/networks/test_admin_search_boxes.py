"""The networks' admin forms choose networks, collaborations, meetings, members and
organisations with search boxes (the admin's autocomplete, portal.admin.autocomplete), not
a <select> of every one of the municipality (at national scale 2 000 networks, 20 000
meetings and organisations: pages of megabytes, rendered in seconds): the pages take the
same queries with one row or many and list none of them; the search answers only what the
form accepts; the form refuses another municipality's row with its own error. The lists'
network filter names only the network chosen; meetings carry their network's municipality,
so the meeting list is read from an index."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from collaborations.models import Collaboration
from networks import services
from networks.models import Action, Meeting, NetworkMember
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory
from tests.networks.test_admin import add_rows, change_form_data
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator_x"])
    return world.users["coordinator_x"]


def _grow(municipality, count, prefix="Qwz"):
    """``count`` networks of ``municipality``, each with an organisation member, a meeting
    and (through the register) a collaboration; names start with ``prefix``."""
    starts = timezone.now() + timedelta(days=30)
    for n in range(count):
        network = NetworkFactory(municipality=municipality, name=f"{prefix}nätverk {n}")
        organisation = OrganisationFactory(municipality=municipality, name=f"{prefix}förening {n}")
        NetworkMember.objects.create(network=network, kind="organisation",
                                     organisation=organisation)  # fmt: skip
        Meeting.objects.create(network=network, title=f"{prefix}möte {n}", starts_at=starts,
                               ends_at=starts + timedelta(hours=1), mode="online",
                               online_url="https://meet.example.se/x")  # fmt: skip
        Collaboration.objects.create(municipality=municipality, title=f"{prefix}samverkan {n}")


def _search(client, model, field, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "networks", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


# --- the pages do not grow with the municipality -------------------------------------------


@pytest.mark.parametrize(
    "page", ["action_add", "network_add", "networkmember_add", "meeting_add", "networkmember"]
)
def test_the_forms_take_the_same_queries_and_list_no_rows_with_many(
    client, world, net, coordinator, page
):
    if page == "networkmember":  # a member's own page
        url = reverse("admin:networks_networkmember_change", args=[net.organisation_member.pk])
    else:
        url = reverse(f"admin:networks_{page}")
    html = assert_constant_queries(client, url, lambda: _grow(world.x, 6)).content.decode()
    assert "Qwz" not in html  # not one network, organisation, meeting or collaboration listed
    assert 'class="admin-autocomplete' in html


def test_the_action_form_has_a_search_box_for_every_long_list(client, net, coordinator):
    form = client.get(reverse("admin:networks_action_add")).context["adminform"].form
    searched = {name for name, field in form.fields.items()
                if "admin-autocomplete" in field.widget.render(name, None)}  # fmt: skip
    assert searched == {"network", "collaboration", "meeting", "agreement", "owner_member",
                        "owner_organisation"}  # fmt: skip


# --- the search answers what the form accepts ----------------------------------------------


def test_the_searches_answer_the_municipalitys_own_rows(client, world, net, coordinator):
    _grow(world.x, 2)
    _grow(world.y, 2, prefix="QwzY")  # found by the same words
    assert _search(client, "action", "network", "Qwz") == {"Qwznätverk 0", "Qwznätverk 1"}
    assert {text.split(" (")[0] for text in _search(client, "action", "meeting", "Qwz")} == {
        "Qwzmöte 0",
        "Qwzmöte 1",
    }
    assert _search(client, "action", "owner_organisation", "Qwz") == {
        "Qwzförening 0",
        "Qwzförening 1",
    }
    assert _search(client, "action", "owner_member", "Qwz") == {
        "Qwzförening 0",
        "Qwzförening 1",
    }
    assert _search(client, "networkmember", "organisation", "Qwz") == {
        "Qwzförening 0",
        "Qwzförening 1",
    }
    assert _search(client, "meeting", "network", "Qwz") == {"Qwznätverk 0", "Qwznätverk 1"}
    client.force_login(world.users["politician_x"])  # changes nothing here: not let in
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "networks", "model_name": "action", "field_name": "meeting"},
    )
    assert response.status_code in (302, 403)


# --- adding through the search boxes' values -----------------------------------------------


def test_an_action_added_with_the_search_boxes_values(client, world, net, coordinator):
    url = reverse("admin:networks_action_add")
    row = {
        "title": "Städdag",
        "due_on": TODAY.isoformat(),
        "status": "open",
        "network": net.network.pk,
        "meeting": net.meeting.pk,
        "owner_member": net.organisation_member.pk,
    }
    foreign = NetworkFactory(municipality=world.y)
    refused = client.post(url, {**row, "network": foreign.pk})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["network"]
    assert client.post(url, row).status_code == 302
    action = Action.objects.get()
    assert (action.network, action.meeting, action.owner_member) == (
        net.network,
        net.meeting,
        net.organisation_member,
    )
    # its page names the chosen rows in their search boxes
    html = client.get(reverse("admin:networks_action_change", args=[action.pk])).content.decode()
    assert f'value="{net.meeting.pk}" selected>Trygghetsvandring' in html


def test_a_foreign_meeting_or_organisation_is_a_form_error(client, world, net, coordinator):
    other = NetworkFactory(municipality=world.y)
    starts = timezone.now() + timedelta(days=3)
    foreign_meeting = Meeting.objects.create(network=other, title="Annat", starts_at=starts,
                                             ends_at=starts + timedelta(hours=1), mode="online",
                                             online_url="https://meet.example.se/y")  # fmt: skip
    foreign_organisation = OrganisationFactory(municipality=world.y)
    response = client.post(
        reverse("admin:networks_action_add"),
        {"title": "Städdag", "due_on": TODAY.isoformat(), "status": "open",
         "network": net.network.pk, "meeting": foreign_meeting.pk,
         "owner_organisation": foreign_organisation.pk},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["meeting"]
    assert errors["owner_organisation"]
    assert not Action.objects.exists()


@pytest.mark.parametrize("value", ["\x00", "1.5", "99999999999999999999"])
def test_a_search_box_posted_a_value_no_key_can_be_answers_with_the_form(
    client, net, coordinator, value
):
    for page, data in [
        ("action", {"title": "X", "due_on": TODAY.isoformat(), "status": "open",
                    "network": value, "meeting": value, "owner_member": value}),
        ("networkmember", {"network": value, "kind": "organisation", "organisation": value,
                           "role": "member", "status": "active"}),
        ("meeting", {"network": value, "title": "X"}),
    ]:  # fmt: skip
        response = client.post(reverse(f"admin:networks_{page}_add"), data)
        assert response.status_code == 200, page  # the form again, with its errors
        assert response.context["adminform"].form.errors, page


def test_a_member_added_with_the_search_boxes_values(client, world, net, coordinator):
    url = reverse("admin:networks_networkmember_add")
    newcomer = OrganisationFactory(municipality=world.x)
    row = {"network": net.network.pk, "kind": "organisation", "role": "member",
           "status": "active"}  # fmt: skip
    refused = client.post(
        url, {**row, "organisation": OrganisationFactory(municipality=world.y).pk}
    )
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["organisation"]
    assert client.post(url, {**row, "organisation": newcomer.pk}).status_code == 302
    assert net.network.members.filter(organisation=newcomer, status="active").exists()


def test_the_networks_member_rows_name_their_organisations_and_take_new_ones(
    client, world, net, coordinator
):
    url = reverse("admin:networks_network_change", args=[net.network.pk])

    def more_members():
        for n in range(5):
            organisation = OrganisationFactory(municipality=world.x, name=f"Medlemsförening {n}")
            NetworkMember.objects.create(network=net.network, kind="organisation",
                                         organisation=organisation)  # fmt: skip

    page = assert_constant_queries(client, url, more_members)
    html = page.content.decode()
    assert html.count("selected>Medlemsförening") == 5  # each row its own, in its search box
    newcomer = OrganisationFactory(municipality=world.x, name="Nykomlingen")
    foreign = OrganisationFactory(municipality=world.y)
    row = {"kind": "organisation", "role": "member", "status": "active"}
    refused = client.post(
        url, add_rows(change_form_data(page), "members", {**row, "organisation": foreign.pk})
    )
    assert refused.status_code == 200
    assert refused.context["inline_admin_formsets"][0].formset.errors[-1]["organisation"]
    done = client.post(
        url, add_rows(change_form_data(page), "members", {**row, "organisation": newcomer.pk})
    )
    assert done.status_code == 302
    assert net.network.members.filter(organisation=newcomer).exists()


def test_a_new_networks_member_rows_are_search_boxes_of_the_municipality(
    client, world, coordinator
):
    newcomer = OrganisationFactory(municipality=world.x, name="Grundaren")
    data = {"municipality": world.x.pk, "name": "Nytt nätverk", "slug": "nytt", "purpose": "Ja",
            "convening_unit": "Kultur", "visibility": "public",
            "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0"}  # fmt: skip
    row = {"kind": "organisation", "organisation": newcomer.pk, "role": "member",
           "status": "active"}  # fmt: skip
    url = reverse("admin:networks_network_add")
    foreign = {**row, "organisation": OrganisationFactory(municipality=world.y).pk}
    refused = client.post(url, add_rows(dict(data), "members", foreign))
    assert refused.status_code == 200
    assert refused.context["inline_admin_formsets"][0].formset.errors[0]["organisation"]
    assert client.post(url, add_rows(dict(data), "members", row)).status_code == 302
    assert NetworkMember.objects.filter(network__slug="nytt", organisation=newcomer).exists()


# --- the lists' network filter -------------------------------------------------------------


@pytest.mark.parametrize("model", ["meeting", "networkmember", "action"])
def test_the_network_filter_names_only_the_network_chosen(client, world, net, coordinator, model):
    Action.objects.create(municipality=world.x, network=net.network, title="Städa",
                          due_on=TODAY, owner_officer=coordinator)  # fmt: skip
    _grow(world.x, 3)
    url = reverse(f"admin:networks_{model}_changelist")

    def network_filter(response):
        """The network filter's choices (none shown: no filter, or only "All" and "(None)")."""
        specs = [spec for spec in response.context["cl"].filter_specs
                 if getattr(spec, "field_path", "") == "network"]  # fmt: skip
        return specs[0].lookup_choices if specs else []

    assert network_filter(client.get(url)) == []
    chosen = client.get(url, {"network__id__exact": net.network.pk})
    assert network_filter(chosen) == [(net.network.pk, "BRÅ Fisksätra")]
    assert "Qwznätverk" not in chosen.content.decode()
    foreign = NetworkFactory(municipality=world.y, name="Främmande nätverket")
    other = client.get(url, {"network__id__exact": foreign.pk})
    assert network_filter(other) == []
    assert "Främmande nätverket" not in other.content.decode()


# --- meetings carry their network's municipality -------------------------------------------


def test_a_meeting_keeps_its_networks_municipality(world, net, coordinator):
    assert net.meeting.municipality == world.x
    elsewhere = NetworkFactory(municipality=world.y)
    net.meeting.network = elsewhere
    net.meeting.save(update_fields=["network"])
    net.meeting.refresh_from_db()
    assert net.meeting.municipality == world.y
    moved = services.meeting_update(
        meeting=net.meeting, changes={"network": net.network}, by=world.users["superuser"]
    )
    moved.refresh_from_db()
    assert moved.municipality == world.x


def test_the_meeting_list_is_read_from_the_index_in_order(client, world, net, coordinator):
    _grow(world.x, 2)
    changelist = client.get(reverse("admin:networks_meeting_changelist")).context["cl"]
    assert [m.title for m in changelist.result_list] == [
        "Trygghetsvandring",
        "Qwzmöte 0",
        "Qwzmöte 1",
    ]
    with connection.cursor() as cursor:  # as PostgreSQL would with many rows
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    plan = changelist.queryset[:100].explain()
    assert "meeting_muni_time_idx" in plan
    assert "Sort" not in plan.split("SubPlan")[0]


def test_a_network_stays_in_its_municipality(client, world, net, coordinator):
    url = reverse("admin:networks_network_change", args=[net.network.pk])
    page = client.get(url)
    assert "municipality" not in page.context["adminform"].form.fields
    data = change_form_data(page, municipality=str(world.y.pk), name="Nytt namn")
    assert client.post(url, data).status_code == 302
    net.network.refresh_from_db(), net.meeting.refresh_from_db()
    assert (net.network.name, net.network.municipality) == ("Nytt namn", world.x)
    assert net.meeting.municipality == world.x


def test_an_actions_former_officer_stays_its_choice_only(client, world, net, coordinator):
    former = UserFactory()  # owned it while an officer; holds no role now
    action = Action.objects.create(municipality=world.x, network=net.network, title="Gammal",
                                   due_on=TODAY, owner_officer=former)  # fmt: skip

    def officers(url):
        return set(client.get(url).context["adminform"].form.fields["owner_officer"].queryset)

    assert former in officers(reverse("admin:networks_action_change", args=[action.pk]))
    offered = officers(reverse("admin:networks_action_add"))
    assert former not in offered
    assert coordinator in offered
