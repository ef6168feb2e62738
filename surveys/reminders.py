"""Surveys' daily jobs (run by ``portal.reminders``), registered from
``SurveysConfig.ready()``:

* Surveys past their closing time are closed on the record (audited as the portal's move).
* Three days before a survey closes, those asked who have not answered are reminded once
  (the outbox's key ``survey:<pk>:reminder``: run twice, sent once).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from portal import reminders
from surveys.delivery import queue_reminders
from surveys.models import Survey
from surveys.services.surveys import close_due

REMIND_DAYS = 3


@reminders.rule
def surveys_closing(municipality, today) -> int:
    close_due(municipality)
    zone = timezone.get_current_timezone()
    until = timezone.make_aware(
        datetime.combine(today + timedelta(days=REMIND_DAYS + 1), time.min), zone
    )
    closing = Survey.objects.filter(
        municipality=municipality,
        status=Survey.Status.OPEN,
        closes_at__gt=timezone.now(),
        closes_at__lt=until,
    ).select_related("municipality", "segment")
    return sum(queue_reminders(survey) for survey in closing)
