from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, with the portal's own site (branding and role-based access)."""

    default_site = "portal.admin_site.PortalAdminSite"
