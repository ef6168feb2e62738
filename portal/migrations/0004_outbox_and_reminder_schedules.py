"""Beat schedules in the database (editable in the admin): drain the outbox every minute,
queue the day's reminders every morning at 07:00 Stockholm time."""

from django.db import migrations


def add_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Send queued notifications",
        defaults={"task": "portal.tasks.outbox_drain", "interval": every_minute},
    )
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/Stockholm",
    )
    PeriodicTask.objects.get_or_create(
        name="Daily reminders",
        defaults={"task": "portal.tasks.reminders_run", "crontab": morning},
    )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=["Send queued notifications", "Daily reminders"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_notifications_and_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
