"""Every network has its entry in the collaboration register (``Network.register_entry``),
kept in step by the networks app: what the network says about itself (name, purpose, focus
areas, districts, target groups, its member organisations, whether it is public) is copied
to the entry whenever the network or its membership changes. What the register adds — the
level, the owning administration, the status — is the register's own and never
overwritten; the responsible person is the network's coordinator until the register names
another."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from collaborations.models import Collaboration
from networks.models import Network, NetworkMember


@transaction.atomic
def sync_register_entry(network: Network) -> Collaboration:
    """Create or update ``network``'s entry in the collaboration register (the network must
    be saved; its many-to-many fields are read as they are in the database)."""
    network = Network.objects.select_for_update(of=("self",)).get(pk=network.pk)
    entry = network.register_entry
    if entry is None:
        entry = Collaboration(
            municipality_id=network.municipality_id,
            kind=Collaboration.Kind.NETWORK,
            source=Collaboration.Source.NETWORK,
            level=Collaboration.Level.OPERATIONAL,
            status=Collaboration.Status.ACTIVE,
        )
    entry.title = network.name
    entry.description = network.purpose
    entry.is_public = network.is_public
    if entry.responsible_id is None:
        entry.responsible_id = network.coordinator_id
    if entry.pk is None:
        entry.save()
        network.register_entry = entry
        network.save(update_fields=["register_entry"])
    else:
        entry.save(update_fields=["title", "description", "is_public", "responsible", "updated_at"])
    entry.focus_areas.set(network.focus_areas.all())
    entry.districts.set(network.districts.all())
    entry.target_groups.set(network.target_groups.all())
    entry.partners.set(
        network.members.filter(
            status=NetworkMember.Status.ACTIVE, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )
    return entry


@receiver(post_delete, sender=Network, dispatch_uid="networks.register_entry_deleted")
def _entry_goes_with_the_network(sender, instance, **kwargs):
    """A deleted network takes its register entry along (the entry only mirrors it); actions
    hung on the entry go with it, as the network's own do."""
    if instance.register_entry_id is not None:
        Collaboration.objects.filter(
            pk=instance.register_entry_id, source=Collaboration.Source.NETWORK
        ).delete()
