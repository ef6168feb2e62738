from importlib import import_module

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal core")
    default = True  # the app's config; PortalAdminConfig below is named in INSTALLED_APPS

    def ready(self):
        from portal import login_limits, mfa  # noqa: F401 - mfa connects its signal receiver

        login_limits.install()


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with the portal's own site (branding and role-based access)."""

    default = False
    default_site = "portal.admin.site.PortalAdminSite"

    def ready(self):
        # The package holds both the site class and the portal's registrations: imported
        # first, it registers them on the one site; imported only when the default site is
        # first set up (by autodiscovery), its registrations would set up a second site
        # meanwhile, which the first then replaces.
        import_module("portal.admin")
        super().ready()
        # Imported once the apps are loaded (the admin's modules need the models).
        from django.contrib.admin.templatetags import admin_list

        from portal.admin.widgets import boolean_icon

        # Django's yes/no icons read "True"/"False" on Swedish pages; every caller (lists,
        # read-only fields) imports the function from admin_list when it renders.
        admin_list._boolean_icon = boolean_icon
