from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        # register what the app contributes to the portal's runners: audit texts, GDPR
        # export and erasure parts, My page sections, reminder and retention rules
        from grants import audit_texts, gdpr, reminders, retention  # noqa: F401
