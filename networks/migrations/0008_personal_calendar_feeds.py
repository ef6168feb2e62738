"""Calendar feeds become personal (networks.models.feeds): one secret address per person
and network, made when the person first opens the network page and ended when they no longer
belong to it. The network's shared address is dropped, so the old addresses stop working at
once; going back restores a new shared secret per network, not the old one."""

import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import networks.models.feeds


def fill_shared_tokens(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for network in Network.objects.filter(feed_token__isnull=True):
        network.feed_token = secrets.token_urlsafe()
        network.save(update_fields=["feed_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0007_network_rollup_cells"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarFeed",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        default=networks.models.feeds.feed_token,
                        editable=False,
                        help_text="The secret part of the person's calendar feed address.",
                        max_length=64,
                        unique=True,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "network",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_feeds",
                        to="networks.network",
                        verbose_name="network",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="network_calendar_feeds",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar feed",
                "verbose_name_plural": "calendar feeds",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("network", "user"), name="calendar_feed_per_person"
                    )
                ],
            },
        ),
        # Backwards: the shared column comes back empty, is filled, then made unique again.
        migrations.AlterField(
            model_name="network",
            name="feed_token",
            field=models.CharField(max_length=43, null=True, editable=False),
        ),
        migrations.RunPython(migrations.RunPython.noop, fill_shared_tokens),
        migrations.RemoveField(model_name="network", name="feed_token"),
    ]
