"""The rollup models now live in insights (insights/migrations/0001): state only, the tables
(grants_grantrollup, grants_participantrollup, grants_rolluprefresh) stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0013_application_diarienummer_search"),
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="GrantRollup"),
                migrations.DeleteModel(name="ParticipantRollup"),
                migrations.DeleteModel(name="RollupRefresh"),
            ],
        ),
    ]
