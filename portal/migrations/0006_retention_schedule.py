"""Run data retention on the first of every month at 03:00 Stockholm time (editable)."""

from django.db import migrations


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    monthly, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="3", day_of_week="*", day_of_month="1", month_of_year="*",
        timezone="Europe/Stockholm",
    )
    PeriodicTask.objects.get_or_create(
        name="Data retention", defaults={"task": "portal.tasks.retention_run", "crontab": monthly}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Data retention"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_retention_policy")]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
