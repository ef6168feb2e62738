"""Keep the case's municipality and call on each follow-up report (set from its decision's
application), with an index in the reports list's order, for a fast reports list."""

import django.db.models.deletion
from django.db import migrations, models


def fk(to, null):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to=to,
        verbose_name="municipality" if to == "portal.municipality" else "call",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0018_queue_count_index"),
        ("portal", "0016_notification_unsubscribe_url"),
    ]

    operations = [
        migrations.AddField(
            model_name="followupreport", name="municipality", field=fk("portal.municipality", True)
        ),
        migrations.AddField(
            model_name="followupreport", name="call", field=fk("grants.call", True)
        ),
        migrations.RunSQL(
            """
            UPDATE grants_followupreport r
            SET municipality_id = a.municipality_id, call_id = a.call_id
            FROM grants_decision d
            JOIN grants_application a ON a.id = d.application_id
            WHERE d.id = r.decision_id
            """,
            migrations.RunSQL.noop,
        ),
        # the planner's statistics of the new columns, at once (not at the next autovacuum)
        migrations.RunSQL("ANALYZE grants_followupreport", migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="followupreport", name="municipality", field=fk("portal.municipality", False)
        ),
        migrations.AlterField(
            model_name="followupreport", name="call", field=fk("grants.call", False)
        ),
        migrations.AddIndex(
            model_name="followupreport",
            index=models.Index(fields=["municipality", "due_on", "id"], name="report_muni_due_idx"),
        ),
    ]
