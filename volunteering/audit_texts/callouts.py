"""How the audit trail reads the events of call-outs, pledges and organisations' readiness
(portal.audit_text): each code written by volunteering.services.callouts and
volunteering.services.readiness as a sentence, language codes by their names."""

from django.utils.translation import gettext as _

from portal.audit_text import EMPTY, choice, describes, listing, lower_first
from volunteering.languages import names
from volunteering.models import CallOut, Pledge, Readiness

_callout_status = choice(CallOut.Status)
_pledge_status = choice(Pledge.Status)
_urgency = choice(CallOut.Urgency)


def _languages(codes) -> str:
    return listing(names(codes if isinstance(codes, list) else []))


def _names(values) -> str:
    return listing(values) if isinstance(values, list) else EMPTY


@describes("callout.created")
def _created(event):
    event.say(_("%(actor)s wrote the call-out %(target)s"))
    event.note(_("Urgency"), _urgency(event.after.get("urgency")))


@describes("callout.changed")
def _changed(event):
    event.say(_("%(actor)s changed the call-out %(target)s"))
    event.field_changes(
        CallOut,
        values={
            "languages": _languages,
            "skills": _names,
            "focus_areas": _names,
            "districts": _names,
            "networks": _names,
        },
    )


@describes("callout.status_changed")
def _status_changed(event):
    old, new = event.before.get("status"), event.after.get("status")
    sentences = {
        ("draft", "open"): _("%(actor)s sent the call-out %(target)s"),
        ("open", "closed"): _("%(actor)s closed the call-out %(target)s"),
        ("closed", "open"): _("%(actor)s opened the call-out %(target)s again"),
        ("draft", "cancelled"): _("%(actor)s cancelled the call-out %(target)s"),
        ("open", "cancelled"): _("%(actor)s cancelled the call-out %(target)s"),
    }
    sentence = sentences.get((old, new))
    if sentence is None:
        event.say(
            _("%(actor)s changed the status of the call-out %(target)s from %(old)s to %(new)s"),
            old=lower_first(_callout_status(old)),
            new=lower_first(_callout_status(new)),
        )
    else:
        event.say(sentence)
    event.note(_("What happened"), event.after.get("account"))


@describes("callout.informed")
def _informed(event):
    pledges = event.after.get("pledges") or []
    event.say(
        _("%(actor)s sent the practical information of the call-out %(target)s to %(count)s "
          "pledges"),
        count=len(pledges) if isinstance(pledges, list) else 0,
    )  # fmt: skip
    event.note(_("To"), _names(pledges))


_OFFER_VALUES = {"skills": _names, "status": _pledge_status}


@describes("pledge.made")
def _pledge_made(event):
    event.say(
        _("%(actor)s pledged for %(target)s to the call-out “%(callout)s”"),
        callout=event.after.get("callout", ""),
    )
    event.field_changes(
        Pledge, ["people", "hours", "skills", "premises", "goods", "message"],
        values=_OFFER_VALUES,
    )  # fmt: skip


@describes("pledge.changed")
def _pledge_changed(event):
    event.say(_("%(actor)s changed the pledge of %(target)s"))
    event.field_changes(Pledge, values=_OFFER_VALUES)


@describes("pledge.status_changed")
def _pledge_status_changed(event):
    new = event.after.get("status")
    sentences = {
        "accepted": _("%(actor)s accepted the pledge of %(target)s to the call-out “%(callout)s”"),
        "declined": _("%(actor)s declined the pledge of %(target)s to the call-out “%(callout)s”"),
        "withdrawn": _("%(actor)s withdrew the pledge of %(target)s to the call-out “%(callout)s”"),
    }
    sentence = sentences.get(
        new,
        _("%(actor)s changed the status of the pledge of %(target)s to the call-out "
          "“%(callout)s”"),
    )  # fmt: skip
    event.say(sentence, callout=event.after.get("callout", ""))
    event.change(_("Status"), event.before.get("status"), new, _pledge_status)


@describes("pledge.recorded")
def _pledge_recorded(event):
    event.say(_("%(actor)s recorded the task or the hours given of the pledge of %(target)s"))
    event.field_changes(Pledge)


@describes("readiness.saved")
def _readiness_saved(event):
    event.say(_("%(actor)s updated the readiness of %(target)s"))
    event.field_changes(Readiness, values={"languages": _languages, "skills": _names})
