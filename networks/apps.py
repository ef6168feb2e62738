from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks")

    def ready(self):
        # register what the app contributes to the portal's runners: audit texts, GDPR
        # export and erasure parts, My page and municipality page sections, reminder and
        # retention rules, its roles' permissions, how a person belongs to a municipality
        from networks import (  # noqa: F401
            audit_texts,
            gdpr,
            municipality_page,
            my_page,
            register,
            reminders,
            retention,
            roles,
        )
