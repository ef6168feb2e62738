from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views
from portal.gdpr import views as gdpr_views

portal_patterns = [
    path("", views.home, name="home"),
    path(_("municipality/<slug:slug>/"), views.municipality_detail, name="municipality"),
    path(_("my-page/"), views.my_page, name="my_page"),
    path(_("my-page/my-data.json"), gdpr_views.my_data, name="my_data"),
    path(_("my-page/remove-account/"), gdpr_views.delete_account, name="delete_account"),
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
    # first (a prefix that does not match is passed over at once), the dashboards' and the
    # portal's own pages, which have no common prefix, last.
    path("admin/", admin.site.urls),
    path(_("organisations/"), include("organisations.urls")),
    path(_("grants/"), include("grants.urls")),
    path(_("networks/"), include("networks.urls")),
    path(_("collaborations/"), include("collaborations.urls")),
    path(_("volunteering/"), include("volunteering.urls")),
    path(_("information/"), include("information.urls")),
    path(_("following/"), include("outreach.urls")),
    path(_("surveys/"), include("surveys.urls")),
    path(_("advice/"), include("advice.urls")),
    path(_("accounts/"), include("allauth.urls")),
    path("", include("insights.urls")),
    path("", include((portal_patterns, "portal"))),
    prefix_default_language=False,
)
