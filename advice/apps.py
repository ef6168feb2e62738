from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    """Advice times (rådgivning): officers publish bookable slots in person, by phone or by
    video, and associations book one for their question."""

    name = "advice"
    verbose_name = _("Advice times")

    def ready(self):
        # the app's registrations: roles, audit texts, reminders, My page, data rights,
        # retention
        from advice import audit_texts, gdpr, my_page, reminders, retention, roles  # noqa: F401
