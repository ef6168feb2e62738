"""Make the politicians' monthly report on the first of every month at 06:00 (editable)."""

from django.db import migrations


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    monthly, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="1", month_of_year="*",
        timezone="Europe/Stockholm",
    )
    PeriodicTask.objects.get_or_create(
        name="Monthly reports", defaults={"task": "portal.tasks.reports_run", "crontab": monthly}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Monthly reports"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_dashboard_reports"), ("portal", "0006_retention_schedule")]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
