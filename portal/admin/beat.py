"""The scheduled-task pages of the admin (django-celery-beat's), with the gaps in what they
accept closed: a registered-task name with a NUL was saved (a database error), a crontab
field such as "-1" broke the page that shows the error (its description in words raised),
and a start-time year beyond any date broke the list."""

from celery.schedules import ParseException
from django.contrib import admin
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from portal.admin.changelist import DateHierarchyAdminMixin
from portal.admin.widgets import NamedDateTimeAdmin


class PeriodicTaskForm(beat_admin.PeriodicTaskForm):
    def clean_regtask(self):
        value = self.cleaned_data.get("regtask")
        ProhibitNullCharactersValidator()(value)
        return value

    def clean(self):
        if "task" not in self.cleaned_data:  # refused at the field (the package's clean
            return self.cleaned_data  # would look it up: a KeyError)
        return super().clean()


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(DateHierarchyAdminMixin, NamedDateTimeAdmin, beat_admin.PeriodicTaskAdmin):
    form = PeriodicTaskForm


admin.site.unregister(CrontabSchedule)


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    @admin.display(description=_("schedule in words"))
    def human_readable(self, obj):
        """The schedule in words; nothing while a field holds what no schedule can."""
        try:
            return obj.human_readable
        except (ParseException, ValueError):
            return "–"
