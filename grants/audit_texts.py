"""How the audit trail reads the grants app's events (see portal.audit_text); imported from
GrantsConfig.ready()."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from grants.models import (
    Application,
    Assessment,
    AssessmentCriterion,
    Decision,
    FollowUpReport,
    PayoutBatch,
    RepaymentClaim,
)
from portal import audit_text
from portal.audit_text import amount, choice, describes, listing, lower_first

_application_status = choice(Application.Status)
_report_status = choice(FollowUpReport.Status)
_batch_status = choice(PayoutBatch.Status)
_claim_status = choice(RepaymentClaim.Status)


def _lower(render):
    return lambda value: lower_first(render(value))


@describes("application.status_changed")
def _status_changed(event):
    event.say(
        _("%(actor)s changed the case's status from %(old)s to %(new)s"),
        old=_lower(_application_status)(event.before.get("status")),
        new=_lower(_application_status)(event.after.get("status")),
    )
    event.note(_("Message"), event.after.get("message"))


@describes("application.paper_entered")
def _paper_entered(event):
    event.say(
        _("%(actor)s began entering a paper application from %(organisation)s"),
        organisation=event.after.get("organisation") or event.target,
    )
    event.note(_("Paper received on"), event.after.get("received_on"))
    event.note(_("Note"), event.after.get("reference"))


@describes("application.paper_submitted")
def _paper_submitted(event):
    event.say(
        _("%(actor)s submitted the paper application as received on %(date)s"),
        date=event.after.get("received_on") or "–",
    )
    event.note(_("Registration number"), event.after.get("diarienummer"))
    event.note(_("Late deduction (%)"), event.after.get("late_deduction_percent") or None)


@describes("application.assigned")
def _assigned(event):
    officer = event.after.get("officer")
    if officer:
        event.say(_("%(actor)s assigned the case to %(officer)s"), officer=officer)
    else:
        event.say(_("%(actor)s left the case without an officer"))
    if event.before.get("officer"):
        event.change(_("Officer"), event.before.get("officer"), officer)


def _criteria(events) -> dict:
    """The names of the criteria the assessments scored: one query for the whole page."""
    ids = {
        int(key)
        for event in events
        for key in (event.after.get("scores") or {})
        if str(key).isdigit()
    }
    return dict(AssessmentCriterion.objects.filter(pk__in=ids).values_list("pk", "name"))


@describes("application.assessed", prepare=_criteria)
def _assessed(event):
    recommendation = choice(Assessment.Recommendation)(event.after.get("recommendation"))
    event.say(
        _("%(actor)s assessed the application: %(recommendation)s"),
        recommendation=lower_first(recommendation),
    )
    names = event.prepared or {}
    for key, score in (event.after.get("scores") or {}).items():
        name = names.get(int(key)) if str(key).isdigit() else None
        event.note(
            name or _("A criterion since removed"),
            _("Not applicable") if score is None else str(score),
        )


@describes("decision.made")
def _decided(event):
    after = event.after
    outcome = choice(Decision.Outcome)(after.get("outcome"))
    if after.get("outcome") == Decision.Outcome.REJECTED:
        event.say(_("%(actor)s decided: %(outcome)s"), outcome=lower_first(outcome))
    else:
        event.say(
            _("%(actor)s decided: %(outcome)s, %(amount)s"),
            outcome=lower_first(outcome),
            amount=amount(after.get("amount")),
        )
    event.note(_("Decision made by"), after.get("kind"), choice(Decision.DecidedBy))
    event.note(_("Calculated amount"), after.get("calculated"), amount)
    event.note(_("Reason for departing from the calculation"), after.get("override_reason"))


@describes("report.status_changed")
def _report(event):
    after = event.after
    event.say(
        _("%(actor)s changed the follow-up report's status from %(old)s to %(new)s"),
        old=_lower(_report_status)(event.before.get("status")),
        new=_lower(_report_status)(after.get("status")),
    )
    event.note(_("Money used"), after.get("money_used"), amount)
    event.note(_("Unused money"), after.get("unused"), amount)
    event.note(_("Officer's comment"), after.get("comment"))


audit_text.register(
    "repayment_claim.created",
    lambda event: event.say(
        _("%(actor)s claimed back %(amount)s of unused money"),
        amount=amount(event.after.get("amount")),
    ),
)


@describes("repayment_claim.settled")
def _claim_settled(event):
    event.say(
        _("%(actor)s marked the repayment claim of %(amount)s as %(status)s"),
        amount=amount(event.after.get("amount")),
        status=_lower(_claim_status)(event.after.get("status")),
    )
    event.note(_("Note"), event.after.get("note"))


def _total(payouts) -> Decimal:
    total = Decimal(0)
    for payout in payouts:
        try:
            total += Decimal(str(payout.get("amount")))
        except (InvalidOperation, AttributeError):
            continue
    return total


@describes("payout_batch.created")
def _batch_created(event):
    payouts = event.after.get("payouts") or []
    event.say(_("%(actor)s planned the payout batch"))
    event.note(_("Number of payouts"), str(len(payouts)))
    event.note(_("Total"), amount(_total(payouts)))


@describes("payout_batch.status_changed")
def _batch_status_changed(event):
    event.say(
        _("%(actor)s changed the payout batch's status from %(old)s to %(new)s"),
        old=_lower(_batch_status)(event.before.get("status")),
        new=_lower(_batch_status)(event.after.get("status")),
    )
    released = event.after.get("released")
    if released:
        event.note(_("Payouts released for a new batch"), listing(released))


# The admin's own rows (<model>.created/changed/deleted): amounts through portal.money.
audit_text.register_values("grants.grantprogramme", max_amount=amount)
audit_text.register_values("grants.call", budget=amount)
audit_text.register_values("grants.application", amount_requested=amount)
audit_text.register_values("grants.decision", amount=amount, calculated_amount=amount)


def _instalment_text(row) -> str:
    """A plan's row in an audit event: "Instalment 2: 50 000 kr"."""
    if not isinstance(row, dict):
        return ""
    return _("Instalment %(number)s: %(amount)s") % {
        "number": row.get("number", "?"),
        "amount": amount(row.get("amount")),
    }


@describes("instalment.cancelled")
def _instalment_cancelled(event):
    event.say(
        _("%(actor)s cancelled instalment %(number)s of the payment plan (%(amount)s)"),
        number=event.after.get("number", "?"),
        amount=amount(event.after.get("amount")),
    )
    event.note(_("Reason"), event.after.get("reason"))


@describes("instalment.plan_changed")
def _plan_changed(event):
    event.say(
        _("%(actor)s changed the payment plan of what is left to pay (%(amount)s)"),
        amount=amount(event.after.get("amount")),
    )
    event.change(
        _("Instalments"),
        listing(event.before.get("instalments") or [], _instalment_text),
        listing(event.after.get("instalments") or [], _instalment_text),
    )


# Host organisations (värdorganisationer) and suppliers' invoices (grants.services.hosts,
# grants.services.invoices).
from grants.models import HostAgreement, SupplierInvoice  # noqa: E402

_host_status = choice(HostAgreement.Status)
_invoice_status = choice(SupplierInvoice.Status)


@describes("host_agreement.requested")
def _host_requested(event):
    event.say(
        _("%(actor)s asked %(host)s to be the group's host organisation"),
        host=event.after.get("host", "?"),
    )
    event.note(_("Message"), event.after.get("message"))
    if event.before.get("host"):
        event.note(_("Asked before"), event.before.get("host"))


@describes("host_agreement.withdrawn")
def _host_withdrawn(event):
    event.say(
        _("%(actor)s withdrew the request to %(host)s to be the group's host organisation"),
        host=event.after.get("host", "?"),
    )


@describes("host_agreement.answered")
def _host_answered(event):
    after = event.after
    if after.get("status") == HostAgreement.Status.ACCEPTED:
        event.say(
            _("%(actor)s accepted for %(host)s to receive and account for the group's grant"),
            host=after.get("host", "?"),
        )
        event.note(_("Signed by"), after.get("signatory"))
        event.note(_("Role"), after.get("role"))
        if after.get("promised"):
            event.note(
                _("Promise"),
                _("To receive the grant, account for it and pass it on to the group"),
            )
    else:
        event.say(
            _("%(actor)s declined for %(host)s to be the group's host organisation"),
            host=after.get("host", "?"),
        )
    event.note(_("Note"), after.get("note"))


@describes("supplier_invoice.submitted")
def _invoice_submitted(event):
    event.say(
        _("%(actor)s sent in invoice %(number)s from %(supplier)s, %(amount)s"),
        number=event.after.get("invoice", "?"),
        supplier=event.after.get("supplier", "?"),
        amount=amount(event.after.get("amount")),
    )
    event.note(_("File"), event.after.get("file"))


@describes("supplier_invoice.reviewed")
def _invoice_reviewed(event):
    after = event.after
    event.say(
        _("%(actor)s marked invoice %(number)s from %(supplier)s (%(amount)s) as %(status)s"),
        number=after.get("invoice", "?"),
        supplier=after.get("supplier", "?"),
        amount=amount(after.get("amount")),
        status=_lower(_invoice_status)(after.get("status")),
    )
    event.note(_("Officer's comment"), after.get("comment"))
