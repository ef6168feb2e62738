from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from portal.admin.autocomplete import FormChoicesAutocompleteView
from portal.admin.formsets import checked_inline
from portal.roles import ADMIN_ROLES
from portal.selectors import user_has_any_role


def may_use_admin(user) -> bool:
    """Portal administrators, and officers, coordinators and municipal administrators."""
    return user.is_active and (user.is_staff or user_has_any_role(user, ADMIN_ROLES))


class PortalAdminAuthenticationForm(AdminAuthenticationForm):
    """Admin login by role instead of Django's is_staff flag."""

    def confirm_login_allowed(self, user):
        if not may_use_admin(user):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class PortalAdminSite(admin.AdminSite):
    """The officers' case-handling tool: Swedish, branded, opened by role rather than is_staff."""

    site_header = _("Samverkan – administration")
    site_title = _("Samverkan administration")
    index_title = _("Case handling and configuration")
    login_form = PortalAdminAuthenticationForm

    def has_permission(self, request):
        return may_use_admin(request.user)

    def autocomplete_view(self, request):
        """Choices as the form's field offers them (portal.admin.autocomplete)."""
        return FormChoicesAutocompleteView.as_view(admin_site=self)(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every inline of every page refuses rows out of step with the stored ones
        (portal.admin.formsets), the packages' inlines and those added later included."""
        super().register(model_or_iterable, admin_class, **options)
        for model_admin in self._registry.values():
            for inline in model_admin.inlines:
                checked_inline(inline)
