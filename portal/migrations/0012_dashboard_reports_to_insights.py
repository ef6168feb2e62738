"""The stored reports' model now lives in insights (insights/migrations/0001): state only, the
table portal_dashboardreport stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0011_municipality_open_data_prefix"),
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="DashboardReport"),
            ],
        ),
    ]
