from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "collaborations"
    verbose_name = _("Collaboration register")

    def ready(self):
        # register what the app contributes to the portal's runners (audit texts, roles,
        # reminders, GDPR, retention, My page and municipality page sections)
        from collaborations import (  # noqa: F401
            audit_texts,
            gdpr,
            municipality_page,
            my_page,
            opendata_signals,
            reminders,
            retention,
            roles,
        )
