"""Call-outs (upprop) and the pledges that answer them.

A coordinator (``permissions.may_coordinate``) writes a call-out, sends it (the mass
delivery is ``volunteering.delivery``'s, queued by the task ``volunteering.tasks.callout_send``
once the transaction commits), closes it with an account of what happened, cancels it or
opens it again. Organisations (through the people who act for them) and volunteers pledge
people, hours, skills, premises and goods; the coordinator accepts or declines each pledge,
writes the task, sends the practical information to those accepted and records the hours
given afterwards.

Every status move is checked against ``volunteering.workflow`` and audited; every email goes
through the outbox with a key of its own, so nothing is sent twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.selectors import organisation_people
from portal.links import absolute_reverse
from portal.notifications import REQUEST_TRANSPORT_OPTIONS, notify
from portal.services import audit_record
from volunteering import permissions, workflow
from volunteering.announcements import callout_announce
from volunteering.languages import LANGUAGE_NAMES
from volunteering.models import CallOut, Pledge, Volunteer

logger = logging.getLogger(__name__)
C = CallOut.Status
P = Pledge.Status

# What a coordinator writes on a call-out (status moves go through callout_transition).
FIELDS = (
    "title",
    "description",
    "urgency",
    "place",
    "starts_at",
    "ends_at",
    "respond_by",
    "people_needed",
    "hours_needed",
    "languages",
    "premises_needed",
    "goods_needed",
    "to_organisations",
    "to_volunteers",
    "practical_information",
    "responsible",
)
MANY = ("skills", "focus_areas", "districts", "networks")
# What a giver offers in a pledge.
OFFER = ("people", "hours", "premises", "goods", "message")
# What the coordinator writes on a pledge.
RECORDED = ("assignment", "hours_given")
LIVE = (P.PLEDGED, P.ACCEPTED)  # pledges that count and hear of the call-out's fate

ACCEPTED_KIND = "volunteering.pledge_accepted"
DECLINED_KIND = "volunteering.pledge_declined"
PRACTICAL_KIND = "volunteering.callout_practical"
CANCELLED_KIND = "volunteering.callout_cancelled"
SEND_TASK = "volunteering.tasks.callout_send"


# --- shared checks ------------------------------------------------------------------------


def _pk(value):
    return getattr(value, "pk", value)


def require_coordinator(user, municipality) -> None:
    if not permissions.may_coordinate(user, _pk(municipality)):
        raise PermissionDenied


def _same_municipality(municipality_id, values) -> bool:
    return all(getattr(v, "municipality_id", None) == municipality_id for v in values)


def callout_problems(*, municipality, data: dict) -> dict:
    """What is wrong with ``data`` for a call-out of ``municipality``, per field (empty:
    nothing). The admin's form asks the same before anything is saved."""
    municipality_id = _pk(municipality)
    problems = {}
    messages = {
        "skills": _("Choose the municipality's own skills and resources."),
        "focus_areas": _("Choose the municipality's own focus areas."),
        "districts": _("Choose the municipality's own districts."),
        "networks": _("Choose the municipality's own networks."),
    }
    for name, message in messages.items():
        if name in data and not _same_municipality(municipality_id, data[name] or ()):
            problems[name] = message
    responsible = data.get("responsible")
    if responsible is not None and not permissions.may_coordinate(responsible, municipality_id):
        problems["responsible"] = _("The responsible person must be a coordinator here.")
    if any(code not in LANGUAGE_NAMES for code in data.get("languages") or ()):
        problems["languages"] = _("Choose languages from the list.")
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends < starts:
        problems["ends_at"] = _("The end must come after the start.")
    if (
        "to_organisations" in data
        and "to_volunteers" in data
        and not (data["to_organisations"] or data["to_volunteers"])
    ):
        problems["to_volunteers"] = _("Send the call-out to organisations, volunteers or both.")
    return problems


def _text(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _values(callout: CallOut, names) -> dict:
    """The audit's picture of the named fields: related rows by name, times in ISO."""
    found = {}
    for name in names:
        if name in MANY:
            found[name] = sorted(str(o) for o in getattr(callout, name).all())
        elif name == "responsible":
            found[name] = str(callout.responsible) if callout.responsible_id else None
        else:
            found[name] = _text(getattr(callout, name))
    return found


def _comparable(callout: CallOut, name):
    if name in MANY:
        return sorted(getattr(callout, name).values_list("pk", flat=True))
    if name == "responsible":
        return callout.responsible_id
    return getattr(callout, name)


def _given(name, value):
    if name in MANY:
        return sorted(_pk(v) for v in value or ())
    if name == "responsible":
        return _pk(value)
    return value


def _locked(callout: CallOut) -> CallOut:
    return (
        CallOut.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=callout.pk)
    )


# --- call-outs ------------------------------------------------------------------------------


@transaction.atomic
def callout_create(*, municipality, by, data: dict) -> CallOut:
    """A draft call-out of ``municipality`` from cleaned ``data`` (``FIELDS`` and
    ``MANY``), written by a coordinator."""
    require_coordinator(by, municipality)
    problems = callout_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    callout = CallOut(
        municipality=municipality,
        status=workflow.CREATED_AS["callout"],
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **{name: data[name] for name in FIELDS if name in data},
    )
    callout.full_clean()
    callout.save()
    for name in MANY:
        if name in data:
            getattr(callout, name).set(data[name] or [])
    audit_record(
        actor=by,
        action="callout.created",
        target=callout,
        municipality=municipality,
        after=_values(callout, ("title", "urgency")),
    )
    return callout


@transaction.atomic
def callout_update(*, callout: CallOut, by, data: dict) -> CallOut:
    """Change a call-out from cleaned ``data`` (only the keys given). A cancelled call-out
    is kept as it was. Changing the targeting of a sent call-out does not send it again."""
    current = _locked(callout)
    require_coordinator(by, current.municipality_id)
    data = {k: v for k, v in data.items() if k in FIELDS or k in MANY}
    changed = [n for n, value in data.items() if _given(n, value) != _comparable(current, n)]
    if not changed:
        return current
    if current.status == C.CANCELLED:
        raise ValidationError(_("A cancelled call-out cannot be changed."), code="cancelled")
    whole = {name: getattr(current, name) for name in ("starts_at", "ends_at")}
    whole.update({"to_organisations": current.to_organisations,
                  "to_volunteers": current.to_volunteers})  # fmt: skip
    problems = callout_problems(municipality=current.municipality, data={**whole, **data})
    checked = {*changed, "ends_at", "to_volunteers"}
    problems = {k: v for k, v in problems.items() if k in checked}
    if problems:
        raise ValidationError(problems)
    before = _values(current, changed)
    plain = [name for name in changed if name in FIELDS]
    for name in plain:
        setattr(current, name, data[name])
    current.full_clean()
    if plain:
        current.save(update_fields=plain)
    for name in changed:
        if name in MANY:
            getattr(current, name).set(data[name] or [])
    audit_record(
        actor=by,
        action="callout.changed",
        target=current,
        municipality=current.municipality,
        before=before,
        after=_values(current, changed),
    )
    return current


def callout_actor_kinds(user, callout: CallOut) -> frozenset:
    if permissions.may_coordinate(user, callout.municipality_id):
        return frozenset({workflow.COORDINATOR})
    return frozenset()


def callout_moves(user, callout: CallOut) -> list[str]:
    """The statuses ``user`` may move ``callout`` to (the admin's buttons)."""
    kinds = callout_actor_kinds(user, callout)
    return workflow.moves(callout.status, kinds, workflow.CALLOUT_TRANSITIONS)


def queue_delivery(callout_id: int) -> None:
    """Ask a worker to queue the call-out for its recipients (after the commit; the task is
    idempotent). As for the outbox, the broker is asked once with short time-outs; if it is
    down, the call-out is queued here and now instead (seconds, even for many thousands):
    a call-out marked sent must reach its recipients. The outbox delivers the rows later."""
    try:
        with current_app.connection_for_write(
            transport_options=REQUEST_TRANSPORT_OPTIONS
        ) as connection:
            current_app.send_task(SEND_TASK, args=[callout_id], retry=False, connection=connection)
    except Exception as error:  # kombu raises several kinds when the broker is down
        logger.warning("Broker unreachable, call-out %s queued in the request: %s",
                       callout_id, error)  # fmt: skip
        from volunteering.tasks import callout_send as task

        task.apply(args=[callout_id])


@transaction.atomic
def callout_transition(*, callout: CallOut, to_status: str, by, account: str = "") -> CallOut:
    """Move a call-out (``workflow.CALLOUT_TRANSITIONS``), audited, with what each move
    means: sending stamps the time and queues the delivery; closing needs the account of
    what happened; cancelling tells everyone who pledged; opening a closed one again keeps
    its pledges and sends nothing."""
    current = _locked(callout)
    require_coordinator(by, current.municipality_id)
    old = current.status
    problem = workflow.move_problem(
        workflow.CALLOUT_TRANSITIONS, C, old, to_status, callout_actor_kinds(by, current)
    )
    if problem or old == to_status:
        raise ValidationError(problem or _("The call-out already has this status."),
                              code="invalid_move")  # fmt: skip
    account = (account or "").strip()
    if to_status == C.CLOSED and not account:
        raise ValidationError(
            {"account": _("Write a short account of what happened before closing.")}
        )
    now = timezone.now()
    current.status = to_status
    fields = ["status"]
    after = {"status": to_status}
    if old == C.DRAFT and to_status == C.OPEN:
        current.sent_at = now  # the task counts the recipients as it queues them
        fields.append("sent_at")
        transaction.on_commit(lambda pk=current.pk: queue_delivery(pk))
        callout_announce(current)  # to the followers of its focus areas, districts, networks
    elif to_status == C.OPEN:
        current.closed_at = None
        fields.append("closed_at")
    else:
        current.closed_at = now
        fields.append("closed_at")
    if to_status == C.CLOSED:
        current.account = account
        fields.append("account")
        after["account"] = account
    current.save(update_fields=fields)
    audit_record(
        actor=by,
        action="callout.status_changed",
        target=current,
        municipality=current.municipality,
        before={"status": old},
        after=after,
    )
    if to_status == C.CANCELLED and old == C.OPEN:
        _tell_cancelled(current)
    return current


def callout_send(*, callout: CallOut, by) -> CallOut:
    return callout_transition(callout=callout, to_status=C.OPEN, by=by)


def callout_close(*, callout: CallOut, by, account: str) -> CallOut:
    return callout_transition(callout=callout, to_status=C.CLOSED, by=by, account=account)


def callout_cancel(*, callout: CallOut, by) -> CallOut:
    return callout_transition(callout=callout, to_status=C.CANCELLED, by=by)


def callout_reopen(*, callout: CallOut, by) -> CallOut:
    return callout_transition(callout=callout, to_status=C.OPEN, by=by)


def _tell_cancelled(callout: CallOut) -> None:
    pledges = callout.pledges.filter(status__in=LIVE).select_related(
        "organisation", "volunteer__user", "pledged_by"
    )
    url = absolute_reverse("volunteering:callout", args=[callout.pk])
    for pledge in pledges:
        notify(
            kind=CANCELLED_KIND,
            key=f"callout:{callout.pk}:cancelled:pledge:{pledge.pk}",
            template="volunteering/email/callout_cancelled",
            context={"callout": callout, "pledge": pledge, "url": url},
            recipients=giver_people(pledge),
            municipality=callout.municipality,
        )


@transaction.atomic
def callout_inform(*, callout: CallOut, by) -> int:
    """Email the practical information (and each one's task) to every accepted pledge not
    yet informed; returns how many pledges were informed. Safe to repeat: a pledge once
    informed is not emailed again, and each message has its key in the outbox."""
    current = _locked(callout)
    require_coordinator(by, current.municipality_id)
    if current.status != C.OPEN:
        raise ValidationError(_("Practical information is sent while the call-out is open."))
    if not current.practical_information.strip():
        raise ValidationError(
            _("Write the practical information on the call-out first: where and when to "
              "come, whom to ask for, what to bring.")
        )  # fmt: skip
    pledges = list(
        current.pledges.select_for_update(of=("self",))
        .filter(status=P.ACCEPTED, informed_at__isnull=True)
        .select_related("organisation", "volunteer__user", "pledged_by")
    )
    if not pledges:
        return 0
    now = timezone.now()
    url = absolute_reverse("volunteering:callout", args=[current.pk])
    for pledge in pledges:
        notify(
            kind=PRACTICAL_KIND,
            key=f"callout:{current.pk}:practical:pledge:{pledge.pk}",
            template="volunteering/email/callout_practical",
            context={"callout": current, "pledge": pledge, "url": url},
            recipients=giver_people(pledge),
            municipality=current.municipality,
        )
        pledge.informed_at = now
    Pledge.objects.bulk_update(pledges, ["informed_at"])
    audit_record(
        actor=by,
        action="callout.informed",
        target=current,
        municipality=current.municipality,
        after={"pledges": [str(p) for p in pledges]},
    )
    return len(pledges)


# --- pledges --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Giver:
    """Who pledges: an organisation (through someone who acts for it) or a volunteer."""

    organisation: object = None
    volunteer: Volunteer | None = None

    @property
    def name(self) -> str:
        return str(self.organisation or self.volunteer)


def giver_people(pledge: Pledge) -> list:
    """Whom a pledge's emails go to: the volunteer; for an organisation the person who
    pledged while they still act for it, else its people."""
    if pledge.volunteer_id:
        return [pledge.volunteer.user]
    if pledge.organisation_id is None:
        return []  # a volunteer who erased their data
    by = pledge.pledged_by
    if by is not None and by.is_active and permissions.may_act_for(by, pledge.organisation):
        return [by]
    return organisation_people(pledge.organisation)


def _may_give_as(by, callout: CallOut, giver: Giver) -> bool:
    if giver.volunteer is not None:
        return (
            giver.volunteer.user_id == by.pk
            and giver.volunteer.municipality_id == callout.municipality_id
        )
    return (
        giver.organisation is not None
        and giver.organisation.municipality_id == callout.municipality_id
        and permissions.may_act_for(by, giver.organisation)
    )


def pledge_problems(*, callout: CallOut, giver: Giver, data: dict) -> dict:
    """What is wrong with an offer (empty: nothing)."""
    problems = {}
    if callout.status != C.OPEN:
        problems["__all__"] = _("The call-out does not take pledges now.")
    elif giver.volunteer is not None and not callout.to_volunteers:
        problems["__all__"] = _("This call-out asks organisations, not volunteers.")
    elif giver.organisation is not None and not callout.to_organisations:
        problems["__all__"] = _("This call-out asks volunteers, not organisations.")
    if not _same_municipality(callout.municipality_id, data.get("skills") or ()):
        problems["skills"] = _("Choose the municipality's own skills and resources.")
    people, hours = data.get("people") or 0, data.get("hours") or 0
    offers_something = (
        people
        or hours
        or data.get("skills")
        or any((data.get(name) or "").strip() for name in ("premises", "goods"))
    )
    if not offers_something:
        problems["people"] = _("Offer people, hours, skills, premises or goods.")
    if giver.volunteer is not None and people > 1:
        problems["people"] = _("As a volunteer you pledge yourself: one person.")
    return problems


def _offer_values(pledge: Pledge) -> dict:
    values = {name: _text(getattr(pledge, name)) for name in ("status", *OFFER)}
    values["skills"] = sorted(str(s) for s in pledge.skills.all())
    return values


@transaction.atomic
def pledge_make(*, callout: CallOut, giver: Giver, by, data: dict) -> Pledge:
    """Pledge to an open call-out, or change the giver's pledge while it is offered (a
    withdrawn one is offered again). ``by`` is the volunteer, someone who acts for the
    organisation, or a coordinator recording a pledge received another way."""
    if (giver.organisation is None) == (giver.volunteer is None):
        raise ValidationError(_("Choose either an organisation or a volunteer."))
    current = _locked(callout)
    coordinating = permissions.may_coordinate(by, current.municipality_id)
    if not (_may_give_as(by, current, giver) or coordinating):
        raise PermissionDenied
    for thing in (giver.organisation, giver.volunteer):
        if thing is not None and thing.municipality_id != current.municipality_id:
            raise ValidationError(_("It belongs to another municipality."))
    problems = pledge_problems(callout=current, giver=giver, data=data)
    if problems:
        raise ValidationError(problems)
    if giver.volunteer is not None:
        lookup = {"volunteer": giver.volunteer}
    else:
        lookup = {"organisation": giver.organisation}
    pledge = current.pledges.select_for_update(of=("self",)).filter(**lookup).first()
    offer = {name: data[name] for name in OFFER if name in data}
    if pledge is None:
        pledge = Pledge(callout=current, status=workflow.CREATED_AS["pledge"], pledged_by=by,
                        **lookup, **offer)  # fmt: skip
        pledge.full_clean()
        pledge.save()
        pledge.skills.set(data.get("skills") or [])
        audit_record(
            actor=by,
            action="pledge.made",
            target=pledge,
            municipality=current.municipality,
            after={"callout": str(current), **_offer_values(pledge)},
        )
        return pledge
    if pledge.status not in (P.PLEDGED, P.WITHDRAWN):
        raise ValidationError(
            _("The coordinator has already answered this pledge: contact them to change it.")
        )
    before = _offer_values(pledge)
    if pledge.status == P.WITHDRAWN:
        _check_pledge_move(pledge, P.PLEDGED, frozenset({workflow.GIVER}))
        pledge.status = P.PLEDGED
    for name, value in offer.items():
        setattr(pledge, name, value)
    pledge.pledged_by, pledge.pledged_at = by, timezone.now()
    pledge.full_clean()
    pledge.save(update_fields=["status", "pledged_by", "pledged_at", *offer])
    pledge.skills.set(data.get("skills") or [])
    after = _offer_values(pledge)
    audit_record(
        actor=by,
        action="pledge.changed",
        target=pledge,
        municipality=current.municipality,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return pledge


def _check_pledge_move(pledge: Pledge, status: str, kinds) -> None:
    problem = workflow.move_problem(workflow.PLEDGE_TRANSITIONS, P, pledge.status, status, kinds)
    if problem:
        raise ValidationError(problem, code="invalid_move")


def pledge_actor_kinds(user, pledge: Pledge) -> frozenset:
    kinds = set()
    if permissions.may_coordinate(user, pledge.callout.municipality_id):
        kinds.add(workflow.COORDINATOR)
    giver = Giver(pledge.organisation, pledge.volunteer)
    if (pledge.volunteer or pledge.organisation) and _may_give_as(user, pledge.callout, giver):
        kinds.add(workflow.GIVER)
    return frozenset(kinds)


def pledge_moves(user, pledge: Pledge) -> list[str]:
    return workflow.moves(pledge.status, pledge_actor_kinds(user, pledge),
                          workflow.PLEDGE_TRANSITIONS)  # fmt: skip


@transaction.atomic
def pledge_set_status(*, pledge: Pledge, status: str, by) -> Pledge:
    """Accept, decline (the coordinator) or withdraw (the giver) a pledge, audited; the
    giver hears when it is accepted or declined. Only a pledge to an open call-out moves."""
    current = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("callout__municipality", "organisation", "volunteer__user", "pledged_by")
        .get(pk=pledge.pk)
    )
    kinds = pledge_actor_kinds(by, current)
    if not kinds:
        raise PermissionDenied
    if status == current.status:
        return current
    if current.callout.status != C.OPEN:
        raise ValidationError(_("Pledges are answered while the call-out is open."),
                              code="invalid_move")  # fmt: skip
    _check_pledge_move(current, status, kinds)
    old = current.status
    current.status = status
    fields = ["status"]
    if status in (P.ACCEPTED, P.DECLINED):
        current.decided_by, current.decided_at = by, timezone.now()
        fields += ["decided_by", "decided_at"]
    if status != P.ACCEPTED and current.informed_at is not None:
        current.informed_at = None  # accepted again later: informed again
        fields.append("informed_at")
    current.save(update_fields=fields)
    audit_record(
        actor=by,
        action="pledge.status_changed",
        target=current,
        municipality=current.callout.municipality,
        before={"status": old},
        after={"status": status, "callout": str(current.callout)},
    )
    if status in (P.ACCEPTED, P.DECLINED):
        accepted = status == P.ACCEPTED
        notify(
            kind=ACCEPTED_KIND if accepted else DECLINED_KIND,
            key=f"pledge:{current.pk}:{status}:{current.decided_at.isoformat()}",
            template=f"volunteering/email/callout_pledge_{status}",
            context={
                "callout": current.callout,
                "pledge": current,
                "url": absolute_reverse("volunteering:callout", args=[current.callout_id]),
            },
            recipients=giver_people(current),
            municipality=current.callout.municipality,
        )
    return current


def pledge_accept(*, pledge: Pledge, by) -> Pledge:
    return pledge_set_status(pledge=pledge, status=P.ACCEPTED, by=by)


def pledge_decline(*, pledge: Pledge, by) -> Pledge:
    return pledge_set_status(pledge=pledge, status=P.DECLINED, by=by)


def pledge_withdraw(*, pledge: Pledge, by) -> Pledge:
    return pledge_set_status(pledge=pledge, status=P.WITHDRAWN, by=by)


@transaction.atomic
def pledge_record(*, pledge: Pledge, by, data: dict) -> Pledge:
    """The coordinator writes the task and, afterwards, the hours given (``RECORDED``)."""
    current = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("callout__municipality")
        .get(pk=pledge.pk)
    )
    require_coordinator(by, current.callout.municipality_id)
    changed = [n for n in RECORDED if n in data and data[n] != getattr(current, n)]
    if not changed:
        return current
    hours = data.get("hours_given")
    if "hours_given" in changed and hours is not None:
        if hours < 0:
            raise ValidationError({"hours_given": _("Hours cannot be negative.")})
        if current.status != P.ACCEPTED:
            raise ValidationError(
                {"hours_given": _("Hours given are recorded for accepted pledges.")}
            )
    before = {n: _text(getattr(current, n)) for n in changed}
    for name in changed:
        setattr(current, name, data[name] if name != "assignment" else (data[name] or "").strip())
    current.full_clean()
    current.save(update_fields=changed)
    audit_record(
        actor=by,
        action="pledge.recorded",
        target=current,
        municipality=current.callout.municipality,
        before=before,
        after={n: _text(getattr(current, n)) for n in changed},
    )
    return current
