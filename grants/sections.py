"""What the group's host and invoice sections show, for the application page (through the
``grant_sections`` template tags) and for the host and invoice pages (with their bound
forms): one place for both, so the page and the tag never disagree."""

from grants.host_forms import HostRequestForm
from grants.invoice_forms import SupplierInvoiceForm
from grants.models import Decision, HostAgreement
from grants.selectors.hosts import host_candidates, invoice_money
from organisations.permissions import APPLY, may_for_organisation


def host_section_context(application, user, form=None) -> dict:
    """What the group's host section shows (on the application page and the host page)."""
    agreement = HostAgreement.objects.filter(application=application).select_related("host").first()
    may_apply = may_for_organisation(user, application.organisation_id, APPLY)
    decided = Decision.objects.filter(application=application).exists()
    open_case = not decided and application.status != application.Status.WITHDRAWN
    may_ask = (
        application.organisation.is_informal
        and may_apply
        and open_case
        and (agreement is None or agreement.status in (agreement.Status.DECLINED,
                                                        agreement.Status.WITHDRAWN))
    )  # fmt: skip
    if may_ask and form is None:
        form = HostRequestForm(candidates=host_candidates(application), auto_id="host_%s")
    return {
        "application": application,
        "host_agreement": agreement,
        "host_form": form if may_ask else None,
        "host_may_withdraw": may_apply
        and agreement is not None
        and agreement.status == agreement.Status.REQUESTED,
        "host_is_informal": application.organisation.is_informal,
    }


def invoices_section_context(application, user, form=None) -> dict:
    """What the group's invoice section shows; empty when the grant is not paid by invoices."""
    decision = Decision.objects.filter(
        application=application, payment_route=Decision.Route.INVOICES, amount__gt=0
    ).first()
    if decision is None:
        return {"invoice_decision": None}
    may_apply = may_for_organisation(user, application.organisation_id, APPLY)
    money = invoice_money(decision)
    if may_apply and form is None and money.left > 0:
        form = SupplierInvoiceForm(auto_id="invoice_%s")
    return {
        "application": application,
        "invoice_decision": decision,
        "invoices": decision.invoices.order_by("-submitted_at", "-pk"),
        "invoice_money": money,
        "invoice_form": form if may_apply else None,
    }
