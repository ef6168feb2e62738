from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        # register what the app contributes to the portal's runners: audit texts, GDPR
        # export and erasure parts, My page and municipality page sections, reminder and
        # retention rules, its roles' permissions, how a person belongs to a municipality
        from grants import (  # noqa: F401
            audit_texts,
            budget_signals,
            gdpr,
            municipality_page,
            my_page,
            opendata_signals,
            reminders,
            retention,
            roles,
        )
