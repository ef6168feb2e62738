from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        # register what the app contributes to the portal's runners: audit texts, GDPR
        # export and erasure parts, My page sections, reminder and retention rules
        from organisations import audit_texts, gdpr, my_page, reminders, retention  # noqa: F401
