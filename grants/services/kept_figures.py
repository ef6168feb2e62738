"""Figures kept on rows so that a list reads them instead of summing: each call's money
(``Call.granted_total``, ``cancelled_total``, ``paid_total``) and each case's
``Application.waiting_since``.

Every write that changes one of them keeps it, in its own transaction:

* a decision adds its amount to its call's granted total (``decision_make``, with the
  call's row locked by ``select_for_update`` for the budget check);
* a cancelled instalment adds its amount to its call's cancelled total
  (``instalment_cancel``);
* a payout batch marked paid adds its payouts to their calls' paid totals
  (``payout_batch_transition``: only a paid batch counts, and a paid batch never moves
  again; a cancelled batch was never paid);
* a (re)submission sets the case's waiting since to its event's time (``event_record``).

Nothing else writes these amounts: a decision is never changed or deleted, a cancelled
instalment stays cancelled, a plan change keeps the money of the rows it replaces. An
addition is one ``UPDATE … SET total = total + amount``: it takes the call's row lock until
the transaction ends, and PostgreSQL applies it to the newest committed row, so two writers
never lose one another's amount; several calls are locked in the order of their ids first.

``kept_figures_recompute`` sets them all from the rows in one statement each (the data
migration, the benchmark's data set, a repair); ``kept_figures_drift`` lists the rows where
a kept figure differs from the rows (``manage.py grants_check_stored``, the tests).
"""

from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, DecimalField, F, Sum, Value, When

from grants.models import Application, Call, Instalment, Payout, PayoutBatch

# The statuses the statements below name, from the models (named parameters of each).
_STATUSES = {
    "cancelled": Instalment.Status.CANCELLED.value,
    "paid": PayoutBatch.Status.PAID.value,
    "submitted": Application.Status.SUBMITTED.value,
}

# Each call's money from the rows (the figures of grants.selectors.money for every call).
_CALL_MONEY = """
    SELECT c.id AS call_id,
           COALESCE(granted.total, 0) AS granted,
           COALESCE(cancelled.total, 0) AS cancelled,
           COALESCE(paid.total, 0) AS paid
    FROM grants_call c
    LEFT JOIN (
        SELECT a.call_id, SUM(d.amount) AS total
        FROM grants_decision d JOIN grants_application a ON a.id = d.application_id
        GROUP BY a.call_id
    ) granted ON granted.call_id = c.id
    LEFT JOIN (
        SELECT a.call_id, SUM(i.amount) AS total
        FROM grants_instalment i
        JOIN grants_decision d ON d.id = i.decision_id
        JOIN grants_application a ON a.id = d.application_id
        WHERE i.status = %(cancelled)s
        GROUP BY a.call_id
    ) cancelled ON cancelled.call_id = c.id
    LEFT JOIN (
        SELECT a.call_id, SUM(p.amount) AS total
        FROM grants_payout p
        JOIN grants_payoutbatch b ON b.id = p.batch_id
        JOIN grants_decision d ON d.id = p.decision_id
        JOIN grants_application a ON a.id = d.application_id
        WHERE b.status = %(paid)s
        GROUP BY a.call_id
    ) paid ON paid.call_id = c.id
"""

# Each case's last (re)submission from its timeline.
_LAST_SUBMITTED = """
    SELECT application_id, MAX(created_at) AS at
    FROM grants_applicationevent
    WHERE to_status = %(submitted)s
    GROUP BY application_id
"""


def call_granted_add(*, call_id: int, amount: Decimal) -> None:
    """A decision of the call granted ``amount`` (its caller holds the call's row lock)."""
    _call_add(call_id, "granted_total", amount)


def call_cancelled_add(*, call_id: int, amount: Decimal) -> None:
    """An instalment of ``amount`` of a decision in the call was cancelled."""
    _call_add(call_id, "cancelled_total", amount)


def _call_add(call_id: int, field: str, amount: Decimal) -> None:
    if amount:
        Call.objects.filter(pk=call_id).update(**{field: F(field) + amount})


def calls_paid_add(*, batch) -> None:
    """The payout ``batch`` was marked paid: its payouts count as paid in their calls.
    Three queries whatever the number of payouts and calls."""
    rows = (
        Payout.objects.filter(batch=batch)
        .values("decision__application__call")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("decision__application__call", "total")
    )
    paid = dict(rows)
    if not paid:
        return
    # Locked in one order, so two batches paid at once never wait for each other in turn.
    list(Call.objects.select_for_update().filter(pk__in=paid).order_by("pk").values_list("pk"))
    Call.objects.filter(pk__in=paid).update(
        paid_total=F("paid_total")
        + Case(
            *(When(pk=pk, then=Value(total)) for pk, total in paid.items()),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )


def call_totals_recompute() -> int:
    """Set every call's money from the rows, in one statement; returns the calls changed."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE grants_call
                SET granted_total = money.granted, cancelled_total = money.cancelled,
                    paid_total = money.paid
                FROM ({_CALL_MONEY}) money
                WHERE grants_call.id = money.call_id
                  AND (grants_call.granted_total, grants_call.cancelled_total,
                       grants_call.paid_total)
                      IS DISTINCT FROM (money.granted, money.cancelled, money.paid)""",  # noqa: S608
            _STATUSES,
        )
        return cursor.rowcount


def waiting_since_recompute() -> int:
    """Set every case's waiting since from its timeline, in one statement; returns the
    cases changed."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE grants_application
                SET waiting_since = submitted.at
                FROM grants_application a
                LEFT JOIN ({_LAST_SUBMITTED}) submitted ON submitted.application_id = a.id
                WHERE grants_application.id = a.id
                  AND a.waiting_since IS DISTINCT FROM submitted.at""",  # noqa: S608
            _STATUSES,
        )
        return cursor.rowcount


def kept_figures_recompute() -> dict:
    """Set every kept figure from the rows; returns the number of rows changed of each."""
    with transaction.atomic():
        return {"calls": call_totals_recompute(), "applications": waiting_since_recompute()}


def kept_figures_drift(limit: int = 20) -> dict:
    """Rows whose kept figures differ from what their rows say (none when all is well):
    ``{"calls": [(id, kept (granted, cancelled, paid), from the rows)], "applications":
    [(id, kept waiting since, from the timeline)]}``, at most ``limit`` of each."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT c.id, c.granted_total, c.cancelled_total, c.paid_total,
                       money.granted, money.cancelled, money.paid
                FROM grants_call c JOIN ({_CALL_MONEY}) money ON money.call_id = c.id
                WHERE (c.granted_total, c.cancelled_total, c.paid_total)
                      IS DISTINCT FROM (money.granted, money.cancelled, money.paid)
                ORDER BY c.id LIMIT %(limit)s""",  # noqa: S608
            {**_STATUSES, "limit": limit},
        )
        calls = [(row[0], tuple(row[1:4]), tuple(row[4:7])) for row in cursor.fetchall()]
        cursor.execute(
            f"""SELECT a.id, a.waiting_since, submitted.at
                FROM grants_application a
                LEFT JOIN ({_LAST_SUBMITTED}) submitted ON submitted.application_id = a.id
                WHERE a.waiting_since IS DISTINCT FROM submitted.at
                ORDER BY a.id LIMIT %(limit)s""",  # noqa: S608
            {**_STATUSES, "limit": limit},
        )
        applications = cursor.fetchall()
    return {"calls": calls, "applications": applications}
