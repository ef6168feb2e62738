"""Writes of suppliers' invoices (leverantörsfakturor): when a grant is paid by invoices, the
group uploads each invoice for its activity, an officer of the committee approves or rejects
it, and approved invoices are paid to the supplier's bankgiro or plusgiro in a payout batch
(grants.services.payouts). Approved and paid invoices together never exceed the amount
granted: an approval locks the decision's row first, so two officers approving at once are
serialised and the second sees the first's approval.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import workflow
from grants.models import Decision, SupplierInvoice
from grants.permissions import handles_cases, require_applicant
from grants.selectors.hosts import invoice_money
from organisations.selectors import organisation_people
from organisations.uploads import name_for_type, safe_original_name, validate_upload
from organisations.validators import (
    normalise_bankgiro,
    normalise_organisation_number,
    normalise_plusgiro,
)
from portal.links import absolute_reverse
from portal.money import format_amount
from portal.notifications import notify
from portal.services import audit_record

V = SupplierInvoice.Status


def _municipality(decision):
    return decision.application.call.programme.committee.municipality


def _locked_decision(decision_id):
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related(
            "application__organisation", "application__call__programme__committee__municipality"
        )
        .get(pk=decision_id)
    )


def _clean(data: dict) -> dict:
    """The invoice's fields, checked; a ValidationError names each wrong field."""
    errors, cleaned = {}, {}
    for name in ("supplier_name", "invoice_number", "description"):
        cleaned[name] = " ".join(str(data.get(name) or "").split())
        if not cleaned[name]:
            errors[name] = _("This field is required.")
    method = data.get("method") or ""
    cleaned["method"] = method
    try:
        if method == SupplierInvoice.Method.BANKGIRO:
            cleaned["account_number"] = normalise_bankgiro(data.get("account_number") or "")
        elif method == SupplierInvoice.Method.PLUSGIRO:
            cleaned["account_number"] = normalise_plusgiro(data.get("account_number") or "")
        else:
            errors["method"] = _("Choose bankgiro or plusgiro.")
    except ValidationError as error:
        errors["account_number"] = error.messages
    number = str(data.get("supplier_organisation_number") or "").strip()
    cleaned["supplier_organisation_number"] = ""
    if number:
        try:
            cleaned["supplier_organisation_number"] = normalise_organisation_number(number)
        except ValidationError as error:
            errors["supplier_organisation_number"] = error.messages
    try:
        cleaned["amount"] = Decimal(str(data.get("amount")))
        if cleaned["amount"] <= 0 or cleaned["amount"] != round(cleaned["amount"], 2):
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        errors["amount"] = _("Give the invoice's amount in kronor, more than zero.")
    cleaned["due_on"] = data.get("due_on")
    if not cleaned["due_on"]:
        errors["due_on"] = _("Give the invoice's due date.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def invoice_submit(*, decision, by, data: dict, file) -> SupplierInvoice:
    """The group sends in a supplier's invoice for its granted activity.

    ``data`` holds the form's cleaned values (supplier_name, supplier_organisation_number,
    method, account_number, invoice_number, amount, due_on, description); they are checked
    again here. The file is checked by its content like every upload
    (``organisations.uploads``) and kept in the storage under a random name."""
    decision = _locked_decision(decision.pk)
    application = decision.application
    require_applicant(by, application.organisation_id)
    if decision.payment_route != Decision.Route.INVOICES or decision.amount <= 0:
        raise ValidationError(_("This grant is not paid by suppliers' invoices."))
    cleaned = _clean(data)
    if file is None:
        raise ValidationError({"file": _("Attach the invoice.")})
    try:
        content_type = validate_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    left = invoice_money(decision).left
    if cleaned["amount"] > left:
        raise ValidationError({"amount": _(
            "%(amount)s is more than the %(left)s left of the grant."
        ) % {"amount": format_amount(cleaned["amount"]), "left": format_amount(left)}})  # fmt: skip
    invoice = SupplierInvoice(decision=decision, submitted_by=by, **cleaned)
    try:
        invoice.validate_constraints()
    except ValidationError as error:
        raise ValidationError({"invoice_number": error.messages}) from None
    invoice.original_name = name_for_type(safe_original_name(file.name), content_type)
    invoice.file.save(invoice.original_name, file, save=False)
    try:
        with transaction.atomic():
            invoice.save()
    except IntegrityError as error:  # the same invoice sent in twice at once
        invoice.file.delete(save=False)
        raise ValidationError(
            {"invoice_number": _("This invoice has already been sent in.")}
        ) from error
    audit_record(
        actor=by,
        action="supplier_invoice.submitted",
        target=application,
        municipality=_municipality(decision),
        after={"supplier": invoice.supplier_name, "invoice": invoice.invoice_number,
               "amount": str(invoice.amount), "file": invoice.original_name},
    )  # fmt: skip
    return invoice


@transaction.atomic
def invoice_review(*, invoice, approve: bool, by, comment: str = "") -> SupplierInvoice:
    """An officer of the committee approves an invoice (only while the approved and paid
    invoices stay within the amount granted) or rejects it with a comment the group reads.

    The decision's row is locked before the invoice's: approvals of the same grant wait for
    each other, so their sum is checked against what is already approved, never a stale
    view of it."""
    decision = _locked_decision(invoice.decision_id)
    invoice = SupplierInvoice.objects.select_for_update().get(pk=invoice.pk)
    application = decision.application
    committee = application.call.programme.committee
    if not handles_cases(by, committee):
        raise ValidationError(_("Only an officer of the committee can review invoices."))
    target = V.APPROVED if approve else V.REJECTED
    if not workflow.allowed(
        invoice.status, target, workflow.OFFICER, workflow.SUPPLIER_INVOICE_TRANSITIONS
    ):
        raise ValidationError(_("The invoice has already been reviewed."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the invoice is rejected.")})
    if approve:
        used = (
            SupplierInvoice.objects.filter(decision=decision, status__in=[V.APPROVED, V.PAID])
            .exclude(pk=invoice.pk)
            .aggregate(total=Sum("amount"))["total"]
        ) or Decimal(0)
        if used + invoice.amount > decision.amount:
            raise ValidationError(_(
                "Approving %(amount)s would exceed the grant: %(used)s of %(granted)s is "
                "already approved or paid."
            ) % {"amount": format_amount(invoice.amount), "used": format_amount(used),
                 "granted": format_amount(decision.amount)})  # fmt: skip
    before = {"status": invoice.status}
    invoice.status = target
    invoice.officer_comment = comment
    invoice.reviewed_by = by
    invoice.reviewed_at = timezone.now()
    invoice.save(update_fields=["status", "officer_comment", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=by,
        action="supplier_invoice.reviewed",
        target=application,
        municipality=committee.municipality,
        before=before,
        after={"status": target, "supplier": invoice.supplier_name,
               "invoice": invoice.invoice_number, "amount": str(invoice.amount),
               "comment": comment},
    )  # fmt: skip
    if not approve:
        _notify_rejected(invoice, decision)
    return invoice


def _notify_rejected(invoice, decision):
    application = decision.application
    notify(
        kind="grants.invoice_rejected",
        key=f"invoice:{invoice.pk}:rejected",
        template="grants/email/invoice_rejected",
        context={
            "invoice": invoice,
            "application": application,
            "url": absolute_reverse("grants:invoices", args=[application.pk]),
        },
        recipients=organisation_people(application.organisation),
        municipality=_municipality(decision),
    )
