"""Suppliers' invoices on the group's side: send one in, see each one's status and what is
left of the grant, download a sent invoice."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from grants import selectors
from grants.invoice_forms import SupplierInvoiceForm
from grants.models import Decision, SupplierInvoice
from grants.sections import invoices_section_context
from grants.services import invoices as invoice_services
from organisations.permissions import APPLY, may_for_organisation
from organisations.uploads import private_download
from portal.forms import add_service_errors


def _decision(application):
    decision = Decision.objects.filter(
        application=application, payment_route=Decision.Route.INVOICES
    ).first()
    if decision is None:
        raise Http404
    return decision


@login_required
def invoices(request, pk):
    """The group's invoices; those who apply for the group send new ones from here."""
    application = selectors.application_for_member(request.user, pk)
    form = None
    if request.method == "POST":
        if not may_for_organisation(request.user, application.organisation_id, APPLY):
            raise PermissionDenied
        decision = _decision(application)
        form = SupplierInvoiceForm(request.POST, request.FILES, auto_id="invoice_%s")
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
            try:
                invoice_services.invoice_submit(
                    decision=decision, by=request.user, data=data, file=form.cleaned_data["file"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The invoice has been sent to the municipality."))
                return redirect("grants:invoices", application.pk)
    context = {
        "application": application,
        "invoiceinfo": invoices_section_context(application, request.user, form),
    }
    return render(request, "grants/invoices.html", context)


def invoice_file_response(invoice):
    """The stored invoice as a private download (after the caller's permission check); its
    name carries the type detected when it was uploaded (organisations.uploads)."""
    content_type = mimetypes.guess_type(invoice.original_name)[0] or "application/octet-stream"
    return private_download(invoice.file, invoice.original_name, content_type)


@login_required
def invoice_file(request, pk, invoice_pk):
    """A sent invoice's file, for the group's own people."""
    application = selectors.application_for_member(request.user, pk)
    invoice = get_object_or_404(SupplierInvoice, pk=invoice_pk, decision__application=application)
    return invoice_file_response(invoice)
