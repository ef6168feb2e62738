from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, with the portal's own site (branding and role-based access)."""

    default_site = "portal.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.admin.templatetags import admin_list

        from portal.admin_widgets import boolean_icon

        # Django's yes/no icons read "True"/"False" on Swedish pages; every caller (lists,
        # read-only fields) imports the function from admin_list when it renders.
        admin_list._boolean_icon = boolean_icon
