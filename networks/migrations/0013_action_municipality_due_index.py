"""The actions list in its order within a municipality: read in order, stop at a page."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("networks", "0012_open_forums")]

    operations = [
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["municipality", "due_on", "id"], name="action_muni_due_idx"),
        ),
    ]
