"""The admin's deletion pages of networks and members (networks.admin.deletion): counts per
kind of what goes with the object, in a fixed number of statements, the same rows Django's
collector deletes, the PROTECT relation and the missing permissions still blocking it."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import NestedObjects
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from networks.models import (
    Action,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingPlace,
    Network,
    NetworkDocument,
    NetworkMember,
    OpenSignup,
)
from outreach.models import Follow
from portal import roles
from portal.models import AuditEvent, Role
from portal.roles import ADD, CHANGE, VIEW
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator_x"])
    return world.users["coordinator_x"]


def label(model):
    """How the page names a kind of object (in the active language, Swedish)."""
    return str(capfirst(model._meta.verbose_name_plural))


def counts_shown(response) -> dict:
    return {str(capfirst(name)): count for name, count in response.context["model_count"]}


def assert_one_protecting(client, url, model, name):
    """The page names the one ``model`` row (``name``) that protects the object, and the
    POST is refused with the same page."""
    response = client.get(url)
    assert response.status_code == 200
    relation, rows = response.context["protected"]
    assert label(model) in relation
    assert relation.endswith(": 1")
    assert name in rows[0]
    assert client.post(url, {"post": "yes"}).status_code == 200


def member(network, **kwargs):
    return NetworkMember.objects.create(
        network=network,
        kind="organisation",
        organisation=OrganisationFactory(municipality=network.municipality),
        **kwargs,
    )


def meeting_of(network, title="Möte"):
    starts = timezone.now() + timedelta(days=3)
    return Meeting.objects.create(
        network=network, title=title, starts_at=starts, ends_at=starts + timedelta(hours=1),
        mode="online", online_url="https://example.se/m",
    )  # fmt: skip


def action_of(network, title="Belysning", **owner):
    owner = owner or {"owner_organisation": OrganisationFactory(municipality=network.municipality)}
    return Action.objects.create(
        municipality=network.municipality, network=network, title=title, due_on=TODAY, **owner
    )


def fill(network, members):
    """A meeting with an agenda, invitations, attendance and an open sign-up, an action, a
    shared document, a calendar feed and a follower: every kind a network takes along."""
    meeting = meeting_of(network)
    AgendaItem.objects.create(meeting=meeting, title="Läget")
    for one in members:
        Invitation.objects.create(meeting=meeting, member=one, response="yes", places=1)
        Attendance.objects.create(meeting=meeting, member=one, people=2)
    OpenSignup.objects.create(meeting=meeting, name="Ada", email="ada@example.se")
    action_of(network)
    NetworkDocument.objects.create(
        network=network, title="Protokoll", file="networks/x/abc", original_name="p.pdf",
        content_type="application/pdf", size=1234,
    )  # fmt: skip
    CalendarFeed.objects.create(network=network, user=UserFactory())
    Follow.objects.create(user=UserFactory(), municipality=network.municipality, network=network)
    return meeting


def collected(obj) -> dict:
    """What Django's own collector takes along with ``obj``: {model: {pks}}."""
    collector = NestedObjects(using="default")
    collector.collect([obj])
    return {model: {o.pk for o in objs} for model, objs in collector.model_objs.items()}


def still_there(found: dict) -> dict:
    return {
        model: set(model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
        for model, pks in found.items()
    }


# --- the network --------------------------------------------------------------------------


def test_network_page_counts_what_goes_with_it_and_names_no_rows(client, net, coordinator):
    fill(net.network, [net.organisation_member, net.person_member])
    expected = {
        str(capfirst(model._meta.verbose_name_plural)): len(pks)
        for model, pks in collected(net.network).items()
        if not model._meta.auto_created  # many-to-many links, not things
    }
    response = client.get(reverse("admin:networks_network_delete", args=[net.network.pk]))
    assert response.status_code == 200
    shown = counts_shown(response)
    assert shown == expected
    assert shown[label(NetworkMember)] == 3
    assert shown[label(Meeting)] == 2
    assert shown[label(Invitation)] == 2
    assert shown[label(Attendance)] == 2
    for model in (Network, AgendaItem, OpenSignup, Action, NetworkDocument, CalendarFeed, Follow):
        assert shown[label(model)] == 1
    page = response.content.decode()
    assert f"<li>{label(Meeting)}: 2</li>" in page
    assert f"<li>{label(NetworkMember)}: 3</li>" in page
    assert "Trygghetsvandring" not in page  # the meeting is counted, not named
    assert not response.context["protected"]
    assert not response.context["perms_lacking"]
    assert 'name="post"' in page  # the confirmation button


def test_network_page_statements_do_not_grow_with_the_network(client, net, coordinator):
    url = reverse("admin:networks_network_delete", args=[net.network.pk])

    def grow():
        members = [member(net.network) for _ in range(6)]
        for _ in range(4):
            fill(net.network, members)

    response = assert_constant_queries(client, url, grow)
    assert counts_shown(response)[label(Invitation)] == 24


def test_network_deleted_with_exactly_what_django_cascades_and_audited(
    client, world, net, coordinator
):
    fill(net.network, [net.organisation_member, net.person_member])
    other = NetworkFactory(municipality=world.x)
    kept = fill(other, [member(other)])
    found = collected(net.network)
    assert found.keys() >= {Meeting, Invitation, Attendance, Action, Follow}
    response = client.post(
        reverse("admin:networks_network_delete", args=[net.network.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert all(not pks for pks in still_there(found).values())
    assert Meeting.objects.filter(pk=kept.pk).exists()  # another network's rows stay
    assert Invitation.objects.filter(meeting=kept).count() == 1
    assert Action.objects.filter(network=other).count() == 1
    assert MeetingPlace.objects.filter(pk=net.place.pk).exists()  # the meetings' place stays
    event = AuditEvent.objects.get(action="network.deleted")
    assert event.actor == coordinator
    assert event.target_id == str(net.network.pk)
    assert event.before["name"] == "BRÅ Fisksätra"


def test_action_owned_by_a_member_protects_the_network_and_is_named(client, net, coordinator):
    fill(net.network, [net.organisation_member])
    owned = action_of(net.network, title="Trygghetsvandring i mars", owner_member=net.person_member)
    url = reverse("admin:networks_network_delete", args=[net.network.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["protected"]) == 2  # the relation, and its rows
    relation, rows = response.context["protected"]
    field = Action._meta.get_field("owner_member").verbose_name
    assert label(Action) in relation
    assert str(field) in relation
    assert relation.endswith(": 1")
    assert reverse("admin:networks_action_change", args=[owned.pk]) in rows[0]
    page = response.content.decode()
    assert "Trygghetsvandring i mars" in page
    assert 'name="post"' not in page

    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the page again: nothing deleted
    assert Network.objects.filter(pk=net.network.pk).exists()
    assert NetworkMember.objects.filter(network=net.network).count() == 3
    assert not AuditEvent.objects.filter(action="network.deleted").exists()


def test_protected_page_names_the_first_rows_and_counts_the_rest_constantly(
    client, net, coordinator
):
    action_of(net.network, owner_member=net.person_member)
    url = reverse("admin:networks_network_delete", args=[net.network.pk])

    def grow():
        for number in range(14):
            action_of(net.network, title=f"Åtgärd {number}", owner_member=net.partner_member)

    response = assert_constant_queries(client, url, grow)
    relation, rows = response.context["protected"]
    assert relation.endswith(": 15")
    assert len(rows) == 11  # ten named, then "… and 5 more"
    assert "5" in rows[-1]
    assert "href" not in rows[-1]


def test_related_rows_the_person_may_not_delete_block_the_network(client, net, coordinator):
    """As on Django's page: a kind of related row the person may not delete (here: the
    coordinators' role without "delete meetings") is named, and the delete refused."""
    before = dict(roles.ADMIN_PERMISSIONS[Role.COORDINATOR])
    roles.register({Role.COORDINATOR: {"networks.meeting": (VIEW, ADD, CHANGE)}})
    try:
        url = reverse("admin:networks_network_delete", args=[net.network.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["perms_lacking"] == {Meeting._meta.verbose_name}
        assert client.post(url, {"post": "yes"}).status_code == 403
    finally:
        roles.ADMIN_PERMISSIONS[Role.COORDINATOR] = before
        roles.register({})
    assert Network.objects.filter(pk=net.network.pk).exists()
    assert Meeting.objects.filter(pk=net.meeting.pk).exists()


def test_delete_selected_networks_counts_both_and_deletes_both(client, world, net, coordinator):
    fill(net.network, [net.organisation_member])
    other = NetworkFactory(municipality=world.x)
    fill(other, [member(other), member(other)])
    changelist = reverse("admin:networks_network_changelist")
    selected = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [net.network.pk, other.pk]}
    response = client.post(changelist, selected)
    assert response.status_code == 200
    shown = counts_shown(response)
    assert shown[label(Network)] == 2
    assert shown[label(Meeting)] == 3
    assert shown[label(Invitation)] == 3
    assert shown[label(NetworkMember)] == 5
    response = client.post(changelist, {**selected, "post": "yes"})
    assert response.status_code == 302
    assert not Network.objects.filter(pk__in=[net.network.pk, other.pk]).exists()
    assert not Invitation.objects.exists()
    assert not Follow.objects.exists()
    assert AuditEvent.objects.filter(action="network.deleted").count() == 2


def test_other_municipalitys_network_delete_page_is_not_found(client, world, coordinator):
    theirs = NetworkFactory(municipality=world.y)
    url = reverse("admin:networks_network_delete", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"post": "yes"}).status_code == 404
    assert Network.objects.filter(pk=theirs.pk).exists()


# --- a member -------------------------------------------------------------------------------


def test_member_page_counts_and_stays_constant(client, net, coordinator):
    url = reverse("admin:networks_networkmember_delete", args=[net.organisation_member.pk])

    def grow():
        for number in range(5):
            meeting = meeting_of(net.network, title=f"Möte {number}")
            Invitation.objects.create(meeting=meeting, member=net.organisation_member, places=1)
            Attendance.objects.create(meeting=meeting, member=net.organisation_member)

    response = assert_constant_queries(client, url, grow)
    shown = counts_shown(response)
    assert shown == {label(NetworkMember): 1, label(Invitation): 5, label(Attendance): 5}
    assert "Möte 3" not in response.content.decode()


def test_member_deleted_with_its_invitations_and_audited(client, net, coordinator):
    fill(net.network, [net.organisation_member, net.person_member])
    found = collected(net.organisation_member)
    assert found.keys() == {NetworkMember, Invitation, Attendance}
    url = reverse("admin:networks_networkmember_delete", args=[net.organisation_member.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert all(not pks for pks in still_there(found).values())
    assert Invitation.objects.filter(member=net.person_member).count() == 1
    event = AuditEvent.objects.get(action="networkmember.deleted")
    assert event.actor == coordinator
    assert event.target_id == str(found[NetworkMember].pop())


def test_member_owning_an_action_cannot_be_deleted(client, net, coordinator):
    owned = action_of(net.network, title="Ringa polisen", owner_member=net.partner_member)
    url = reverse("admin:networks_networkmember_delete", args=[net.partner_member.pk])
    assert_one_protecting(client, url, Action, "Ringa polisen")
    assert NetworkMember.objects.filter(pk=net.partner_member.pk).exists()
    assert Action.objects.filter(pk=owned.pk).exists()


# --- a meeting and a meeting place ----------------------------------------------------------


def test_meeting_page_counts_constantly_and_deletes_what_django_cascades(client, net, coordinator):
    url = reverse("admin:networks_meeting_delete", args=[net.meeting.pk])

    def grow():
        for number in range(5):
            one = member(net.network)
            Invitation.objects.create(meeting=net.meeting, member=one, places=1)
            Attendance.objects.create(meeting=net.meeting, member=one)
            OpenSignup.objects.create(
                meeting=net.meeting, name=f"Gäst {number}", email=f"g{number}@ex.se"
            )

    response = assert_constant_queries(client, url, grow)
    assert counts_shown(response) == {
        label(Meeting): 1,
        label(Invitation): 5,
        label(Attendance): 5,
        label(OpenSignup): 5,
    }
    decided = action_of(net.network)
    decided.meeting = net.meeting
    decided.save()
    found = collected(net.meeting)
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert all(not pks for pks in still_there(found).values())
    decided.refresh_from_db()
    assert decided.meeting is None  # SET_NULL: the action stays
    assert AuditEvent.objects.filter(action="meeting.deleted").count() == 1


def test_meeting_place_in_use_names_its_meetings_and_stays(client, net, coordinator):
    url = reverse("admin:networks_meetingplace_delete", args=[net.place.pk])
    assert_one_protecting(client, url, Meeting, "Trygghetsvandring")
    assert MeetingPlace.objects.filter(pk=net.place.pk).exists()
    net.meeting.delete()
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not MeetingPlace.objects.filter(pk=net.place.pk).exists()
