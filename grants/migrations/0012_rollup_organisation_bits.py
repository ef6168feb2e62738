"""Organisations reached per rollup cell as bit strings instead of id arrays
(GrantRollup, since insights.models): counting distinct organisations over ten years of
cells became an OR of bit strings."""

import portal.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0011_application_municipality'),
    ]

    # The rollups are figures derived from the applications: dropped here, every
    # municipality's are rebuilt on its next dashboard view or by the next refresh job.
    operations = [
        migrations.RunSQL(
            "DELETE FROM grants_grantrollup; DELETE FROM grants_rolluprefresh;",
            reverse_sql="DELETE FROM grants_grantrollup; DELETE FROM grants_rolluprefresh;",
        ),
        migrations.RemoveField(
            model_name='grantrollup',
            name='new_organisation_ids',
        ),
        migrations.RemoveField(
            model_name='grantrollup',
            name='organisation_ids',
        ),
        migrations.AddField(
            model_name='grantrollup',
            name='new_organisations',
            field=portal.fields.BitStringField(default=''),
        ),
        migrations.AddField(
            model_name='grantrollup',
            name='organisations',
            field=portal.fields.BitStringField(default=''),
        ),
    ]
