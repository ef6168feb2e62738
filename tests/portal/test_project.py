"""Project-wide invariants: migrations match the models, schedules are stored in the database."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_heartbeat_schedule_is_stored_by_migration():
    task = PeriodicTask.objects.get(name="Celery heartbeat")
    assert task.task == "portal.tasks.heartbeat"
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (1, "minutes")
