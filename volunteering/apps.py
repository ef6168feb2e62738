from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Mobilisation and volunteering")

    def ready(self):
        # register what the app contributes to the portal's runners (audit texts, roles,
        # reminders, GDPR, retention, My page and municipality page sections)
        from volunteering import roles  # noqa: F401
