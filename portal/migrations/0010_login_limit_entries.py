"""allauth's rate limits and used-code guards move from Redis to this table
(portal.login_limits), and beat deletes its expired rows every hour."""

from django.db import migrations, models

PURGE = "Login limits: delete expired entries"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(
        name=PURGE, defaults={"task": "portal.tasks.login_limits_purge", "interval": every_hour}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=PURGE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0009_role_committee_optional"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginLimitEntry",
            fields=[
                ("key", models.TextField(primary_key=True, serialize=False, verbose_name="key")),
                ("value", models.JSONField(verbose_name="value")),
                ("expires_at", models.DateTimeField(db_index=True, verbose_name="expires")),
            ],
            options={
                "verbose_name": "login limit entry",
                "verbose_name_plural": "login limit entries",
            },
        ),
        migrations.RunPython(add_schedule, remove_schedule),
    ]
