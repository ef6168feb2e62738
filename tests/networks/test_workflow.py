"""The networks' state machines (networks.workflow): every pair of states of members,
meetings and actions, through the services, the admin's forms and the portal's view. An
allowed move changes the row and is audited; any other is refused with a sentence and
changes nothing."""

import re
from datetime import timedelta
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from networks import services, workflow
from networks.models import Action, Attendance, Meeting, NetworkMember
from portal.models import AuditEvent
from tests.security.admin_forms import form_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
A, G, M = Action.Status, Meeting.Status, NetworkMember.Status

# The decisions, written out once more: a change of the table must be a change here too.
ACTION_BY_OWNER = {
    (A.OPEN, A.IN_PROGRESS), (A.OPEN, A.DONE), (A.IN_PROGRESS, A.DONE),
    (A.IN_PROGRESS, A.OPEN), (A.DONE, A.IN_PROGRESS), (A.DONE, A.OPEN),
}  # fmt: skip
ACTION_BY_MANAGER = ACTION_BY_OWNER | {
    (A.OPEN, A.CANCELLED), (A.IN_PROGRESS, A.CANCELLED), (A.CANCELLED, A.OPEN),
}  # fmt: skip
MEETING_BY_MANAGER = {(G.PLANNED, G.CANCELLED), (G.CANCELLED, G.PLANNED)}
MEMBER_BY_MANAGER = {
    (M.REQUESTED, M.ACTIVE), (M.REQUESTED, M.DECLINED), (M.DECLINED, M.ACTIVE),
    (M.LEFT, M.ACTIVE), (M.ACTIVE, M.LEFT),
}  # fmt: skip
MEMBER_BY_ORGANISATION = {(M.DECLINED, M.REQUESTED), (M.LEFT, M.REQUESTED)}


def pairs(statuses):
    """Every move: each ordered pair of two different statuses."""
    return [(old, new) for old, new in product(statuses.values, repeat=2) if old != new]


def table_pairs(table, kind):
    return {pair for pair, who in table.items() if kind in who}


def test_the_tables_say_what_the_municipality_decided():
    assert table_pairs(workflow.ACTION_TRANSITIONS, workflow.OWNER) == ACTION_BY_OWNER
    assert table_pairs(workflow.ACTION_TRANSITIONS, workflow.MANAGER) == ACTION_BY_MANAGER
    assert table_pairs(workflow.MEETING_TRANSITIONS, workflow.MANAGER) == MEETING_BY_MANAGER
    assert table_pairs(workflow.MEMBER_TRANSITIONS, workflow.MANAGER) == MEMBER_BY_MANAGER
    member_by_organisation = table_pairs(workflow.MEMBER_TRANSITIONS, workflow.ORGANISATION)
    assert member_by_organisation == MEMBER_BY_ORGANISATION
    # every status of every machine is in its table (none is a dead end nobody reaches)
    for table, statuses in [(workflow.ACTION_TRANSITIONS, A), (workflow.MEETING_TRANSITIONS, G),
                            (workflow.MEMBER_TRANSITIONS, M)]:  # fmt: skip
        assert {s for pair in table for s in pair} == set(statuses.values)


def walk(statuses, allowed, *, reset, move, code, error=ValidationError):
    """Each pair from ``reset(old)``: allowed ones move and write one ``code`` audit row with
    the statuses before and after; the others raise and leave the row and the trail as
    they were. ``reset`` returns the row in ``old``; ``move(row, new)`` calls the service."""
    for old, new in pairs(statuses):
        row = reset(old)
        events = AuditEvent.objects.count()
        if (old, new) in allowed:
            move(row, new)
            row.refresh_from_db()
            assert row.status == new, (old, new)
            event = AuditEvent.objects.filter(target_id=str(row.pk)).latest("pk")
            assert (event.action, event.before["status"], event.after["status"]) == (
                code(old, new), old, new,
            ), (old, new)  # fmt: skip
        else:
            with pytest.raises(error):
                move(row, new)
            row.refresh_from_db()
            assert row.status == old, (old, new)
            assert AuditEvent.objects.count() == events, (old, new)


# --- through the services -------------------------------------------------------------------


@pytest.fixture
def action(net):
    """An action the individual member owns."""
    return Action.objects.create(municipality=net.network.municipality, network=net.network,
                                 title="Byt lampor", owner_member=net.person_member,
                                 due_on=TODAY)  # fmt: skip


def reset_to(row):
    def reset(status):
        type(row).objects.filter(pk=row.pk).update(status=status)
        row.refresh_from_db()
        return row

    return reset


def test_every_action_move_by_its_owner_and_by_the_coordinator(world, net, action):
    for by, allowed in [(net.person, ACTION_BY_OWNER),
                        (world.users["coordinator_x"], ACTION_BY_MANAGER)]:  # fmt: skip
        walk(
            A, allowed, reset=reset_to(action), code=lambda *_: "action.status_changed",
            move=lambda row, new, by=by: services.action_set_status(action=row, status=new,
                                                                    by=by),
        )  # fmt: skip
    reset_to(action)(A.IN_PROGRESS)
    done = services.action_set_status(action=action, status=A.DONE, by=net.person)
    assert done.completed_at is not None
    reopened = services.action_set_status(action=action, status=A.OPEN, by=net.person)
    assert reopened.completed_at is None


def test_the_owner_is_told_who_may_cancel_and_what_never_happens(net, action):
    with pytest.raises(ValidationError) as refused:
        services.action_set_status(action=action, status=A.CANCELLED, by=net.person)
    assert refused.value.messages == [
        services.move_problem(workflow.ACTION_TRANSITIONS, A, A.OPEN, A.CANCELLED, "owner")
    ]
    assert refused.value.messages[0].startswith("Bara kommunens personal kan ändra statusen")
    assert f"”{A(A.OPEN).label}”" in refused.value.messages[0]
    reset_to(action)(A.DONE)
    with pytest.raises(ValidationError) as never:
        services.action_set_status(action=action, status=A.CANCELLED, by=net.person)
    assert never.value.messages != refused.value.messages
    with pytest.raises(ValidationError):
        services.action_set_status(action=action, status="lost", by=net.person)


def test_keeping_a_status_is_no_move_and_strangers_move_nothing(world, net, action):
    services.action_set_status(action=action, status=A.OPEN, by=net.person)
    services.meeting_set_status(meeting=net.meeting, status=G.PLANNED,
                                by=world.users["coordinator_x"])  # fmt: skip
    assert not AuditEvent.objects.filter(action__endswith="status_changed").exists()
    net.meeting.refresh_from_db()
    assert net.meeting.sequence == 0
    for stranger in (net.outsider, world.users["officer_y"]):
        with pytest.raises(PermissionDenied):
            services.action_set_status(action=action, status=A.DONE, by=stranger)
        with pytest.raises(PermissionDenied):
            services.meeting_set_status(meeting=net.meeting, status=G.CANCELLED, by=stranger)
        with pytest.raises(PermissionDenied):
            services.member_set_status(member=net.person_member, status=M.LEFT, by=stranger)
    with pytest.raises(PermissionDenied):  # a member manages nothing
        services.meeting_set_status(meeting=net.meeting, status=G.CANCELLED, by=net.person)
    action.refresh_from_db(), net.meeting.refresh_from_db(), net.person_member.refresh_from_db()
    assert (action.status, net.meeting.status, net.person_member.status) == ("open", "planned",
                                                                            "active")  # fmt: skip


def test_every_meeting_move_and_the_calendar_sequence(world, net):
    coordinator = world.users["coordinator_x"]
    walk(
        G, MEETING_BY_MANAGER, reset=reset_to(net.meeting),
        code=lambda *_: "meeting.status_changed",
        move=lambda row, new: services.meeting_set_status(meeting=row, status=new,
                                                          by=coordinator),
    )  # fmt: skip
    net.meeting.refresh_from_db()
    assert net.meeting.sequence == 2  # each move tells the calendars
    with pytest.raises(ValidationError):
        services.meeting_set_status(meeting=net.meeting, status="held", by=coordinator)


def test_a_meeting_with_recorded_attendance_is_not_cancelled(world, net):
    Attendance.objects.create(meeting=net.meeting, member=net.person_member, people=1)
    with pytest.raises(ValidationError, match="har ägt rum"):
        services.meeting_set_status(meeting=net.meeting, status=G.CANCELLED,
                                    by=world.users["coordinator_x"])  # fmt: skip
    net.meeting.refresh_from_db()
    assert (net.meeting.status, net.meeting.sequence) == (G.PLANNED, 0)


def test_a_cancelled_meeting_takes_no_invitations_and_no_attendance(world, net):
    coordinator = world.users["coordinator_x"]
    services.meeting_set_status(meeting=net.meeting, status=G.CANCELLED, by=coordinator)
    with pytest.raises(ValidationError, match="ställts in"):
        services.meeting_invite(meeting=net.meeting, by=coordinator)
    with pytest.raises(ValidationError, match="ställts in"):
        services.attendance_record(meeting=net.meeting, people_by_member={}, by=coordinator)
    assert not net.meeting.invitations.exists()


def test_every_member_move_by_the_coordinator(world, net):
    coordinator = world.users["coordinator_x"]
    walk(
        M, MEMBER_BY_MANAGER, reset=reset_to(net.organisation_member),
        code=lambda old, new: ("network.join_decided" if old == M.REQUESTED
                               else "network.member_status_changed"),
        move=lambda row, new: services.member_set_status(member=row, status=new,
                                                         by=coordinator),
    )  # fmt: skip


def test_every_member_status_an_organisation_asks_to_join_from(world, net):
    net.network.visibility = "public"
    net.network.save()
    applicant = world.users["member"]
    organisation = applicant.memberships.get().organisation
    member = NetworkMember.objects.create(network=net.network, kind="organisation",
                                          organisation=organisation)  # fmt: skip
    for old in M.values:
        reset_to(member)(old)
        events = AuditEvent.objects.count()
        if (old, M.REQUESTED) in MEMBER_BY_ORGANISATION:
            services.join_request(network=net.network, organisation=organisation, by=applicant)
            event = AuditEvent.objects.latest("pk")
            assert (event.action, event.before, event.after["status"]) == (
                "network.join_requested", {"status": old}, M.REQUESTED,
            )  # fmt: skip
            member.refresh_from_db()
            assert member.status == M.REQUESTED
        else:
            with pytest.raises(ValidationError):
                services.join_request(network=net.network, organisation=organisation,
                                      by=applicant)  # fmt: skip
            member.refresh_from_db()
            assert member.status == old
            assert AuditEvent.objects.count() == events


# --- through the admin ----------------------------------------------------------------------


def change_url(obj):
    return reverse(f"admin:networks_{obj._meta.model_name}_change", args=[obj.pk])


def post_change(client, obj, rows=None, **changes):
    """Post the change page back as the browser would, with ``changes`` to the form and
    ``rows`` ({posted name: value}) to inline rows. Returns (page, response)."""
    page = client.get(change_url(obj))
    assert page.status_code == 200
    data = form_data(page.context["adminform"].form, changes)
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management[name].html_name] = str(management[name].value())
        for form in inline.formset.forms:
            data.update(form_data(form, {}))
    data.update(rows or {})
    return page, client.post(change_url(obj), data)


def offered(form, name="status"):
    return {value for value, _label in form.fields[name].widget.choices}


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator_x"])
    return world.users["coordinator_x"]


def admin_walk(client, row, statuses, allowed, code, typed):
    """Every pair through the row's admin change page: the select offers the allowed moves;
    an allowed one saves (audited), any other is a form error on the status that keeps
    what was typed (``typed``: another field's new value) and saves nothing."""
    field, value = typed
    original = getattr(row, field)
    for old, new in pairs(statuses):
        type(row).objects.filter(pk=row.pk).update(status=old, **{field: original})
        page, response = post_change(client, row, **{"status": new, field: value})
        expected = {old} | {n for o, n in allowed if o == old}
        assert offered(page.context["adminform"].form) == expected, old
        row.refresh_from_db()
        if (old, new) in allowed:
            assert response.status_code == 302, (old, new)
            assert (row.status, getattr(row, field)) == (new, value)
            events = AuditEvent.objects.filter(target_id=str(row.pk), action=code(old, new))
            assert events.latest("pk").after["status"] == new, (old, new)
        else:
            assert response.status_code == 200, (old, new)
            form = response.context["adminform"].form
            assert form.errors["status"], (old, new)
            assert b"errornote" in response.content
            assert form[field].value() == value  # nothing typed is lost
            assert (row.status, getattr(row, field)) == (old, original)


def test_every_meeting_move_in_the_admin(client, net, coordinator):
    admin_walk(client, net.meeting, G, MEETING_BY_MANAGER,
               lambda *_: "meeting.status_changed", ("title", "Ny titel"))  # fmt: skip
    # the moves the table has all succeed; what it refuses is a guard's or a crafted post's
    Attendance.objects.create(meeting=net.meeting, member=net.person_member, people=2)
    Meeting.objects.filter(pk=net.meeting.pk).update(status=G.PLANNED, title="Trygghetsvandring")
    _page, refused = post_change(client, net.meeting, status=G.CANCELLED, title="Ny titel")
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["status"]
    _page, crafted = post_change(client, net.meeting, status="held")
    assert crafted.context["adminform"].form.errors["status"]
    net.meeting.refresh_from_db()
    assert (net.meeting.status, net.meeting.title) == (G.PLANNED, "Trygghetsvandring")


def test_every_action_move_in_the_admin(client, net, coordinator, action):
    admin_walk(client, action, A, ACTION_BY_MANAGER,
               lambda *_: "action.status_changed", ("title", "Nya lampor"))  # fmt: skip


def test_every_member_move_in_the_admin(client, net, coordinator):
    admin_walk(
        client, net.partner_member, M, MEMBER_BY_MANAGER,
        lambda old, new: ("network.join_decided" if old == M.REQUESTED
                          else "network.member_status_changed"),
        ("partner_name", "Polisen Värmdö"),
    )  # fmt: skip


def test_a_cancelled_meeting_changed_in_the_admin_raises_the_sequence_once(
    client, net, coordinator
):
    _page, response = post_change(client, net.meeting, status=G.CANCELLED, title="Inställd träff",
                                  minutes="Ingen kom.")  # fmt: skip
    assert response.status_code == 302
    net.meeting.refresh_from_db()
    assert (net.meeting.status, net.meeting.title, net.meeting.sequence) == (
        G.CANCELLED, "Inställd träff", 1,
    )  # fmt: skip
    codes = set(AuditEvent.objects.filter(target_id=str(net.meeting.pk))
                .values_list("action", flat=True))  # fmt: skip
    assert {"meeting.status_changed", "meeting.minutes_saved", "meeting.changed"} <= codes


def test_new_rows_start_where_the_table_starts(client, world, net, coordinator):
    """A new meeting is planned and a new member active; a new action may be created
    already moved (it is created open, then moved through the service)."""
    page = client.get(reverse("admin:networks_meeting_add"))
    assert offered(page.context["adminform"].form) == {G.PLANNED}
    page = client.get(reverse("admin:networks_networkmember_add"))
    assert offered(page.context["adminform"].form) == {M.ACTIVE}
    row = {"network": net.network.pk, "kind": "partner", "partner_name": "Räddningstjänsten",
           "role": "member", "status": M.LEFT}  # fmt: skip
    refused = client.post(reverse("admin:networks_networkmember_add"), row)
    assert refused.context["adminform"].form.errors["status"]
    assert refused.context["adminform"].form["partner_name"].value() == "Räddningstjänsten"
    assert not NetworkMember.objects.filter(partner_name="Räddningstjänsten").exists()

    page = client.get(reverse("admin:networks_action_add"))
    assert offered(page.context["adminform"].form) == set(A.values)
    created = client.post(reverse("admin:networks_action_add"), {
        "network": net.network.pk, "title": "Redan gjort", "due_on": TODAY.isoformat(),
        "owner_member": net.person_member.pk, "status": A.DONE,
    })  # fmt: skip
    assert created.status_code == 302
    done = Action.objects.get(title="Redan gjort")
    assert (done.status, done.completed_at is not None) == (A.DONE, True)
    event = AuditEvent.objects.get(action="action.status_changed", target_id=str(done.pk))
    assert (event.before, event.after) == ({"status": A.OPEN}, {"status": A.DONE})


def test_inline_rows_move_through_the_services_and_refuse_what_the_table_refuses(
    client, net, coordinator, action
):
    Action.objects.filter(pk=action.pk).update(meeting=net.meeting, status=A.DONE)
    # the meeting's action rows
    page = client.get(change_url(net.meeting))
    [inline] = [
        i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Action
    ]
    assert offered(inline.forms[0]) == {A.DONE, A.OPEN, A.IN_PROGRESS}
    _page, refused = post_change(client, net.meeting, rows={"actions-0-status": A.CANCELLED},
                                 title="Ny titel")  # fmt: skip
    assert refused.status_code == 200
    [inline] = [i.formset for i in refused.context["inline_admin_formsets"]
                if i.formset.model is Action]  # fmt: skip
    assert inline.forms[0].errors["status"]
    assert refused.context["adminform"].form["title"].value() == "Ny titel"
    action.refresh_from_db(), net.meeting.refresh_from_db()
    assert (action.status, net.meeting.title) == (A.DONE, "Trygghetsvandring")
    _page, saved = post_change(client, net.meeting, rows={"actions-0-status": A.IN_PROGRESS})
    assert saved.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_at) == (A.IN_PROGRESS, None)
    assert AuditEvent.objects.filter(action="action.status_changed", target_id=str(action.pk))

    # the network's member rows
    page = client.get(change_url(net.network))
    forms = page.context["inline_admin_formsets"][0].formset.forms
    index = next(i for i, f in enumerate(forms) if f.instance == net.person_member)
    name = f"members-{index}-status"
    _page, refused = post_change(client, net.network, rows={name: M.DECLINED})
    assert refused.status_code == 200
    assert refused.context["inline_admin_formsets"][0].formset.forms[index].errors["status"]
    net.person_member.refresh_from_db()
    assert net.person_member.status == M.ACTIVE
    _page, saved = post_change(client, net.network, rows={name: M.LEFT})
    assert saved.status_code == 302
    net.person_member.refresh_from_db()
    assert net.person_member.status == M.LEFT
    event = AuditEvent.objects.get(action="network.member_status_changed")
    assert (event.before, event.after) == ({"status": M.ACTIVE}, {"status": M.LEFT})


# --- through the portal -----------------------------------------------------------------------


def test_every_action_move_by_its_owner_on_the_portal(client, net, action):
    client.force_login(net.person)
    url = reverse("networks:action_status", args=[action.pk])
    for old, new in pairs(A):
        reset_to(action)(old)
        response = client.post(url, {"status": new}, follow=True)
        [message] = list(response.context["messages"])
        action.refresh_from_db()
        if (old, new) in ACTION_BY_OWNER:
            assert (message.level_tag, action.status) == ("success", new), (old, new)
        else:
            assert (message.level_tag, action.status) == ("error", old), (old, new)
            expected = services.move_problem(workflow.ACTION_TRANSITIONS, A, old, new, "owner")
            assert message.message == expected
    assert AuditEvent.objects.filter(action="action.status_changed").count() == len(ACTION_BY_OWNER)


def test_a_meeting_cancelled_by_mistake_is_put_back_after_the_fact(world, net):
    """The table has no clock: a cancelled meeting in the past may be put back (it took
    place after all) so its attendance can be recorded."""
    starts = timezone.now() - timedelta(days=30)
    Meeting.objects.filter(pk=net.meeting.pk).update(
        status=G.CANCELLED, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    coordinator = world.users["coordinator_x"]
    services.meeting_set_status(meeting=net.meeting, status=G.PLANNED, by=coordinator)
    services.attendance_record(meeting=net.meeting, people_by_member={net.person_member.pk: 1},
                               by=coordinator)  # fmt: skip
    assert net.meeting.attendance.get().people == 1


def test_my_page_offers_the_owner_only_the_owners_moves(client, net, action):
    client.force_login(net.person)
    for status in (A.OPEN, A.IN_PROGRESS):  # My page lists open actions
        reset_to(action)(status)
        html = client.get(reverse("portal:my_page")).content.decode()
        select = html[html.index(f'id="action-status-{action.pk}"') :]
        select = select[: select.index("</select>")]
        shown = set(re.findall(r'<option value="([a-z_]+)"', select))
        assert shown == {status} | {new for old, new in ACTION_BY_OWNER if old == status}
        assert A.CANCELLED not in shown


def test_status_names_read_right_in_swedish():
    """Each status has its own word: "Left" is not "Kvar" (money left), and a cancelled
    meeting or a dropped action is not "Makulerad" (a payout batch's word). An action's
    progress reads as the action plans say it: not started, ongoing, done, dropped."""
    with translation.override("sv"):
        assert str(NetworkMember.Status.LEFT.label) == "Har lämnat"
        assert str(Meeting.Status.CANCELLED.label) == "Inställt"
        assert [str(label) for label in Action.Status.labels] == [
            "Ej påbörjad", "Pågår", "Klar", "Struken",
        ]  # fmt: skip
