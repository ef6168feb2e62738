from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views, views_dashboard, views_gdpr

portal_patterns = [
    path("", views.home, name="home"),
    path(_("municipality/<slug:slug>/"), views.municipality_detail, name="municipality"),
    path(_("municipality/<slug:slug>/dashboard/"), views_dashboard.dashboard, name="dashboard"),
    path(
        _("municipality/<slug:slug>/dashboard/grants/"),
        views_dashboard.dashboard_grants,
        name="dashboard_grants",
    ),
    path(
        _("municipality/<slug:slug>/dashboard/export.<str:fmt>"),
        views_dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path(_("dashboard/municipalities/"), views_dashboard.dashboard_compare, name="compare"),
    path(_("municipality/<slug:slug>/reports/"), views_dashboard.reports, name="reports"),
    path(
        _("municipality/<slug:slug>/reports/<int:pk>/"),
        views_dashboard.report_download,
        name="report",
    ),
    path(_("my-page/"), views.my_page, name="my_page"),
    path(_("my-page/my-data.json"), views_gdpr.my_data, name="my_data"),
    path(_("my-page/remove-account/"), views_gdpr.delete_account, name="delete_account"),
    path(_("case-handling/"), views.workspace, name="workspace"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
    path(_("privacy/"), views.privacy, name="privacy"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    # Each resolve walks the patterns before the one that matches: the prefixed groups come
    # first (a prefix that does not match is passed over at once), the portal's own pages,
    # which have no common prefix, last.
    path("admin/", admin.site.urls),
    path(_("organisations/"), include("organisations.urls")),
    path(_("grants/"), include("grants.urls")),
    path(_("networks/"), include("networks.urls")),
    path(_("accounts/"), include("allauth.urls")),
    path("", include((portal_patterns, "portal"))),
    prefix_default_language=False,
)
