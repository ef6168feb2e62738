from django.urls import path
from django.utils.translation import gettext_lazy as _

from grants.views import applications, calls, opendata, reports
from grants.views import hosts as host_views
from grants.views import invoices as invoice_views

app_name = "grants"

urlpatterns = [
    path("", calls.call_list, name="calls"),
    path("<int:pk>/", calls.call_detail, name="call"),
    path(_("<int:call_pk>/apply/"), applications.start, name="start"),
    path(_("granted/<slug:slug>/"), opendata.granted, name="granted"),
    path(_("granted/<slug:slug>/360giving.json"), opendata.granted_json, name="granted_json"),
    path(_("granted/<slug:slug>/360giving.csv"), opendata.granted_csv, name="granted_csv"),
    path(_("applications/"), applications.application_list, name="applications"),
    path(_("applications/<int:pk>/"), applications.application, name="application"),
    path(_("applications/<int:pk>/autosave/"), applications.autosave, name="autosave"),
    path(_("applications/<int:pk>/receipt/"), applications.receipt, name="receipt"),
    path(_("applications/<int:pk>/message/"), applications.message, name="message"),
    path(_("applications/<int:pk>/decision/"), reports.decision_letter, name="decision_letter"),
    path(
        _("applications/<int:pk>/decision.pdf"),
        reports.decision_letter_pdf,
        name="decision_letter_pdf",
    ),
    path(_("applications/<int:pk>/reports/<int:number>/"), reports.report, name="report"),
    path(
        _("applications/<int:pk>/attachments/<int:attachment_pk>/"),
        applications.attachment,
        name="attachment",
    ),
    # Host organisations (värdorganisationer) and suppliers' invoices
    path(_("applications/<int:pk>/host/"), host_views.application_host, name="host"),
    path(_("host-requests/"), host_views.host_requests, name="host_requests"),
    path(_("host-requests/<int:pk>/"), host_views.host_request, name="host_request"),
    path(_("applications/<int:pk>/invoices/"), invoice_views.invoices, name="invoices"),
    path(
        _("applications/<int:pk>/invoices/<int:invoice_pk>/"),
        invoice_views.invoice_file,
        name="invoice_file",
    ),
]
