"""Who sees what: invite-only networks, their meetings, minutes and documents are for
members and the municipality's staff only (guessed ids → 404); the public page of a public
network; joining; actions with owners and overdue detection; shared documents."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from networks import selectors, services
from networks.models import Action, Meeting, NetworkMember
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def viewers(world, net):
    return {
        "anonymous": None,
        "outsider": net.outsider,
        "member_of_other_org": world.users["member"],
        "org_member": net.org_user,
        "person": net.person,
        "coordinator_x": world.users["coordinator_x"],
        "officer_x": world.users["officer_x"],
        "admin_x": world.users["admin_x"],
        "officer_y": world.users["officer_y"],
        "politician_x": world.users["politician_x"],
    }


INSIDE = {"org_member", "person", "coordinator_x", "officer_x", "admin_x"}


@pytest.mark.parametrize("page", ["detail", "meeting", "meeting_ics"])
def test_invite_only_network_is_hidden_from_everyone_else(client, world, net, page):
    net.meeting.minutes = "Hemligt protokoll"
    net.meeting.save()
    pk = net.network.pk if page == "detail" else net.meeting.pk
    url = reverse(f"networks:{page}", args=[pk])
    for name, user in viewers(world, net).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        expected = 200 if name in INSIDE else 404
        assert response.status_code == expected, (name, page)
        if page == "meeting" and expected == 200:
            assert "Hemligt protokoll" in response.content.decode()


def test_guessed_ids_are_not_found(client, world, net):
    client.force_login(net.org_user)
    assert client.get(reverse("networks:detail", args=[net.network.pk + 999])).status_code == 404
    assert client.get(reverse("networks:meeting", args=[net.meeting.pk + 999])).status_code == 404
    other = Meeting.objects.create(network=net.network.__class__.objects.create(
        municipality=world.x, name="Annat", slug="annat", purpose="x", convening_unit="x",
        visibility="invite_only"), title="Annat", starts_at=net.meeting.starts_at,
        ends_at=net.meeting.ends_at, place=net.place)  # fmt: skip
    assert client.get(reverse("networks:meeting", args=[other.pk])).status_code == 404
    listed = client.get(reverse("networks:list")).context["page"].object_list
    assert net.network in listed
    assert other.network not in listed


def test_public_network_page_shows_purpose_listed_members_and_public_meetings(client, world, net):
    net.network.visibility = "public"
    net.network.save()
    unlisted = NetworkMember.objects.create(
        network=net.network, kind="organisation",
        organisation=OrganisationFactory(municipality=world.x, name="Hemliga föreningen"),
    )  # fmt: skip
    public = Meeting.objects.create(network=net.network, title="Öppet möte", is_public=True,
                                    starts_at=net.meeting.starts_at, ends_at=net.meeting.ends_at,
                                    place=net.place)  # fmt: skip
    page = client.get(reverse("networks:detail", args=[net.network.pk]))
    html = page.content.decode()
    assert net.network.purpose in html
    assert net.organisation_member.organisation.name in html
    assert unlisted.organisation.name not in html
    assert list(page.context["upcoming"]) == [public]  # not the members' meeting
    assert "actions" not in page.context
    assert client.get(reverse("networks:meeting", args=[public.pk])).status_code == 200
    assert client.get(reverse("networks:meeting", args=[net.meeting.pk])).status_code == 404


def test_an_organisation_asks_to_join_and_the_coordinator_accepts(client, world, net):
    net.network.visibility = "public"
    net.network.save()
    applicant = world.users["member"]
    organisation = applicant.memberships.get().organisation
    client.force_login(applicant)
    page = client.get(reverse("networks:detail", args=[net.network.pk]))
    assert page.context["join_form"].fields["organisation"].queryset.get() == organisation
    client.post(reverse("networks:join", args=[net.network.pk]),
                {"organisation": organisation.pk, "message": "Vi vill vara med."})  # fmt: skip
    member = NetworkMember.objects.get(network=net.network, organisation=organisation)
    assert (member.status, member.request_message) == ("requested", "Vi vill vara med.")
    assert not selectors.is_member(applicant, net.network)
    with pytest.raises(ValidationError):
        services.join_request(network=net.network, organisation=organisation, by=applicant)
    with pytest.raises(PermissionDenied):
        services.join_decide(member=member, accept=True, by=applicant)
    services.join_decide(member=member, accept=True, by=world.users["coordinator_x"])
    assert selectors.is_member(applicant, net.network)


def test_invite_only_networks_take_no_requests(world, net):
    applicant = world.users["member"]
    with pytest.raises(ValidationError, match="inbjudna"):
        services.join_request(network=net.network, by=applicant,
                              organisation=applicant.memberships.get().organisation)  # fmt: skip


def test_actions_owners_see_them_and_overdue_ones_are_found(client, world, net):
    coordinator = world.users["coordinator_x"]
    due = timezone.localdate() + timedelta(days=14)
    action = services.action_create(network=net.network, meeting=net.meeting, title="Byt lampor",
                                    owner_member=net.organisation_member, due_on=due,
                                    by=coordinator)  # fmt: skip
    late = services.action_create(network=net.network, title="Rapport till BRÅ",
                                  owner_officer=world.users["officer_x"],
                                  due_on=timezone.localdate() - timedelta(days=1),
                                  by=coordinator)  # fmt: skip
    assert list(selectors.overdue_actions(net.network)) == [late]
    assert late.is_overdue
    assert not action.is_overdue
    client.force_login(net.org_user_2)  # any person of the owning organisation
    page = client.get(reverse("portal:my_page"))
    assert list(page.context["actions"]) == [action]
    assert "Byt lampor" in page.content.decode()
    client.post(reverse("networks:action_status", args=[action.pk]),
                {"status": "done", "next": "https://evil.example/"})  # fmt: skip
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.completed_at is not None
    client.force_login(net.person)  # not the owner
    url = reverse("networks:action_status", args=[late.pk])
    assert client.post(url, {"status": "done"}).status_code == 404
    with pytest.raises(ValidationError):
        services.action_create(network=net.network, title="Utan ägare", due_on=due, by=coordinator)
    outsider_member = NetworkMember.objects.create(
        network=net.network, kind="partner", partner_name="Gammal", status="left"
    )
    with pytest.raises(ValidationError):
        services.action_create(network=net.network, title="x", due_on=due, by=coordinator,
                               owner_member=outsider_member)  # fmt: skip


def test_documents_are_for_members_only(client, world, net, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(net.person)
    upload = reverse("networks:document_upload", args=[net.network.pk])
    client.post(upload, {"title": "Lägesbild", "file": SimpleUploadedFile("l.pdf", PDF)})
    document = net.network.documents.get()
    download = reverse("networks:document", args=[net.network.pk, document.pk])
    assert client.get(download).status_code == 200
    bad = client.post(upload, {"title": "Skript",
                               "file": SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>")},
                      follow=True)  # fmt: skip
    assert net.network.documents.count() == 1
    assert "PDF" in bad.content.decode()  # the error says what is accepted
    for user in (net.outsider, world.users["officer_y"], world.users["politician_x"]):
        client.force_login(user)
        assert client.get(download).status_code == 404
        assert client.post(upload, {"file": SimpleUploadedFile("l.pdf", PDF)}).status_code == 404


@pytest.mark.parametrize("page", ["list", "detail", "meeting", "my_page"])
def test_page_query_counts_do_not_grow(client, world, net, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import NetworkFactory

    coordinator = world.users["coordinator_x"]
    due = timezone.localdate() + timedelta(days=3)

    def grow(n):
        for i in range(n):
            NetworkFactory(municipality=world.x, visibility="public")
            member = NetworkMember.objects.create(
                network=net.network, kind="partner", partner_name=f"Partner {n}-{i}"
            )
            services.action_create(network=net.network, meeting=net.meeting, title=f"Å {i}",
                                   owner_member=net.organisation_member, due_on=due,
                                   by=coordinator)  # fmt: skip
            Meeting.objects.create(network=net.network, title=f"M {n}-{i}", place=net.place,
                                   starts_at=net.meeting.starts_at + timedelta(days=i + 1),
                                   ends_at=net.meeting.ends_at + timedelta(days=i + 1))  # fmt: skip
            services.meeting_invite(meeting=net.meeting, by=coordinator, members=[member])

    url = {
        "list": reverse("networks:list"),
        "detail": reverse("networks:detail", args=[net.network.pk]),
        "meeting": reverse("networks:meeting", args=[net.meeting.pk]),
        "my_page": reverse("portal:my_page"),
    }[page]
    client.force_login(net.org_user)
    services.meeting_invite(meeting=net.meeting, by=coordinator)
    grow(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(8)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
