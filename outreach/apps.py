from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """News that reaches the right people: what people follow and the alerts and digests
    they get, segments of recipients, mailings to segments and the opt-outs."""

    name = "outreach"
    verbose_name = _("Following and mailings")

    def ready(self):
        pass  # the app's registrations (roles, audit texts, listeners) are imported here
