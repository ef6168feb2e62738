"""Payout batches in the admin: see what is planned, export the payment file (CSV for the
finance system, or ISO 20022 pain.001 for the bank), mark the batch sent or paid, or cancel
it. Batches are planned from the case list."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from grants import payment_files, selectors, services
from grants.models import Payout, PayoutBatch
from organisations.bank_accounts import format_iban
from organisations.models import PayoutAccount
from portal.admin.mixins import MunicipalityScopedAdmin
from portal.admin.object_actions import ObjectAction
from portal.models import AuditEvent
from portal.money import format_amount

PAYOUTS_PER_PAGE = 100
METHOD_NAMES = dict(PayoutAccount.Method.choices)


@dataclass(frozen=True)
class PayoutRow:
    """One payout as the batch's page lists it."""

    payout: Payout

    @property
    def method_name(self):
        """The method's name ("Bankgiro"), not the code the payout keeps ("bankgiro")."""
        return METHOD_NAMES.get(self.payout.method, self.payout.method)

    @property
    def account(self) -> str:
        """A bankgiro or plusgiro as registered; an IBAN in groups of four, with its BIC."""
        payout = self.payout
        if payout.method != PayoutAccount.Method.BANK_ACCOUNT:
            return payout.account_number
        iban = format_iban(payout.account_number)
        return f"{iban} (BIC {payout.bic})" if payout.bic else iban

    @property
    def amount(self) -> str:
        return format_amount(self.payout.amount)


@admin.register(PayoutBatch)
class PayoutBatchAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "committee__municipality"
    committee_lookup = "committee"
    list_display = ["batch_reference", "committee", "status", "payment_date", "count", "total"]
    list_filter = ["status", "committee"]
    list_select_related = ["committee"]
    readonly_fields = [
        "batch_reference", "committee", "status", "payment_date", "note", "created_by",
        "created_at", "sent_at", "paid_at", "count", "total",
    ]  # fmt: skip
    fields = readonly_fields
    # The payouts are listed a page at a time below the fields (``render_change_form``), not
    # as an inline: a large municipality's yearly batch holds thousands, each an inline form
    # (13.5 s for the page at the large benchmark scale).
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

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):  # fmt: skip
        """The batch's payouts, a page at a time (the object is the person's: checked)."""
        if obj is not None:
            paginator = Paginator(selectors.batch_payouts(obj), PAYOUTS_PER_PAGE)
            paginator.count = obj.payout_count  # counted with the batch
            page = paginator.get_page(request.GET.get("sida"))
            context["payouts"] = page
            context["payout_rows"] = [PayoutRow(p) for p in page.object_list]
        return super().render_change_form(request, context, add, change, form_url, obj)

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
