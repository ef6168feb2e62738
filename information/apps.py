from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InformationConfig(AppConfig):
    """The municipality's own pages: the policy for collaboration with civil society, how it
    collaborates, what it wants per focus area, the contact directory, stories of good
    practice and news."""

    name = "information"
    verbose_name = _("Information")

    def ready(self):
        # register what the app contributes to the portal's runners (audit texts, roles,
        # the municipality page's section)
        from information import audit_texts, municipality_page, roles  # noqa: F401
