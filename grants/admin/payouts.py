"""Payout batches in the admin: see what is planned, export the payment file (CSV for the
finance system, or ISO 20022 pain.001 for the bank), mark the batch sent or paid, or cancel
it. Batches are planned from the case list."""

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from grants import payment_files, selectors, services
from grants.models import Payout, PayoutBatch
from organisations.bank_accounts import format_iban
from organisations.models import PayoutAccount
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.admin.money import amount_display
from portal.admin.object_actions import ObjectAction
from portal.models import AuditEvent
from portal.money import format_amount


class PayoutInline(admin.TabularInline):
    model = Payout
    extra = 0
    can_delete = False
    fields = [
        "reference", "organisation_name", "organisation_number", "method_name",
        "account", "account_holder", "recipient_name", "amount_paid",
    ]  # fmt: skip
    readonly_fields = fields
    amount_paid = amount_display("amount", _("amount"))

    @admin.display(description=_("payment method"))
    def method_name(self, obj):
        """The method's name ("Bankgiro"), not the code the payout keeps ("bankgiro")."""
        methods = dict(PayoutAccount.Method.choices)
        return methods.get(obj.method, obj.method)

    @admin.display(description=_("account number"))
    def account(self, obj):
        """A bankgiro or plusgiro as registered; an IBAN in groups of four, with its BIC."""
        if obj.method != PayoutAccount.Method.BANK_ACCOUNT:
            return obj.account_number
        iban = format_iban(obj.account_number)
        return f"{iban} (BIC {obj.bic})" if obj.bic else iban

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PayoutBatch)
class PayoutBatchAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "committee__municipality"
    committee_lookup = "committee"
    list_display = ["batch_reference", "committee", "status", "payment_date", "count", "total"]
    list_filter = ["status", "committee"]
    list_select_related = ["committee"]
    readonly_fields = [
        "batch_reference", "committee", "status", "payment_date", "note", "created_by",
        "created_at", "sent_at", "paid_at", "total",
    ]  # fmt: skip
    fields = readonly_fields
    inlines = [PayoutInline]
    object_actions = (
        # Account numbers: for those who handle the batch, not those who may only read it.
        ObjectAction("file", "payment-file.csv", "payment_file_view"),
        ObjectAction("file_xml", "payment-file.xml", "payment_file_xml_view"),
        ObjectAction("status", "status/", "status_view", post_only=True),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(payout_count=Count("payouts"), payout_total=Sum("payouts__amount"))
        )

    def has_add_permission(self, request):
        return False  # planned from the case list ("Plan payouts")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("batch"), ordering="pk")
    def batch_reference(self, obj):
        return obj.reference

    @admin.display(description=_("payouts"), ordering="payout_count")
    def count(self, obj):
        return obj.payout_count

    @admin.display(description=_("total"), ordering="payout_total")
    def total(self, obj):
        return format_amount(obj.payout_total or Decimal(0))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        audit = AuditEvent.objects.filter(
            target_type="grants.payoutbatch", target_id=str(object_id)
        ).select_related("actor")
        extra_context = {**(extra_context or {}), "audit": audit, "show_save": False,
                         "show_save_and_continue": False}  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    def payment_file_view(self, request, batch):
        response = HttpResponse(
            selectors.payment_file_csv(batch), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{batch.reference}.csv"'
        return response

    def payment_file_xml_view(self, request, batch):
        """The batch as an ISO 20022 pain.001 credit-transfer file for the bank; refused
        with a message when the municipality has no payer account registered."""
        try:
            content = payment_files.pain001(batch)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), "error")
            return redirect("admin:grants_payoutbatch_change", batch.pk)
        response = HttpResponse(content, content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{batch.reference}.xml"'
        return response

    def status_view(self, request, batch):
        try:
            services.payout_batch_transition(
                batch=batch, to_status=request.POST.get("status", ""), by=request.user
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), "error")
        else:
            self.message_user(request, _("The batch has been updated."))
        return redirect("admin:grants_payoutbatch_change", batch.pk)
