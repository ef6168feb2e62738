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
