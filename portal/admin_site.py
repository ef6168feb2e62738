from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.roles import ADMIN_ROLES
from portal.selectors import user_has_any_role


class PortalAdminSite(admin.AdminSite):
    """The officers' case-handling tool: Swedish, branded, opened by role rather than is_staff."""

    site_header = _("Samverkan – administration")
    site_title = _("Samverkan administration")
    index_title = _("Case handling and configuration")

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or user_has_any_role(user, ADMIN_ROLES))
