from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Surveys and consultations (dialog, remiss): questions built with the grants' form
    builder, sent to all or to a segment, answered by organisations or people, summarised
    per question and per focus area, and compared year by year."""

    name = "surveys"
    verbose_name = _("Surveys and consultations")

    def ready(self):
        # the app's registrations: audit texts, roles, the daily rule, My page, GDPR
        from surveys import audit_texts, gdpr, my_page, reminders, roles  # noqa: F401
