from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    """Advice times (rådgivning): officers publish bookable slots in person, by phone or by
    video, and associations book one for their question."""

    name = "advice"
    verbose_name = _("Advice times")

    def ready(self):
        pass  # the app's registrations (roles, audit texts, reminders) are imported here
