"""Keep the municipality on each application (set from its call), for fast officer queues."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0010_rollups_schedule'),
        ('organisations', '0002_activity_areas'),
        ('portal', '0008_reports_schedule'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='municipality',
            field=models.ForeignKey(editable=False, help_text="The call's municipality, kept on the case so that queues stay fast.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portal.municipality', verbose_name='municipality'),
        ),
        migrations.RunSQL(
            """
            UPDATE grants_application a SET municipality_id = c.municipality_id
            FROM grants_call ca
            JOIN grants_grantprogramme p ON p.id = ca.programme_id
            JOIN portal_committee c ON c.id = p.committee_id
            WHERE ca.id = a.call_id
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='application',
            name='municipality',
            field=models.ForeignKey(editable=False, help_text="The call's municipality, kept on the case so that queues stay fast.", on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portal.municipality', verbose_name='municipality'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['municipality', 'submitted_at', 'id'], name='application_muni_submitted_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['municipality', 'status', 'submitted_at'], name='application_muni_status_idx'),
        ),
    ]
