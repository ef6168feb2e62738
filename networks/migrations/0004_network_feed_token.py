"""Each network gets a secret token for its members' calendar feed."""

import secrets

from django.db import migrations, models


def fill_tokens(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    for network in Network.objects.filter(feed_token__isnull=True):
        network.feed_token = secrets.token_urlsafe()
        network.save(update_fields=["feed_token"])


class Migration(migrations.Migration):
    dependencies = [("networks", "0003_members_meetings_actions")]

    operations = [
        migrations.AddField(
            model_name="network",
            name="feed_token",
            field=models.CharField(max_length=43, null=True, editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="network",
            name="feed_token",
            field=models.CharField(
                default=secrets.token_urlsafe,
                editable=False,
                help_text="The secret part of the members' calendar feed address.",
                max_length=43,
                unique=True,
            ),
        ),
    ]
