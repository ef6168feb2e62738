"""The insights app takes over the tables of the dashboards' rollups (made by grants and
networks) and of the stored reports (made by portal): state only, the tables keep their
names and rows. grants 0014, networks 0009 and portal 0012 then drop the models from their
own state. The content types move along, so permissions and admin history follow."""

import django.contrib.postgres.fields
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import portal.fields

MOVED = [
    ("grants", "grantrollup"),
    ("grants", "participantrollup"),
    ("grants", "rolluprefresh"),
    ("networks", "networkrollup"),
    ("portal", "dashboardreport"),
]


def move_content_types(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model in MOVED:
        old, new = (app_label, "insights") if forward else ("insights", app_label)
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("grants", "0013_application_diarienummer_search"),
        ("networks", "0008_personal_calendar_feeds"),
        ("portal", "0011_municipality_open_data_prefix"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="RollupRefresh",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("refreshed_at", models.DateTimeField(verbose_name="figures as of")),
                        ("last_audit_id", models.BigIntegerField(default=0)),
                        ("duration_ms", models.PositiveIntegerField(default=0)),
                        ("rows", models.PositiveIntegerField(default=0)),
                        (
                            "municipality",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rollup_refresh",
                                to="portal.municipality",
                                verbose_name="municipality",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "dashboard figures refresh",
                        "verbose_name_plural": "dashboard figures refreshes",
                        "db_table": "grants_rolluprefresh",
                    },
                ),
                migrations.CreateModel(
                    name="DashboardReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("monthly", "Monthly report"),
                                    ("yearly_mapping", "Yearly mapping of collaboration"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("period_start", models.DateField(verbose_name="period from")),
                        ("period_end", models.DateField(verbose_name="period to")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("content", models.BinaryField()),
                        ("content_type", models.CharField(max_length=100)),
                        ("filename", models.CharField(max_length=100)),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="created"
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="dashboard_reports",
                                to="portal.municipality",
                                verbose_name="municipality",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "dashboard report",
                        "verbose_name_plural": "dashboard reports",
                        "db_table": "portal_dashboardreport",
                        "ordering": ["-period_start", "kind"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("municipality", "kind", "period_start"),
                                name="dashboard_report_once",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="GrantRollup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField()),
                        ("kind", models.CharField(max_length=20)),
                        (
                            "focus_area_ids",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                        (
                            "target_group_ids",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                        ("applications", models.PositiveIntegerField()),
                        ("applied", models.DecimalField(decimal_places=2, max_digits=16)),
                        ("decided", models.PositiveIntegerField()),
                        ("approved", models.PositiveIntegerField()),
                        ("granted", models.DecimalField(decimal_places=2, max_digits=16)),
                        ("paid", models.DecimalField(decimal_places=2, max_digits=16)),
                        ("organisations", portal.fields.BitStringField(default="")),
                        ("new_organisations", portal.fields.BitStringField(default="")),
                        (
                            "committee",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.committee",
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.district",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="portal.municipality",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "grants_grantrollup",
                        "indexes": [
                            models.Index(
                                fields=["municipality", "year"], name="grantrollup_muni_year_idx"
                            ),
                            models.Index(
                                fields=["year", "municipality"], name="grantrollup_year_muni_idx"
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="NetworkRollup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(null=True)),
                        (
                            "focus_area_ids",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                        (
                            "district_ids",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                        (
                            "target_group_ids",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                        ("networks", models.PositiveIntegerField(default=0)),
                        ("meetings", models.PositiveIntegerField(default=0)),
                        ("attendance", models.PositiveIntegerField(default=0)),
                        ("open_actions", models.PositiveIntegerField(default=0)),
                        ("overdue_actions", models.PositiveIntegerField(default=0)),
                        (
                            "municipality",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="portal.municipality",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "networks_networkrollup",
                        "indexes": [
                            models.Index(
                                fields=["municipality", "year"], name="netrollup_muni_year_idx"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ParticipantRollup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField()),
                        ("kind", models.CharField(max_length=20)),
                        (
                            "focus_area_ids",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                        (
                            "target_group_ids",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), default=list, size=None
                            ),
                        ),
                        ("age_band", models.CharField(max_length=10)),
                        ("gender", models.CharField(max_length=10)),
                        ("people", models.PositiveIntegerField()),
                        (
                            "committee",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.committee",
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.district",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="portal.municipality",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "grants_participantrollup",
                        "indexes": [
                            models.Index(
                                fields=["municipality", "year"], name="partrollup_muni_year_idx"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
