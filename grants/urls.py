from django.urls import path
from django.utils.translation import gettext_lazy as _

from grants import views, views_applications, views_opendata, views_reports

app_name = "grants"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("<int:pk>/", views.call_detail, name="call"),
    path(_("<int:call_pk>/apply/"), views_applications.start, name="start"),
    path(_("granted/<slug:slug>/"), views_opendata.granted, name="granted"),
    path(_("granted/<slug:slug>/360giving.json"), views_opendata.granted_json, name="granted_json"),
    path(_("granted/<slug:slug>/360giving.csv"), views_opendata.granted_csv, name="granted_csv"),
    path(_("applications/"), views_applications.application_list, name="applications"),
    path(_("applications/<int:pk>/"), views_applications.application, name="application"),
    path(_("applications/<int:pk>/autosave/"), views_applications.autosave, name="autosave"),
    path(_("applications/<int:pk>/receipt/"), views_applications.receipt, name="receipt"),
    path(_("applications/<int:pk>/message/"), views_applications.message, name="message"),
    path(
        _("applications/<int:pk>/decision/"), views_reports.decision_letter, name="decision_letter"
    ),
    path(
        _("applications/<int:pk>/decision.pdf"),
        views_reports.decision_letter_pdf,
        name="decision_letter_pdf",
    ),
    path(_("applications/<int:pk>/report/"), views_reports.report, name="report"),
    path(
        _("applications/<int:pk>/attachments/<int:attachment_pk>/"),
        views_applications.attachment,
        name="attachment",
    ),
]
