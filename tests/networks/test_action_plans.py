"""Action plans beyond networks: actions of a collaboration or a focus area, owned by an
administration (förvaltning) or a partner organisation; who owns and who manages them (an
officer of another committee, roles in two municipalities), progress notes, My page, the
overdue reminder and the admin."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from collaborations.models import Collaboration
from networks import reminders, selectors, services, workflow
from networks.models import Action
from portal.models import Administration, AuditEvent, FocusArea, Notification, Role
from portal.services import role_assign
from tests.factories import CommitteeFactory, FocusAreaFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
OWNER, MANAGER = workflow.OWNER, workflow.MANAGER


@pytest.fixture
def plan(world):
    """Nacka's social services (serving the social committee) and culture administration
    (serving committee_x, officer_x's); a focus area; an officer of the social committee."""
    x = world.x
    social = CommitteeFactory(municipality=x, name="Socialnämnden", slug="son")
    social_services = Administration.objects.create(
        municipality=x, name="Socialförvaltningen", slug="sof"
    )
    social_services.committees.set([social])
    culture = Administration.objects.create(municipality=x, name="Kulturförvaltningen", slug="kuf")
    culture.committees.set([x.committees.get(slug="kfn")])
    social_officer = UserFactory(email="socialsekreterare@example.se")
    role_assign(user=social_officer, municipality=x, role=Role.OFFICER, committee=social)

    class Plan:
        pass

    plan = Plan()
    plan.social, plan.culture, plan.social_officer = social_services, culture, social_officer
    plan.area = FocusArea.objects.get(municipality=x, slug="trygghet")
    return plan


def _action(world, plan, **kwargs):
    values = {
        "title": "Kartlägg otrygga platser",
        "due_on": TODAY + timedelta(days=10),
        "focus_area": plan.area,
        "owner_unit": plan.social,
        "by": world.users["coordinator_x"],
    }
    values.update(kwargs)
    return services.action_create(**values)


# --- creating actions -----------------------------------------------------------------------


def test_focus_area_action_owned_by_an_administration(world, plan):
    action = _action(world, plan)
    assert action.municipality == world.x
    assert action.network is None
    assert action.owner_name == "Socialförvaltningen"
    event = AuditEvent.objects.get(action="action.created", target_id=str(action.pk))
    assert event.municipality == world.x
    assert event.after["owner"] == "Socialförvaltningen"
    assert event.after["belongs_to"] == "Trygghet"


def test_only_the_plans_managers_add_actions(world, plan, net):
    with pytest.raises(PermissionDenied):  # an officer does not coordinate
        _action(world, plan, by=world.users["officer_x"])
    with pytest.raises(PermissionDenied):  # another municipality's coordinator
        _action(world, plan, by=world.users["officer_y"])
    # the officers of the collaboration's administration add to its plan
    entry = Collaboration.objects.create(
        municipality=world.x, title="Medborgarlöfte", kind="police", level="strategic",
        administration=plan.social,
    )  # fmt: skip
    action = _action(world, plan, collaboration=entry, focus_area=None, by=plan.social_officer)
    assert action.collaboration == entry
    with pytest.raises(PermissionDenied):
        _action(world, plan, collaboration=entry, focus_area=None, by=world.users["officer_x"])


def test_anchors_and_owners_of_another_municipality_are_refused(world, plan, net):
    elsewhere = Administration.objects.create(municipality=world.y, name="Ekerö KFF", slug="k")
    with pytest.raises(ValidationError) as error:
        _action(world, plan, owner_unit=elsewhere)
    assert "owner_unit" in error.value.message_dict
    area_y = FocusAreaFactory(municipality=world.y, name="Ekerö trygghet", slug="t")
    entry = Collaboration.objects.create(
        municipality=world.x, title="Samråd", kind="dialogue", level="strategic"
    )
    with pytest.raises(ValidationError) as error:
        _action(world, plan, collaboration=entry, focus_area=area_y)
    assert "focus_area" in error.value.message_dict
    organisation_y = OrganisationFactory(municipality=world.y)
    with pytest.raises(ValidationError) as error:
        _action(world, plan, owner_unit=None, owner_organisation=organisation_y)
    assert "owner_organisation" in error.value.message_dict
    assert not Action.objects.exists()


def test_a_member_owns_only_a_network_action_and_one_owner_is_given(world, plan, net):
    with pytest.raises(ValidationError) as error:
        _action(world, plan, owner_unit=None, owner_member=net.person_member)
    assert "owner_member" in error.value.message_dict
    with pytest.raises(ValidationError):  # two owners
        _action(world, plan, owner_officer=world.users["officer_x"])
    with pytest.raises(ValidationError):  # nothing to hang on
        _action(world, plan, focus_area=None)
    action = _action(world, plan, network=net.network, owner_unit=None,
                     owner_member=net.person_member, meeting=net.meeting)  # fmt: skip
    assert action.network == net.network
    assert action.focus_area == plan.area


# --- owners and managers ---------------------------------------------------------------------


def test_who_owns_and_manages_an_administrations_action(world, plan):
    action = _action(world, plan)
    kinds = {
        "social officer": (plan.social_officer, {OWNER}),
        "officer of another committee": (world.users["officer_x"], set()),
        "coordinator": (world.users["coordinator_x"], {OWNER, MANAGER}),
        "municipal admin": (world.users["admin_x"], {OWNER, MANAGER}),
        "politician": (world.users["politician_x"], set()),
        "officer of another municipality": (world.users["officer_y"], set()),
        "association member": (world.users["member"], set()),
    }
    for name, (user, expected) in kinds.items():
        assert services.action_actor_kinds(user, action) == expected, name
        assert selectors.may_update_action(user, action) == bool(expected), name
        assert (action in selectors.open_actions_for_user(user)) == (OWNER in expected), name


def test_the_owner_reports_progress_with_a_note_and_others_are_refused(client, world, plan):
    action = _action(world, plan)
    url = reverse("networks:action_status", args=[action.pk])
    client.force_login(world.users["officer_x"])  # another committee's officer
    assert client.post(url, {"status": "in_progress"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.action_set_status(action=action, status="done", by=world.users["officer_x"])
    client.force_login(plan.social_officer)
    client.post(url, {"status": "in_progress", "progress_note": "Tre platser besökta"})
    action.refresh_from_db()
    assert (action.status, action.progress_note) == ("in_progress", "Tre platser besökta")
    event = AuditEvent.objects.get(action="action.status_changed", target_id=str(action.pk))
    assert event.after == {"status": "in_progress", "progress_note": "Tre platser besökta"}
    # only the note: its own audit row; a post without the note keeps it
    client.post(url, {"status": "in_progress", "progress_note": "Fem platser besökta"})
    noted = AuditEvent.objects.get(action="action.progress_noted", target_id=str(action.pk))
    assert noted.before == {"progress_note": "Tre platser besökta"}
    client.post(url, {"status": "done"})
    action.refresh_from_db()
    assert (action.status, action.progress_note) == ("done", "Fem platser besökta")
    with pytest.raises(ValidationError):  # dropping is the managers' move
        services.action_set_status(action=action, status="cancelled", by=plan.social_officer)


def test_roles_in_two_municipalities_answer_per_municipality(world, plan):
    """A coordinator in Ekerö who is an officer of the culture committee in Nacka: owner
    and manager of Ekerö's plans, neither of Nacka's social services' action."""
    person = UserFactory()
    role_assign(user=person, municipality=world.y, role=Role.COORDINATOR)
    role_assign(user=person, municipality=world.x, role=Role.OFFICER,
                committee=world.x.committees.get(slug="kfn"))  # fmt: skip
    nacka = _action(world, plan)
    nacka_culture = _action(world, plan, owner_unit=plan.culture)
    unit_y = Administration.objects.create(municipality=world.y, name="Ekerö KFF", slug="kff")
    area_y = FocusAreaFactory(municipality=world.y, name="Ekerö trygghet", slug="t")
    ekero = services.action_create(title="Nattvandring", due_on=TODAY, focus_area=area_y,
                                   owner_unit=unit_y, by=person)  # fmt: skip
    assert services.action_actor_kinds(person, nacka) == set()
    assert services.action_actor_kinds(person, nacka_culture) == {OWNER}
    assert services.action_actor_kinds(person, ekero) == {OWNER, MANAGER}
    assert set(selectors.open_actions_for_user(person)) == {nacka_culture, ekero}
    with pytest.raises(PermissionDenied):  # not a coordinator in Nacka
        _action(world, plan, by=person)


def test_an_organisation_owns_through_those_who_act_for_it_in_networks(world, plan, net):
    organisation = net.organisation_member.organisation
    action = _action(world, plan, owner_unit=None, owner_organisation=organisation)
    assert services.action_actor_kinds(net.org_user, action) == {OWNER}  # responsible
    assert services.action_actor_kinds(net.org_user_2, action) == set()  # a plain member
    assert list(selectors.open_actions_for_user(net.org_user)) == [action]
    assert not selectors.open_actions_for_user(net.org_user_2).exists()
    services.action_set_status(action=action, status="done", by=net.org_user)
    assert not selectors.open_actions_for_user(net.org_user).exists()  # done: off the list


def test_a_collaborations_changers_manage_its_actions(world, plan):
    entry = Collaboration.objects.create(
        municipality=world.x, title="IOP kvinnojour", kind="iop", level="operational",
        administration=plan.social,
    )  # fmt: skip
    action = _action(world, plan, collaboration=entry, owner_unit=plan.culture)
    assert MANAGER in services.action_actor_kinds(plan.social_officer, action)
    assert services.action_actor_kinds(world.users["officer_x"], action) == {OWNER}
    services.action_set_status(action=action, status="cancelled", by=plan.social_officer)
    action.refresh_from_db()
    assert action.status == "cancelled"


def test_my_page_lists_what_the_actions_hang_on(client, world, plan):
    entry = Collaboration.objects.create(
        municipality=world.x, title="Medborgarlöfte Fisksätra", kind="police",
        level="strategic", administration=plan.social,
    )  # fmt: skip
    _action(world, plan, collaboration=entry, title="Trygghetsvandring i Fisksätra")
    client.force_login(plan.social_officer)
    html = client.get(reverse("portal:my_page")).content.decode()
    assert "Trygghetsvandring i Fisksätra" in html
    assert "Medborgarlöfte Fisksätra" in html
    assert "Trygghet" in html
    assert "Socialförvaltningen" in html
    client.force_login(world.users["officer_x"])
    assert "Trygghetsvandring" not in client.get(reverse("portal:my_page")).content.decode()


# --- the overdue reminder --------------------------------------------------------------------


def test_overdue_focus_area_action_of_an_administration_reminds_the_coordinators(world, plan):
    action = _action(world, plan, due_on=TODAY - timedelta(days=2))
    assert action in selectors.overdue_actions(municipality=world.x)
    sent = reminders.actions_overdue(world.x, TODAY)
    coordinators = {world.users["coordinator_x"].email, world.users["admin_x"].email}
    assert set(Notification.objects.values_list("recipient", flat=True)) == coordinators
    assert sent == len(coordinators)
    body = Notification.objects.filter(kind="reminder.action_overdue").first().body
    assert "Kartlägg otrygga platser" in body
    assert "Trygghet" in body
    assert reminders.actions_overdue(world.x, TODAY) == 0  # once per action
    assert reminders.actions_overdue(world.y, TODAY) == 0  # not another municipality's


def test_overdue_collaboration_action_reminds_its_responsible_and_organisation_owners(
    world, plan, net
):
    responsible = UserFactory(email="ansvarig@example.se")
    entry = Collaboration.objects.create(
        municipality=world.x, title="IOP kvinnojour", kind="iop", level="operational",
        responsible=responsible,
    )  # fmt: skip
    late = TODAY - timedelta(days=1)
    _action(world, plan, collaboration=entry, due_on=late)
    _action(world, plan, collaboration=entry, due_on=late, owner_unit=None,
            owner_organisation=net.organisation_member.organisation)  # fmt: skip
    reminders.actions_overdue(world.x, TODAY)
    recipients = list(Notification.objects.values_list("recipient", flat=True))
    # the unit's action: the responsible person (owner and follower, once)
    # the organisation's: its responsible person in networks (not the plain member)
    assert sorted(recipients) == sorted([
        "ansvarig@example.se", "ansvarig@example.se", net.org_user.email,
    ])  # fmt: skip


# --- the admin --------------------------------------------------------------------------------


def test_admin_adds_a_focus_area_action_with_choices_of_the_municipality(client, world, plan):
    Administration.objects.create(municipality=world.y, name="Ekerö KFF", slug="kff")
    client.force_login(world.users["coordinator_x"])
    url = reverse("admin:networks_action_add")
    form = client.get(url).context["adminform"].form
    assert {a.name for a in form.fields["owner_unit"].queryset} == {
        "Socialförvaltningen", "Kulturförvaltningen",
    }  # fmt: skip
    assert set(form.fields["focus_area"].queryset) == {plan.area}
    data = {
        "title": "Utbilda nattvandrare", "due_on": (TODAY + timedelta(days=5)).isoformat(),
        "focus_area": plan.area.pk, "owner_unit": plan.social.pk, "status": "in_progress",
        "progress_note": "Kursen är bokad",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    action = Action.objects.get(title="Utbilda nattvandrare")
    assert (action.municipality, action.status, action.progress_note) == (
        world.x, "in_progress", "Kursen är bokad",
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="action.created", target_id=str(action.pk)).exists()
    # the lists filter by focus area and by progress
    changelist = reverse("admin:networks_action_changelist")
    found = client.get(changelist, {"focus_area__id__exact": plan.area.pk}).context["cl"]
    assert list(found.result_list) == [action]
    assert client.get(changelist, {"progress": "open"}).context["cl"].result_count == 0
    # nothing to hang on, or two owners: form errors, nothing saved
    data.update(title="Inget", focus_area="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Action.objects.filter(title="Inget").exists()


def test_admin_change_by_an_officer_who_does_not_manage_is_refused(client, world, plan):
    action = _action(world, plan)
    client.force_login(world.users["officer_x"])
    url = reverse("admin:networks_action_change", args=[action.pk])
    response = client.get(url)
    assert response.status_code == 200  # read
    assert not response.context["has_change_permission"]
    client.force_login(world.users["coordinator_x"])
    response = client.get(url)
    assert response.context["has_change_permission"]
    form = response.context["adminform"].form
    assert {a.name for a in form.fields["owner_unit"].queryset} == {
        "Socialförvaltningen", "Kulturförvaltningen",
    }  # fmt: skip
    data = {
        "title": "Kartlägg otrygga platser", "due_on": (TODAY + timedelta(days=30)).isoformat(),
        "focus_area": plan.area.pk, "owner_unit": plan.culture.pk, "status": "open",
        "progress_note": "",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.owner_unit == plan.culture
    assert action.due_on == TODAY + timedelta(days=30)
    event = AuditEvent.objects.get(action="action.updated", target_id=str(action.pk))
    assert event.after["owner_unit"] == "Kulturförvaltningen"
