"""The dashboards and the stored reports, under a municipality's pages (no common prefix)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from insights import views
from insights.register import views as register_views
from insights.volunteering import urls as volunteering_urls

app_name = "insights"

urlpatterns = [
    path(_("municipality/<slug:slug>/dashboard/"), views.dashboard, name="dashboard"),
    path(
        _("municipality/<slug:slug>/dashboard/grants/"),
        views.dashboard_grants,
        name="dashboard_grants",
    ),
    path(
        _("municipality/<slug:slug>/dashboard/export.<str:fmt>"),
        views.dashboard_export,
        name="dashboard_export",
    ),
    path(_("dashboard/municipalities/"), views.dashboard_compare, name="compare"),
    path(_("municipality/<slug:slug>/reports/"), views.reports, name="reports"),
    path(
        _("municipality/<slug:slug>/reports/<int:pk>/"),
        views.report_download,
        name="report",
    ),
    path(
        _("municipality/<slug:slug>/collaboration/"),
        register_views.register_list,
        name="register",
    ),
    path(
        _("municipality/<slug:slug>/collaboration/gaps/"),
        register_views.register_gaps,
        name="register_gaps",
    ),
    path(
        _("municipality/<slug:slug>/collaboration/<int:pk>/"),
        register_views.register_entry,
        name="register_entry",
    ),
    path(
        _("municipality/<slug:slug>/focus-area/<slug:focus>/"),
        register_views.focus_area,
        name="focus_area",
    ),
]
# The volunteering figures (insights.volunteering).
urlpatterns += volunteering_urls.urlpatterns
