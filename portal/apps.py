from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self):
        from portal import login_limits, mfa  # noqa: F401 - mfa connects its signal receiver

        login_limits.install()
