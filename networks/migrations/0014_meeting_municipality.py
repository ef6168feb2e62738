"""Meetings carry their network's municipality, so a municipality's meetings (the admin's
list, the actions' search box) are read from an index in time order instead of joining every
network's meetings: the column is added with its index, filled from the networks, then
required. (The index before the rows are filled: built after the update in the same
transaction, PostgreSQL would leave it unused until every older transaction has ended.)"""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE networks_meeting AS meeting SET municipality_id = network.municipality_id
FROM networks_network AS network WHERE network.id = meeting.network_id;
SET CONSTRAINTS ALL IMMEDIATE;
"""
# (the new key's deferred checks run now: PostgreSQL alters no table with checks pending)


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0013_action_municipality_due_index"),
        ("portal", "0016_notification_unsubscribe_url"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="municipality",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.municipality",
                verbose_name="municipality",
            ),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                fields=["municipality", "starts_at", "id"], name="meeting_muni_time_idx"
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=True),
        migrations.AlterField(
            model_name="meeting",
            name="municipality",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.municipality",
                verbose_name="municipality",
            ),
        ),
    ]
