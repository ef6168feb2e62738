from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks")

    def ready(self):
        # register what the app contributes to the portal's runners: audit texts, GDPR
        # export and erasure parts, My page sections, reminder and retention rules
        from networks import audit_texts, gdpr, my_page, reminders  # noqa: F401
