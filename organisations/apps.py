from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        # register what the app contributes to the portal's runners: audit texts, GDPR
        # export and erasure parts, My page and municipality page sections, reminder and
        # retention rules, its roles' permissions, how a person belongs to a municipality
        from organisations import (  # noqa: F401
            audit_texts,
            email_identity,
            gdpr,
            my_page,
            reminders,
            representatives,
            retention,
            roles,
        )
