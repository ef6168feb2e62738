from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """News that reaches the right people: what people follow and the alerts and digests
    they get, segments of recipients, mailings to segments and the opt-outs."""

    name = "outreach"
    verbose_name = _("Following and mailings")

    def ready(self):
        # the app's registrations: audit texts, roles, the announcements' listener, the
        # digests' daily rule, My page's section, GDPR export and erasure, retention
        from outreach import (  # noqa: F401
            audit_texts,
            digests,
            gdpr,
            listeners,
            my_page,
            retention,
            roles,
        )
