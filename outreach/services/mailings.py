"""Mailings to segments, and the opt-outs from them.

A coordinator (``outreach.permissions.may_send_mailings``) writes a mailing to a segment
(subject and message in Swedish, optionally English), checks it and sends it. Sending moves
it to *sending* under a row lock and, once the transaction commits, asks a worker to queue
it (``outreach.mailing_tasks.mailing_send``; if the broker is down, it is queued in the
request instead). The worker works out whom the segment reaches then, puts one outbox row
per recipient (kind "mailing", key "mailing:<pk>", rendered once per language, each with
its one-click opt-out link) and marks the mailing *sent* with the count, all in one
transaction: a run repeated queues nothing and counts nothing twice.

Anyone who got a mailing may stop the municipality's mailings with the link in it (a signed
token, no login): ``mailing_opt_out``, and undo it with ``mailing_opt_in``. An address that
opted out is never queued (the segment's selector leaves it out, and it is checked again
as the rows are queued)."""

from __future__ import annotations

import logging

from celery import current_app
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import permissions, workflow
from outreach.models import Mailing, MailingOptOut
from outreach.selectors.segments import opted_out_addresses, recipients
from portal.links import absolute_reverse
from portal.models import Municipality, Notification
from portal.notifications import REQUEST_TRANSPORT_OPTIONS, notify_many
from portal.services import audit_record

logger = logging.getLogger(__name__)
M = Mailing.Status

KIND = "mailing"
TEMPLATE = "outreach/email/mailing"
SEND_TASK = "outreach.mailing_tasks.mailing_send"
# What a coordinator writes on a mailing (status moves go through mailing_transition).
FIELDS = ("segment", "subject_sv", "subject_en", "body_sv", "body_en")
# The opt-out link in a mailing: signed, no login, valid for years (a mailing is kept and
# its link clicked long after; an older one leads to a page that says so).
TOKEN_SALT = "outreach.mailing_opt_out"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 3 * 365 * 24 * 3600


def _pk(value):
    return getattr(value, "pk", value)


def require_sender(user, municipality) -> None:
    if not permissions.may_send_mailings(user, _pk(municipality)):
        raise PermissionDenied


def mailing_problems(*, municipality, data: dict) -> dict:
    """What is wrong with ``data`` for a mailing of ``municipality``, per field (empty:
    nothing). The admin's form asks the same before anything is saved."""
    problems = {}
    segment = data.get("segment")
    if segment is not None and segment.municipality_id != _pk(municipality):
        problems["segment"] = _("Choose one of the municipality's own segments.")
    for name in ("subject_sv", "body_sv"):
        if name in data and not (data[name] or "").strip():
            problems[name] = _("Write it in Swedish; English is optional.")
    return problems


def _values(mailing: Mailing, names) -> dict:
    return {
        name: str(mailing.segment) if name == "segment" else getattr(mailing, name)
        for name in names
    }


def _locked(mailing) -> Mailing:
    return (
        Mailing.objects.select_for_update(of=("self",))
        .select_related("municipality", "segment")
        .get(pk=_pk(mailing))
    )


@transaction.atomic
def mailing_create(*, municipality, by, data: dict) -> Mailing:
    """A draft mailing of ``municipality`` from cleaned ``data`` (``FIELDS``)."""
    require_sender(by, municipality)
    problems = mailing_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    mailing = Mailing(
        municipality=municipality,
        status=workflow.CREATED_AS["mailing"],
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **{name: data[name] for name in FIELDS if name in data},
    )
    mailing.full_clean()
    mailing.save()
    audit_record(
        actor=by,
        action="mailing.created",
        target=mailing,
        municipality=municipality,
        after=_values(mailing, ["segment", "subject_sv"]),
    )
    return mailing


@transaction.atomic
def mailing_update(*, mailing: Mailing, by, data: dict) -> Mailing:
    """Change a draft from cleaned ``data`` (only the keys given); a mailing once sent or
    cancelled is kept as it was."""
    current = _locked(mailing)
    require_sender(by, current.municipality_id)
    data = {k: v for k, v in data.items() if k in FIELDS}
    changed = [n for n, value in data.items() if _pk(value) != _pk(getattr(current, n))]
    if not changed:
        return current
    if current.status != M.DRAFT:
        raise ValidationError(_("Only a draft can be changed."), code="not_draft")
    problems = mailing_problems(municipality=current.municipality, data=data)
    if problems:
        raise ValidationError(problems)
    before = _values(current, changed)
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean()
    current.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=by,
        action="mailing.changed",
        target=current,
        municipality=current.municipality,
        before=before,
        after=_values(current, changed),
    )
    return current


def mailing_actor_kinds(user, mailing: Mailing) -> frozenset:
    if permissions.may_send_mailings(user, mailing.municipality_id):
        return frozenset({workflow.COORDINATOR})
    return frozenset()


def mailing_moves(user, mailing: Mailing) -> list[str]:
    """The statuses ``user`` may move ``mailing`` to (the admin's buttons)."""
    kinds = mailing_actor_kinds(user, mailing)
    return workflow.moves(mailing.status, kinds, workflow.MAILING_TRANSITIONS)


@transaction.atomic
def mailing_transition(*, mailing: Mailing, to_status: str, by) -> Mailing:
    """Move a mailing as a coordinator (``workflow.MAILING_TRANSITIONS``), audited: sending
    queues it for its recipients once the transaction commits."""
    current = _locked(mailing)
    require_sender(by, current.municipality_id)
    old = current.status
    workflow.check_move(
        workflow.MAILING_TRANSITIONS, M, old, to_status, mailing_actor_kinds(by, current)
    )
    current.status = to_status
    fields = ["status", "updated_at"]
    if to_status == M.SENDING:
        current.sent_by = by
        fields.append("sent_by")
        transaction.on_commit(lambda pk=current.pk: queue_delivery(pk))
    current.save(update_fields=fields)
    audit_record(
        actor=by,
        action="mailing.status_changed",
        target=current,
        municipality=current.municipality,
        before={"status": old},
        after={"status": to_status},
    )
    return current


def mailing_send(*, mailing: Mailing, by) -> Mailing:
    return mailing_transition(mailing=mailing, to_status=M.SENDING, by=by)


def mailing_cancel(*, mailing: Mailing, by) -> Mailing:
    return mailing_transition(mailing=mailing, to_status=M.CANCELLED, by=by)


def queue_delivery(mailing_id: int) -> None:
    """Ask a worker to queue the mailing (after the commit; the task is idempotent). The
    broker is asked once with short time-outs, as the outbox does; if it is down, the
    mailing is queued here and now instead (seconds, even for 20 000): a mailing marked
    as being sent must reach its recipients. The outbox delivers the rows later."""
    try:
        with current_app.connection_for_write(
            transport_options=REQUEST_TRANSPORT_OPTIONS
        ) as connection:
            current_app.send_task(SEND_TASK, args=[mailing_id], retry=False, connection=connection)
    except Exception as error:  # kombu raises several kinds when the broker is down
        logger.warning("Broker unreachable, mailing %s queued in the request: %s",
                       mailing_id, error)  # fmt: skip
        from outreach.mailing_tasks import mailing_send as task

        task.apply(args=[mailing_id])


def mailing_key(mailing) -> str:
    return f"mailing:{_pk(mailing)}"


def mailing_deliver(mailing_id: int) -> int:
    """Queue a mailing being sent for everyone its segment reaches now, and mark it sent
    with the count (the worker's part); how many rows this run queued. In one transaction
    under the mailing's row lock: a second run finds it sent and queues nothing, two runs at
    once go one after the other. A mailing that is not being sent is left alone."""
    with transaction.atomic():
        mailing = (
            Mailing.objects.select_for_update(of=("self",))
            .select_related("municipality", "segment")
            .filter(pk=mailing_id, status=M.SENDING)
            .first()
        )
        if mailing is None:
            return 0
        people = recipients(mailing.segment)
        # Checked again as the rows are queued, whatever the selector did: never to an
        # address that opted out.
        opted_out = opted_out_addresses(
            mailing.municipality_id, [getattr(p, "email", p) for p in people]
        )
        people = [p for p in people if getattr(p, "email", p).lower() not in opted_out]
        link = opt_out_link(mailing.municipality_id)
        rows = notify_many(
            kind=KIND,
            template=TEMPLATE,
            items=[(mailing_key(mailing), mailing_context(mailing), people)],
            municipality=mailing.municipality,
            personal=False,
            unsubscribe=lambda key, email, user: link(email),
        )
        mailing.recipient_count = Notification.objects.filter(
            kind=KIND, key=mailing_key(mailing)
        ).count()
        mailing.status = M.SENT
        mailing.sent_at = timezone.now()
        mailing.save(update_fields=["status", "recipient_count", "sent_at", "updated_at"])
        audit_record(
            actor=None,
            action="mailing.status_changed",
            target=mailing,
            municipality=mailing.municipality,
            before={"status": M.SENDING},
            after={"status": M.SENT, "recipient_count": mailing.recipient_count},
        )
        return len(rows)


def mailing_context(mailing: Mailing) -> dict:
    """What the email template gets (it picks the subject and message in the reader's
    language with ``{% bilingual %}``)."""
    return {"mailing": mailing, "municipality": mailing.municipality}


# --- the opt-out ----------------------------------------------------------------------------


def opt_out_token(municipality_id: int, email: str) -> str:
    """The signed token of the opt-out link: the municipality and the address."""
    return signing.dumps([municipality_id, email.lower()], salt=TOKEN_SALT)


def opt_out_link(municipality_id: int):
    """``link(email)`` -> the absolute opt-out address for ``email`` (the page's address is
    worked out once; a mailing to 20 000 signs 20 000 tokens)."""
    marker = "TOKEN"
    page = absolute_reverse("outreach:mailing_opt_out", kwargs={"token": marker})
    before, _marker, after = page.rpartition(marker)
    return lambda email: f"{before}{opt_out_token(municipality_id, email)}{after}"


def read_opt_out_token(token: str) -> tuple[Municipality, str] | None:
    """The municipality and the address of an opt-out link; None when it is forged,
    damaged or too old, or the municipality is gone."""
    try:
        municipality_id, email = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    if not isinstance(municipality_id, int) or not isinstance(email, str) or "@" not in email:
        return None
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    return (municipality, email) if municipality is not None else None


def has_opted_out(municipality, email: str) -> bool:
    return MailingOptOut.objects.filter(
        municipality_id=_pk(municipality), email__iexact=email
    ).exists()


@transaction.atomic
def mailing_opt_out(*, municipality, email: str) -> bool:
    """Stop the municipality's mailings to ``email`` (idempotent); whether it was new. The
    audit trail records that an address opted out, not which one."""
    if has_opted_out(municipality, email):
        return False
    try:
        with transaction.atomic():
            made = MailingOptOut.objects.create(municipality=municipality, email=email.lower())
    except IntegrityError:  # the same link clicked twice at once
        return False
    audit_record(
        actor=None,
        action="mailing.opted_out",
        target=municipality,
        municipality=municipality,
        after={"opt_out": made.pk},
    )
    return True


@transaction.atomic
def mailing_opt_in(*, municipality, email: str) -> bool:
    """Take back an opt-out (mailings reach ``email`` again); whether there was one."""
    deleted, _rows = MailingOptOut.objects.filter(
        municipality=municipality, email__iexact=email
    ).delete()
    if not deleted:
        return False
    audit_record(actor=None, action="mailing.opted_in", target=municipality,
                 municipality=municipality)  # fmt: skip
    return True
