"""Every network has its entry in the collaboration register, kept in step by the networks
app (networks.register): created with the network in the admin, following its name,
purpose, tags, visibility and active member organisations; the register's own level,
administration and responsible person are never overwritten."""

import pytest
from django.urls import reverse

from collaborations.models import Collaboration
from networks import services
from networks.models import Network, NetworkMember
from networks.register import sync_register_entry
from portal.models import Administration, District, FocusArea
from tests.factories import DistrictFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_sync_creates_the_entry_and_follows_the_network(world, net):
    network = net.network
    network.coordinator = world.users["coordinator_x"]
    network.save()
    area = FocusArea.objects.get(municipality=world.x, slug="trygghet")
    district = DistrictFactory(municipality=world.x, name="Fisksätra", slug="fisksatra")
    network.focus_areas.set([area])
    network.districts.set([district])
    entry = sync_register_entry(network)
    network.refresh_from_db()
    assert network.register_entry == entry
    assert (entry.kind, entry.source, entry.level, entry.status) == (
        "network", "network", "operational", "active",
    )  # fmt: skip
    assert (entry.title, entry.description, entry.municipality) == (
        "BRÅ Fisksätra", network.purpose, world.x,
    )  # fmt: skip
    assert not entry.is_public  # invite only
    assert entry.responsible == world.users["coordinator_x"]
    assert list(entry.focus_areas.all()) == [area]
    assert list(entry.districts.all()) == [district]
    assert list(entry.partners.all()) == [net.organisation_member.organisation]

    # the register places it; the network changes; the register's own stays
    social = Administration.objects.create(municipality=world.x, name="Socialförv.", slug="s")
    Collaboration.objects.filter(pk=entry.pk).update(
        level="strategic", administration=social, responsible=world.users["officer_x"]
    )
    network.name, network.visibility = "BRÅ Nacka", Network.Visibility.PUBLIC
    network.save()
    network.districts.clear()
    again = sync_register_entry(network)
    assert again.pk == entry.pk
    assert Collaboration.objects.count() == 1
    again.refresh_from_db()
    assert (again.title, again.is_public, again.level) == ("BRÅ Nacka", True, "strategic")
    assert again.administration == social
    assert again.responsible == world.users["officer_x"]
    assert not again.districts.exists()


def test_members_joining_and_leaving_change_the_partners(world, net):
    entry = sync_register_entry(net.network)
    coordinator = world.users["coordinator_x"]
    newcomer = OrganisationFactory(municipality=world.x, approved=True)
    request = NetworkMember.objects.create(
        network=net.network, kind="organisation", organisation=newcomer, status="requested"
    )
    assert newcomer not in entry.partners.all()  # asking is not taking part
    services.join_decide(member=request, accept=True, by=coordinator)
    assert newcomer in entry.partners.all()
    services.member_set_status(member=net.organisation_member, status="left", by=coordinator)
    assert set(entry.partners.all()) == {newcomer}


def test_admin_creates_the_entry_with_the_network_and_its_members(client, world):
    client.force_login(world.users["coordinator_x"])
    area = FocusArea.objects.get(municipality=world.x, slug="trygghet")
    organisation = OrganisationFactory(municipality=world.x, approved=True)
    data = {
        "municipality": world.x.pk, "name": "Nattvandrarna", "slug": "nattvandrarna",
        "purpose": "Vuxna på stan på kvällarna", "convening_unit": "Fritid",
        "focus_areas": [area.pk], "visibility": "public",
        "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000",
        "members-0-kind": "organisation", "members-0-organisation": organisation.pk,
        "members-0-role": "member", "members-0-status": "active",
    }  # fmt: skip
    response = client.post(reverse("admin:networks_network_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    network = Network.objects.get(slug="nattvandrarna")
    entry = network.register_entry
    assert entry is not None
    assert entry.title == "Nattvandrarna"
    assert entry.is_public
    assert list(entry.focus_areas.all()) == [area]
    assert list(entry.partners.all()) == [organisation]
    # the network's page names its entry
    page = client.get(reverse("admin:networks_network_change", args=[network.pk]))
    assert "Nattvandrarna" in page.content.decode()
    assert District.objects.count() == 0  # nothing else made


def test_deleting_a_network_removes_its_entry_but_no_recorded_one(world, net):
    entry = sync_register_entry(net.network)
    recorded = Collaboration.objects.create(
        municipality=world.x, title="IOP", kind="iop", level="strategic"
    )
    network = Network.objects.get(pk=net.network.pk)
    network.actions.all().delete()
    network.delete()
    assert not Collaboration.objects.filter(pk=entry.pk).exists()
    assert Collaboration.objects.filter(pk=recorded.pk).exists()
