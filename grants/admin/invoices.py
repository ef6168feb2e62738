"""Suppliers' invoices in the admin: the list to work through (waiting ones by status), each
invoice read-only with its file, approved or rejected by an officer of the committee.
Approved invoices are then paid from the case list ("Plan payouts"), like instalments."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants.models import SupplierInvoice
from grants.services import invoices as invoice_services
from grants.views.invoices import invoice_file_response
from portal.admin.mixins import MunicipalityScopedAdmin, action_form_response
from portal.admin.money import amount_display
from portal.admin.object_actions import ObjectAction
from portal.forms import add_service_errors


class InvoiceReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("comment to the group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when the invoice is rejected: the group reads it."),
    )


@admin.register(SupplierInvoice)
class SupplierInvoiceAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "decision__application__call__programme__committee__municipality"
    committee_lookup = "decision__application__call__programme__committee"
    list_display = ["case", "group", "supplier_name", "invoice_number", "invoice_amount",
                    "due_on", "status"]  # fmt: skip
    list_filter = ["status", "due_on"]
    search_fields = [
        "decision__application__diarienummer", "decision__application__organisation__name",
        "supplier_name", "invoice_number",
    ]  # fmt: skip
    list_select_related = ["decision__application__organisation"]
    object_actions = (
        ObjectAction("review", "review/", "review_view"),
        ObjectAction("file", "file/", "file_view", permission="view"),
    )
    readonly_fields = [
        "case", "group", "granted", "supplier_name", "supplier_organisation_number", "method",
        "account_number", "invoice_number", "invoice_amount", "due_on", "description",
        "invoice_file", "status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at",
        "officer_comment", "paid_at",
    ]  # fmt: skip
    fields = readonly_fields
    invoice_amount = amount_display("amount", _("amount"), ordering="amount")
    granted = amount_display("decision__amount", _("amount granted"))

    def has_add_permission(self, request):
        return False  # sent in by the group

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    @admin.display(description=_("case"), ordering="decision__application__diarienummer")
    def case(self, obj):
        return obj.decision.application.diarienummer

    @admin.display(description=_("group"))
    def group(self, obj):
        return obj.decision.application.organisation

    @admin.display(description=_("invoice"))
    def invoice_file(self, obj):
        url = reverse("admin:grants_supplierinvoice_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False,
                         "show_save_and_continue": False}  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    def file_view(self, request, invoice):
        return invoice_file_response(invoice)

    def review_view(self, request, invoice):
        form = InvoiceReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            approve = request.POST.get("decision") == "approve"
            try:
                invoice_services.invoice_review(
                    invoice=invoice, approve=approve, by=request.user,
                    comment=form.cleaned_data["comment"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request,
                    _("The invoice has been approved.") if approve
                    else _("The invoice has been rejected and the group told why."),
                )  # fmt: skip
                return redirect("admin:grants_supplierinvoice_change", invoice.pk)
        return action_form_response(
            self, request, invoice, form, _("Review the invoice"),
            template="admin/grants/supplierinvoice/review.html",
        )  # fmt: skip
