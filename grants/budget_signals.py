"""What drops a municipality's kept budget sums (``grants.selectors.budget``): every saved
or deleted row they are summed from — a decision, an instalment, a supplier's invoice, a
payout batch (its status and payment time; its payouts are written and marked paid with
it) — and a call (which committee's page it is on). Dropped at once and again when the
change commits (``portal.published_files.Version.drop``).

Instalments and payouts written in bulk send no signal: each such write comes with a saved
decision (a new decision's plan), a deleted instalment (a changed plan) or a saved batch
(planned, paid, cancelled), which drop the version in the same transaction."""

from django.db.models.signals import post_delete, post_save

from grants.models import (
    Application,
    Call,
    Decision,
    GrantProgramme,
    Instalment,
    PayoutBatch,
    SupplierInvoice,
)
from grants.selectors.budget import MONEY
from portal.models import Committee, Municipality


def _cached(instance, name):
    """The related object ``name`` if the instance has it loaded already (no query)."""
    return instance._state.fields_cache.get(name)


def _of_decision(decision) -> list:
    application = _cached(decision, "application")
    if application is not None:
        return [application.municipality_id]
    return list(
        Application.objects.filter(pk=decision.application_id).values_list(
            "municipality_id", flat=True
        )
    )


def _of_item(item) -> list:
    """An instalment's or invoice's municipality, through its decision."""
    decision = _cached(item, "decision")
    if decision is not None:
        return _of_decision(decision)
    return list(
        Application.objects.filter(decision__pk=item.decision_id).values_list(
            "municipality_id", flat=True
        )
    )


def _of_committee(committee_id) -> list:
    return list(Committee.objects.filter(pk=committee_id).values_list("municipality_id", flat=True))


def _of_call(call) -> list:
    return list(
        GrantProgramme.objects.filter(pk=call.programme_id).values_list(
            "committee__municipality_id", flat=True
        )
    )


def _connect(model, municipality_of):
    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        found = [pk for pk in municipality_of(instance) if pk is not None]
        if not found:  # its case is gone already (a deletion cascading): drop them all
            found = Municipality.objects.values_list("pk", flat=True)
        for municipality_id in found:
            MONEY.drop(municipality_id)

    uid = f"grants-budget-{model.__name__}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-del")


_connect(Decision, _of_decision)
_connect(Instalment, _of_item)
_connect(SupplierInvoice, _of_item)
_connect(PayoutBatch, lambda b: _of_committee(b.committee_id))
_connect(Call, _of_call)
