"""Every action belongs to a municipality (its network's), and every existing network gets
its entry in the collaboration register."""

from django.db import migrations, models
import django.db.models.deletion


def forwards(apps, schema_editor):
    Action = apps.get_model("networks", "Action")
    Network = apps.get_model("networks", "Network")
    NetworkMember = apps.get_model("networks", "NetworkMember")
    Collaboration = apps.get_model("collaborations", "Collaboration")
    for network in Network.objects.filter(register_entry__isnull=True):
        entry = Collaboration.objects.create(
            municipality_id=network.municipality_id,
            title=network.name,
            description=network.purpose,
            kind="network",
            level="operational",
            source="network",
            status="active",
            responsible_id=network.coordinator_id,
            is_public=network.visibility == "public",
        )
        entry.focus_areas.set(network.focus_areas.all())
        entry.districts.set(network.districts.all())
        entry.target_groups.set(network.target_groups.all())
        entry.partners.set(
            NetworkMember.objects.filter(
                network=network, status="active", organisation__isnull=False
            ).values_list("organisation_id", flat=True)
        )
        network.register_entry = entry
        network.save(update_fields=["register_entry"])
    for action in Action.objects.filter(municipality__isnull=True).select_related("network"):
        action.municipality_id = action.network.municipality_id
        action.save(update_fields=["municipality"])


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0010_actions_in_action_plans"),
        ("collaborations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="action",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actions",
                to="portal.municipality",
                verbose_name="municipality",
            ),
        ),
    ]
