"""The form a group sends a supplier's invoice with; grants.services.invoices checks it again."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import SupplierInvoice
from portal.forms import BootstrapForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SupplierInvoiceForm(BootstrapForm):
    supplier_name = forms.CharField(label=_("Supplier"), max_length=200)
    supplier_organisation_number = forms.CharField(
        label=_("Supplier's organisation number"),
        max_length=13,
        required=False,
        help_text=_("NNNNNN-NNNN, as on the invoice."),
    )
    method = forms.ChoiceField(label=_("Pay to"), choices=SupplierInvoice.Method.choices)
    account_number = forms.CharField(
        label=_("Supplier's bankgiro or plusgiro number"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    invoice_number = forms.CharField(label=_("Invoice number or OCR"), max_length=30)
    amount = forms.DecimalField(
        label=_("Amount (SEK)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    due_on = forms.DateField(label=_("Due date"), widget=DATE)
    description = forms.CharField(
        label=_("What it is for"),
        max_length=300,
        help_text=_("For example: bus to the camp on 12 June."),
    )
    file = forms.FileField(
        label=_("The invoice"),
        help_text=_("PDF or an image of the invoice. The type is checked from the file's content."),
    )
