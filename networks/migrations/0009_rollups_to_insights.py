"""The network rollup model now lives in insights (insights/migrations/0001): state only, the
table networks_networkrollup stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0008_personal_calendar_feeds"),
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="NetworkRollup"),
            ],
        ),
    ]
