"""The coordinators' tools in the admin: members and join requests, meetings (invite,
attendance, minutes, actions), the actions list and documents; scoped to the municipality,
with list query counts that do not grow with the rows."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from networks.models import Action, Attendance, Invitation, Meeting, NetworkDocument, NetworkMember
from portal.models import AuditEvent
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _post_value(data, name, value):
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), f"{local:%H:%M:%S}"
    elif isinstance(value, bool):
        if value:
            data[name] = "on"
    elif isinstance(value, list | tuple):
        data[name] = [str(v) for v in value]
    elif value is not None:
        data[name] = str(value)


def change_form_data(response, **overrides):
    """What the browser would post back from an admin change page, unchanged, plus
    ``overrides`` (use None to leave a field out)."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _post_value(data, name, form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, _field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for inline_form in formset.initial_forms:
            for name in inline_form.fields:
                _post_value(data, inline_form.add_prefix(name), inline_form[name].value())
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def add_rows(data, prefix, *rows):
    """Append new inline rows (dicts of field: value) to posted data."""
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            _post_value(data, f"{prefix}-{start + offset}-{name}", value)
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    return data


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator_x"])
    return world.users["coordinator_x"]


def requested(network, **kwargs):
    organisation = OrganisationFactory(municipality=network.municipality)
    return NetworkMember.objects.create(
        network=network,
        kind="organisation",
        organisation=organisation,
        status="requested",
        **kwargs,
    )


def move_to_past(meeting):
    starts = timezone.now() - timedelta(hours=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )


# --- pages and scoping ---------------------------------------------------------------------


def test_coordinator_reaches_every_page_and_other_municipality_gets_404(client, world, net):
    action = Action.objects.create(
        municipality=net.network.municipality,
        network=net.network,
        meeting=net.meeting,
        title="Lampor",
        owner_member=net.partner_member,
        due_on=TODAY,
    )
    document = NetworkDocument.objects.create(
        network=net.network,
        title="Protokoll",
        file="networks/x/abc",
        original_name="p.pdf",
        content_type="application/pdf",
        size=1234,
    )
    join = requested(net.network)
    objects = {
        "network": net.network,
        "networkmember": net.person_member,
        "meetingplace": net.place,
        "meeting": net.meeting,
        "action": action,
        "networkdocument": document,
    }
    client.force_login(world.users["coordinator_x"])
    for model, obj in objects.items():
        assert client.get(reverse(f"admin:networks_{model}_changelist")).status_code == 200
        assert (
            client.get(reverse(f"admin:networks_{model}_change", args=[obj.pk])).status_code == 200
        )
        add = client.get(reverse(f"admin:networks_{model}_add")).status_code
        assert add == (403 if model == "networkdocument" else 200)
    custom = [
        ("get", reverse("admin:networks_meeting_invite", args=[net.meeting.pk])),
        ("get", reverse("admin:networks_meeting_attendance", args=[net.meeting.pk])),
        ("post", reverse("admin:networks_network_join_decide", args=[net.network.pk, join.pk])),
    ]
    assert client.get(custom[0][1]).status_code == 200
    assert client.get(custom[1][1]).status_code == 200

    # an officer of the municipality sees the network and the meeting, but cannot act
    client.force_login(world.users["officer_x"])
    page = client.get(reverse("admin:networks_meeting_change", args=[net.meeting.pk]))
    assert page.status_code == 200
    assert custom[0][1] not in page.content.decode()
    page = client.get(reverse("admin:networks_network_change", args=[net.network.pk]))
    assert page.status_code == 200
    assert custom[2][1] not in page.content.decode()
    assert client.get(custom[0][1]).status_code == 403

    client.force_login(world.users["officer_y"])
    for model, obj in objects.items():
        # officers may view networks, meetings and actions (there: not found); the other
        # models are closed to their role altogether (forbidden before any lookup)
        expected = 404 if model in ("network", "meeting", "action") else 403
        url = reverse(f"admin:networks_{model}_change", args=[obj.pk])
        assert client.get(url).status_code == expected
    for method, url in custom:
        assert getattr(client, method)(url, {"decision": "accept"}).status_code == 404
    join.refresh_from_db()
    assert join.status == "requested"
    assert not Invitation.objects.exists()


def test_lists_show_only_own_municipality(client, world, net, coordinator):
    other = NetworkFactory(municipality=world.y, name="Annan kommun")
    Meeting.objects.create(
        network=other,
        title="Annat möte",
        starts_at=net.meeting.starts_at,
        ends_at=net.meeting.ends_at,
        mode="online",
        online_url="https://x.se",
    )
    networks = client.get(reverse("admin:networks_network_changelist")).context["cl"].result_list
    assert list(networks) == [net.network]
    assert networks[0].active_member_count == 3
    assert networks[0].upcoming_meeting_count == 1
    meetings = client.get(reverse("admin:networks_meeting_changelist")).context["cl"].result_list
    assert list(meetings) == [net.meeting]


# --- network page and members --------------------------------------------------------------


def test_network_page_shows_requests_and_overdue_actions_and_decides(client, net, coordinator):
    join, other = requested(net.network), requested(net.network)
    late = Action.objects.create(
        municipality=net.network.municipality,
        network=net.network,
        title="Rapport till polisen",
        owner_member=net.partner_member,
        due_on=TODAY - timedelta(days=3),
    )
    Action.objects.create(
        municipality=net.network.municipality,
        network=net.network,
        title="Klar sedan länge",
        status="done",
        owner_member=net.partner_member,
        due_on=TODAY - timedelta(days=3),
    )
    page = client.get(reverse("admin:networks_network_change", args=[net.network.pk]))
    assert list(page.context["join_requests"]) == [join, other]
    assert list(page.context["overdue"]) == [late]
    html = page.content.decode()
    assert join.organisation.name in html
    assert "Rapport till polisen" in html
    assert "Klar sedan länge" not in html
    # the requests are not editable rows of the member inline
    inline = page.context["inline_admin_formsets"][0].formset
    assert join.pk not in {f.instance.pk for f in inline.initial_forms}

    url = reverse("admin:networks_network_join_decide", args=[net.network.pk, join.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 302
    client.post(
        reverse("admin:networks_network_join_decide", args=[net.network.pk, other.pk]),
        {"decision": "decline"},
    )
    join.refresh_from_db(), other.refresh_from_db()
    assert (join.status, other.status) == ("active", "declined")
    assert AuditEvent.objects.filter(action="network.join_decided").count() == 2


def test_member_inline_adds_a_person_by_email_and_limits_organisations(
    client, world, net, coordinator
):
    url = reverse("admin:networks_network_change", args=[net.network.pk])
    page = client.get(url)
    own = OrganisationFactory(municipality=world.x)
    foreign = OrganisationFactory(municipality=world.y)
    form = page.context["inline_admin_formsets"][0].formset.empty_form
    choices = set(form.fields["organisation"].queryset)
    assert own in choices
    assert foreign not in choices
    newcomer = UserFactory(email="Ny.Person@example.se")
    data = add_rows(
        change_form_data(page),
        "members",
        {
            "kind": "individual",
            "user": "ny.person@example.se",
            "role": "member",
            "status": "active",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert net.network.members.filter(user=newcomer, status="active").exists()

    unknown = add_rows(
        change_form_data(client.get(url)),
        "members",
        {"kind": "individual", "user": "ingen@example.se", "role": "member", "status": "active"},
    )
    refused = client.post(url, unknown)
    assert refused.status_code == 200
    assert refused.context["inline_admin_formsets"][0].formset.errors[-1]["user"]


def test_join_requests_accepted_and_declined_with_list_actions(client, net, coordinator):
    first, second, third = (requested(net.network) for _ in range(3))
    changelist = reverse("admin:networks_networkmember_changelist")
    listed = client.get(changelist, {"status__exact": "requested"}).context["cl"].result_list
    assert set(listed) == {first, second, third}
    client.post(
        changelist, {"action": "accept_requests", "_selected_action": [first.pk, second.pk]}
    )
    client.post(changelist, {"action": "decline_requests", "_selected_action": [third.pk]})
    statuses = dict(
        NetworkMember.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {first.pk: "active", second.pk: "active", third.pk: "declined"}
    # deciding again is refused per row, nothing changes
    response = client.post(
        changelist, {"action": "decline_requests", "_selected_action": [first.pk]}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"
    first.refresh_from_db()
    assert first.status == "active"


# --- meetings: invite, attendance, minutes, actions ---------------------------------------


def test_invite_all_active_members_once(client, net, coordinator):
    requested(net.network)
    declined = requested(net.network)
    NetworkMember.objects.filter(pk=declined.pk).update(status="declined")
    url = reverse("admin:networks_meeting_invite", args=[net.meeting.pk])
    page = client.get(url)
    active = [net.organisation_member.pk, net.person_member.pk, net.partner_member.pk]
    assert sorted(page.context["form"].initial["members"]) == sorted(active)
    assert set(page.context["form"].fields["members"].queryset.values_list("pk", flat=True)) == set(
        active
    )
    response = client.post(url, {"members": active}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:networks_meeting_change", args=[net.meeting.pk]
    )
    assert "3" in str(next(iter(response.context["messages"])))
    invited = set(net.meeting.invitations.values_list("member_id", flat=True))
    assert invited == set(active)

    again = client.post(url, {"members": active}, follow=True)
    assert "0" in str(next(iter(again.context["messages"])))
    assert net.meeting.invitations.count() == 3
    page = client.get(url)
    assert page.context["form"].initial["members"] == []  # everyone is invited already
    assert len(page.context["invitations"]) == 3
    assert net.partner_member.name in page.content.decode()


def test_invite_refused_once_the_meeting_has_started(client, net, coordinator):
    move_to_past(net.meeting)
    url = reverse("admin:networks_meeting_invite", args=[net.meeting.pk])
    response = client.post(url, {"members": [net.person_member.pk]})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert b"errornote" in response.content
    assert not Invitation.objects.exists()


def test_attendance_refused_before_start_then_recorded_and_removed(client, net, coordinator):
    url = reverse("admin:networks_meeting_attendance", args=[net.meeting.pk])
    org, person, partner = net.organisation_member, net.person_member, net.partner_member
    rows = {f"member_{org.pk}": 3, f"member_{person.pk}": 1, f"member_{partner.pk}": 0}
    early = client.post(url, rows)
    assert early.status_code == 200
    assert early.context["form"].non_field_errors()
    assert b"errornote" in early.content
    assert not Attendance.objects.exists()

    Invitation.objects.create(meeting=net.meeting, member=org, response="yes", places=4)
    move_to_past(net.meeting)
    form = client.get(url).context["form"]
    assert form[f"member_{org.pk}"].value() == 4  # suggested from the yes answer
    assert form[f"member_{person.pk}"].value() == 0

    assert client.post(url, rows).status_code == 302
    recorded = dict(net.meeting.attendance.values_list("member_id", "people"))
    assert recorded == {org.pk: 3, person.pk: 1}
    assert client.get(url).context["form"][f"member_{org.pk}"].value() == 3

    client.post(url, {**rows, f"member_{person.pk}": 0})
    assert dict(net.meeting.attendance.values_list("member_id", "people")) == {org.pk: 3}


def test_minutes_saved_and_sequence_raised_only_when_time_or_place_changes(
    client, net, coordinator
):
    url = reverse("admin:networks_meeting_change", args=[net.meeting.pk])
    data = change_form_data(
        client.get(url), minutes="Vi gick runt torget.", decisions="Fler lampor."
    )
    response = client.post(url, data)
    assert response.status_code == 302
    net.meeting.refresh_from_db()
    assert (net.meeting.minutes, net.meeting.decisions) == ("Vi gick runt torget.", "Fler lampor.")
    assert net.meeting.sequence == 0
    assert AuditEvent.objects.filter(
        action="meeting.minutes_saved", target_id=str(net.meeting.pk)
    ).exists()

    later = timezone.localtime(net.meeting.starts_at + timedelta(days=1))
    data = change_form_data(
        client.get(url),
        starts_at_0=later.date().isoformat(),
        ends_at_0=(later + timedelta(hours=2)).date().isoformat(),
    )
    assert client.post(url, data).status_code == 302
    net.meeting.refresh_from_db()
    assert net.meeting.sequence == 1
    assert timezone.localtime(net.meeting.starts_at).date() == later.date()


def test_meeting_ending_before_it_starts_is_a_form_error(client, net, coordinator):
    url = reverse("admin:networks_meeting_change", args=[net.meeting.pk])
    page = client.get(url)
    start = timezone.localtime(net.meeting.starts_at)
    data = change_form_data(
        page,
        title="Ändrad titel",
        ends_at_0=start.date().isoformat(),
        ends_at_1=f"{start - timedelta(hours=1):%H:%M:%S}",
    )
    if start.hour == 0:  # keep the end on the same day, before the start
        data["ends_at_0"] = (start - timedelta(days=1)).date().isoformat()
    response = client.post(url, data)
    assert response.status_code == 200
    message = str(Meeting._meta.constraints[0].violation_error_message)
    assert message in response.context["adminform"].form.non_field_errors()
    assert b"errornote" in response.content
    net.meeting.refresh_from_db()
    assert net.meeting.title == "Trygghetsvandring"


def test_meeting_in_person_without_place_is_a_form_error(client, net, coordinator):
    url = reverse("admin:networks_meeting_change", args=[net.meeting.pk])
    response = client.post(url, change_form_data(client.get(url), place=None))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    net.meeting.refresh_from_db()
    assert net.meeting.place == net.place


def test_action_created_through_the_meeting_inline(client, world, net, coordinator):
    url = reverse("admin:networks_meeting_change", args=[net.meeting.pk])
    page = client.get(url)
    inline = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is Action)
    members = set(inline.formset.empty_form.fields["owner_member"].queryset)
    officers = set(inline.formset.empty_form.fields["owner_officer"].queryset)
    requested_member = requested(net.network)
    assert members == {net.organisation_member, net.person_member, net.partner_member}
    assert requested_member not in members
    assert world.users["coordinator_x"] in officers
    assert world.users["officer_y"] not in officers
    assert world.users["member"] not in officers

    due = TODAY + timedelta(days=14)
    data = add_rows(
        change_form_data(page),
        "actions",
        {
            "title": "Byt lampor i gångtunneln",
            "owner_member": net.partner_member.pk,
            "due_on": due.isoformat(),
            "status": "open",
        },
    )
    assert client.post(url, data).status_code == 302
    action = Action.objects.get()
    assert (action.network, action.meeting, action.owner_member, action.due_on) == (
        net.network,
        net.meeting,
        net.partner_member,
        due,
    )
    assert action.created_by == coordinator
    assert AuditEvent.objects.filter(action="action.created", target_id=str(action.pk)).exists()

    # marking it done in the inline goes through the service (completed_at, audit)
    data = change_form_data(client.get(url), **{"actions-0-status": "done"})
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert action.completed_at is not None


def test_action_without_an_owner_or_with_two_is_a_form_error(client, world, net, coordinator):
    url = reverse("admin:networks_meeting_change", args=[net.meeting.pk])
    page = client.get(url)
    row = {"title": "Ingen äger detta", "due_on": TODAY.isoformat(), "status": "open"}
    for owners in [{}, {"owner_member": net.person_member.pk, "owner_officer": coordinator.pk}]:
        response = client.post(url, add_rows(change_form_data(page), "actions", {**row, **owners}))
        assert response.status_code == 200
        formset = next(
            i.formset
            for i in response.context["inline_admin_formsets"]
            if i.formset.model is Action
        )
        assert formset.errors[0]
    assert not Action.objects.exists()


# --- the actions list -------------------------------------------------------------------


def test_overdue_filter_lists_only_overdue_open_actions_and_mark_done(
    client, world, net, coordinator
):
    past = TODAY - timedelta(days=1)

    def action(title, due_on, status="open"):
        return Action.objects.create(
            municipality=net.network.municipality,
            network=net.network,
            title=title,
            due_on=due_on,
            status=status,
            owner_officer=coordinator,
        )

    late, late_started = action("Sen", past), action("Påbörjad", past, "in_progress")
    action("Klar", past, "done"), action("Inställd", past, "cancelled"), action("Framtid", TODAY)
    changelist = reverse("admin:networks_action_changelist")
    listed = client.get(changelist, {"overdue": "yes"}).context["cl"].result_list
    assert set(listed) == {late, late_started}

    client.post(changelist, {"action": "mark_done", "_selected_action": [late.pk]})
    late.refresh_from_db()
    assert late.status == "done"
    assert late.completed_at is not None
    listed = client.get(changelist, {"overdue": "yes"}).context["cl"].result_list
    assert list(listed) == [late_started]


def test_documents_are_listed_with_a_download_link_and_cannot_be_added(client, net, coordinator):
    document = NetworkDocument.objects.create(
        network=net.network,
        meeting=net.meeting,
        title="Protokoll",
        file="networks/x/abc",
        original_name="protokoll.pdf",
        content_type="application/pdf",
        size=1234,
    )
    page = client.get(reverse("admin:networks_networkdocument_changelist"))
    assert reverse("networks:document", args=[net.network.pk, document.pk]) in page.content.decode()
    assert client.get(reverse("admin:networks_networkdocument_add")).status_code == 403


# --- query counts -----------------------------------------------------------------------


def _grow(world, net, coordinator, count):
    """``count`` more networks, each with members, a meeting with answers and actions."""
    for _ in range(count):
        network = NetworkFactory(municipality=world.x)
        organisation_member = NetworkMember.objects.create(
            network=network,
            kind="organisation",
            organisation=OrganisationFactory(municipality=world.x),
        )
        person_member = NetworkMember.objects.create(
            network=network, kind="individual", user=UserFactory()
        )
        meeting = Meeting.objects.create(
            network=network,
            title="Möte",
            starts_at=net.meeting.starts_at,
            ends_at=net.meeting.ends_at,
            place=net.place,
            capacity=5,
        )
        Invitation.objects.create(
            meeting=meeting, member=organisation_member, response="yes", places=2
        )
        for owner in [
            {"owner_member": organisation_member},
            {"owner_member": person_member},
            {"owner_officer": coordinator},
        ]:
            Action.objects.create(
                municipality=network.municipality,
                network=network,
                meeting=meeting,
                title="Gör något",
                due_on=TODAY - timedelta(days=1),
                **owner,
            )


@pytest.mark.parametrize("model", ["network", "meeting", "action"])
def test_changelist_query_count_is_constant(client, world, net, coordinator, model):
    url = reverse(f"admin:networks_{model}_changelist")
    _grow(world, net, coordinator, 4)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(world, net, coordinator, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["cl"].result_list) >= 21
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_action_added_from_the_actions_list_goes_through_the_service(
    client, world, net, coordinator
):
    other = NetworkFactory(municipality=world.x)
    stranger = NetworkMember.objects.create(network=other, kind="partner", partner_name="Annan")
    url = reverse("admin:networks_action_add")
    row = {
        "network": net.network.pk,
        "title": "Städdag",
        "due_on": TODAY.isoformat(),
        "status": "open",
    }
    refused = client.post(url, {**row, "owner_member": stranger.pk})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["owner_member"]
    assert client.post(url, {**row, "owner_member": net.person_member.pk}).status_code == 302
    action = Action.objects.get()
    assert action.created_by == coordinator
    assert AuditEvent.objects.filter(action="action.created", target_id=str(action.pk)).exists()
