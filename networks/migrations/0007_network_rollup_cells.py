"""Network rollups become cells of networks sharing focus areas, districts and target
groups (networks.models.rollups, since insights.models): the old per-network rows are dropped and every
municipality's rollups are rebuilt on its next view or refresh job."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0006_dashboard_rollups'),
        ('grants', '0012_rollup_organisation_bits'),
    ]

    operations = [
        migrations.RunSQL(
            "DELETE FROM networks_networkrollup; DELETE FROM grants_rolluprefresh;",
            reverse_sql="DELETE FROM networks_networkrollup; DELETE FROM grants_rolluprefresh;",
        ),
        migrations.RemoveField(
            model_name='networkrollup',
            name='network',
        ),
        migrations.AddField(
            model_name='networkrollup',
            name='networks',
            field=models.PositiveIntegerField(default=0),
        ),
    ]
