from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Mobilisation and volunteering")

    def ready(self):
        # register what the app contributes to the portal's runners (audit texts, roles,
        # reminders, GDPR, retention, My page and municipality page sections)
        from volunteering import (  # noqa: F401
            audit_texts,
            gdpr,
            municipality_page,
            my_page,
            reminders,
            retention,
            roles,
        )
