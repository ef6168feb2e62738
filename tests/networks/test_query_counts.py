"""No N+1 on the networks' pages: each page is rendered with a few rows, then with many
more of every kind it lists, and must take the same number of queries.

test_access.py and test_admin.py have query-count tests too (the list, network and meeting
pages and my page; the network, meeting and action changelists); these add the rows those
leave out: earlier meetings, documents, actions owned by a person or a partner, a user in
several member organisations, join requests, agenda items, invitations and attendance."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import (
    Action,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MeetingPlace,
    NetworkDocument,
    NetworkMember,
)
from organisations.models import Membership
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _name(prefix):
    """A unique, recognisable name: the tests count them in the page."""
    _name.n = getattr(_name, "n", 0) + 1
    return f"{prefix} {_name.n}"


def _org_member(network, user=None, **extra):
    organisation = OrganisationFactory(
        municipality=network.municipality, name=_name("Medlemsförening"), approved=True
    )
    if user is not None:
        Membership.objects.create(user=user, organisation=organisation, role="responsible")
    return NetworkMember.objects.create(
        network=network, kind="organisation", organisation=organisation, listed_publicly=True,
        **extra,
    )  # fmt: skip


def _meeting(network, place, days, **extra):
    starts = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(
        network=network, title=_name("Möte"), starts_at=starts,
        ends_at=starts + timedelta(hours=2), place=place, **extra,
    )  # fmt: skip


def _document(network, meeting=None):
    return NetworkDocument.objects.create(
        network=network, meeting=meeting, title=_name("Dokument"), file="networks/x",
        original_name="protokoll.pdf", content_type="application/pdf", size=10,
        uploaded_by=UserFactory(),
    )  # fmt: skip


def _actions(network, meeting, officer, due_on=TODAY + timedelta(days=3)):
    """One action per kind of owner: an organisation, a person, a partner, an officer."""
    owners = [
        {"owner_member": _org_member(network)},
        {"owner_member": NetworkMember.objects.create(
            network=network, kind="individual", user=UserFactory())},
        {"owner_member": NetworkMember.objects.create(
            network=network, kind="partner", partner_name=_name("Partner"))},
        {"owner_officer": officer},
    ]  # fmt: skip
    return [
        Action.objects.create(
            municipality=network.municipality,
            network=network,
            meeting=meeting,
            title=_name("Åtgärd"),
            due_on=due_on,
            **owner,
        )
        for owner in owners
    ]


def _count(page, prefix):
    return page.count(f"{prefix} ")


# --- the portal's pages ---------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["anonymous", "org_user", "coordinator_x"])
def test_list_query_count_is_constant(client, world, net, viewer):
    """Public networks for all; invite-only ones for their members and the municipality."""
    user = net.org_user if viewer == "org_user" else world.users.get(viewer)
    area = world.x.focusareas.get()

    def add(count):
        for _ in range(count):
            NetworkFactory(municipality=world.x, visibility="public", name=_name("Öppet"))
            hidden = NetworkFactory(
                municipality=world.x, visibility="invite_only", name=_name("Slutet")
            )
            hidden.focus_areas.add(area)
            _org_member(hidden, user=net.org_user)

    add(1)
    if user is not None:
        client.force_login(user)
    page = assert_constant_queries(client, reverse("networks:list"), lambda: add(8)).content
    page = page.decode()
    assert _count(page, "Öppet") == 9
    assert _count(page, "Slutet") == (0 if viewer == "anonymous" else 9)


def test_detail_query_count_is_constant(client, world, net):
    """A member sees meetings to come and earlier ones, documents, actions and listed
    members."""
    officer = world.users["coordinator_x"]

    def add(count):
        for _ in range(count):
            _org_member(net.network, user=net.org_user)  # also a record of the viewer
            _meeting(net.network, net.place, days=5)
            past = _meeting(net.network, net.place, days=-5)
            _document(net.network, meeting=past)
            _actions(net.network, past, officer)

    add(1)
    client.force_login(net.org_user)
    page = assert_constant_queries(
        client, reverse("networks:detail", args=[net.network.pk]), lambda: add(8)
    ).content.decode()
    assert _count(page, "Medlemsförening") == 18 + 9  # all listed; and as owners of actions
    assert _count(page, "Möte") == 18
    assert _count(page, "Dokument") == 9
    assert _count(page, "Åtgärd") == 36
    assert _count(page, "Partner") == 9


def test_public_detail_query_count_is_constant(client, world):
    """The public page of an open network: listed members and public meetings."""
    network = NetworkFactory(municipality=world.x, visibility="public")
    place = MeetingPlace.objects.create(municipality=world.x, name="Biblioteket")

    def add(count):
        for _ in range(count):
            _org_member(network)
            _meeting(network, place, days=5, is_public=True)

    add(1)
    page = assert_constant_queries(
        client, reverse("networks:detail", args=[network.pk]), lambda: add(10)
    ).content.decode()
    assert _count(page, "Medlemsförening") == 11
    assert _count(page, "Möte") == 11


def test_meeting_query_count_is_constant(client, world, net):
    """A meeting's page: the viewer answers for each organisation of theirs that is
    invited; the agenda, the actions and the documents of the meeting."""
    officer = world.users["coordinator_x"]
    meeting = net.meeting

    def add(count):
        for _ in range(count):
            member = _org_member(net.network, user=net.org_user)
            Invitation.objects.create(meeting=meeting, member=member)
            AgendaItem.objects.create(meeting=meeting, title=_name("Punkt"), presenter="Polisen")
            _actions(net.network, meeting, officer)
            _document(net.network, meeting=meeting)

    add(1)
    client.force_login(net.org_user)
    response = assert_constant_queries(
        client, reverse("networks:meeting", args=[meeting.pk]), lambda: add(8)
    )
    page = response.content.decode()
    assert len(response.context["rsvp_forms"]) == 9
    assert _count(page, "Punkt") == 9
    assert _count(page, "Åtgärd") == 36
    assert _count(page, "Dokument") == 9


def test_my_page_actions_query_count_is_constant(client, world, net):
    """My page lists the open actions the user owns as a person and through organisations."""

    def add(count):
        for _ in range(count):
            network = NetworkFactory(municipality=world.x)
            record = NetworkMember.objects.create(
                network=network, kind="individual", user=net.org_user
            )
            meeting = _meeting(network, net.place, days=3)
            for owner in (record, _org_member(network, user=net.org_user)):
                Action.objects.create(
                    municipality=network.municipality,
                    network=network, meeting=meeting, title=_name("Åtgärd"),
                    due_on=TODAY + timedelta(days=3), owner_member=owner,
                )  # fmt: skip

    add(1)
    client.force_login(net.org_user)
    response = assert_constant_queries(client, reverse("portal:my_page"), lambda: add(8))
    assert len(response.context["actions"]) == 18
    assert _count(response.content.decode(), "Åtgärd") >= 18


# --- the admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["networkmember", "meetingplace", "networkdocument"])
def test_changelist_query_count_is_constant(client, world, net, model):
    """The changelists test_admin.py does not count (networks, meetings, actions)."""

    def add(count):
        for _ in range(count):
            network = NetworkFactory(municipality=world.x)
            _org_member(network, requested_by=UserFactory())
            NetworkMember.objects.create(network=network, kind="individual", user=UserFactory())
            MeetingPlace.objects.create(municipality=world.x, name=_name("Lokal"))
            _document(network, meeting=_meeting(network, net.place, days=1))

    add(1)
    client.force_login(world.users["coordinator_x"])
    response = assert_constant_queries(
        client, reverse(f"admin:networks_{model}_changelist"), lambda: add(10)
    )
    page = response.content.decode()
    prefix = {"networkmember": "Medlemsförening", "meetingplace": "Lokal",
              "networkdocument": "Dokument"}[model]  # fmt: skip
    assert _count(page, prefix) >= 11
    assert len(response.context["cl"].result_list) >= 11


def test_network_change_page_query_count_is_constant(client, world, net):
    """The network's admin page: its members (an inline), the open join requests and the
    overdue actions."""
    officer = world.users["coordinator_x"]

    def add(count):
        for _ in range(count):
            _org_member(net.network)
            NetworkMember.objects.create(network=net.network, kind="individual", user=UserFactory())
            _org_member(net.network, status="requested", requested_by=UserFactory(),
                        request_message="Vi vill vara med.")  # fmt: skip
            _actions(net.network, net.meeting, officer, due_on=TODAY - timedelta(days=1))

    add(1)
    client.force_login(officer)
    response = assert_constant_queries(
        client, reverse("admin:networks_network_change", args=[net.network.pk]), lambda: add(8)
    )
    page = response.content.decode()
    [members] = response.context["inline_admin_formsets"]
    active = NetworkMember.objects.filter(network=net.network).exclude(status="requested")
    assert len(members.formset.forms) == active.count()
    assert page.count("Vi vill vara med.") == 9
    for member in active.exclude(organisation=None):  # each row's organisation is chosen
        assert f'<option value="{member.organisation_id}" selected>' in page
    assert _count(page, "Åtgärd") >= 36


def test_meeting_change_page_query_count_is_constant(client, world, net):
    """The meeting's admin page: its agenda and its actions (inlines)."""
    officer = world.users["coordinator_x"]
    meeting = net.meeting

    def add(count):
        for _ in range(count):
            AgendaItem.objects.create(meeting=meeting, title=_name("Punkt"))
            _actions(net.network, meeting, officer)

    add(1)
    client.force_login(officer)
    response = assert_constant_queries(
        client, reverse("admin:networks_meeting_change", args=[meeting.pk]), lambda: add(8)
    )
    inlines = {
        formset.formset.model.__name__: len(formset.formset.forms)
        for formset in response.context["inline_admin_formsets"]
    }
    assert inlines["AgendaItem"] == 9
    assert inlines["Action"] == 36
    page = response.content.decode()
    for action in meeting.actions.all():  # each row's owner is still the chosen one
        owner = action.owner_member_id or action.owner_officer_id
        assert f'<option value="{owner}" selected>' in page


@pytest.mark.parametrize("page", ["invite", "attendance"])
def test_meeting_invite_and_attendance_query_count_is_constant(client, world, net, page):
    """Inviting lists the members and who is invited; attendance has a row per member."""
    meeting = net.meeting

    def add(count):
        for _ in range(count):
            member = _org_member(net.network)
            Invitation.objects.create(meeting=meeting, member=member, response="yes", places=2)
            Attendance.objects.create(meeting=meeting, member=member, people=2)
            NetworkMember.objects.create(network=net.network, kind="individual", user=UserFactory())

    add(1)
    client.force_login(world.users["coordinator_x"])
    response = assert_constant_queries(
        client, reverse(f"admin:networks_meeting_{page}", args=[meeting.pk]), lambda: add(10)
    )
    assert _count(response.content.decode(), "Medlemsförening") >= 11
