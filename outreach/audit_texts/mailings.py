"""Sentences for the audit codes of segments and mailings (portal.audit_text), written by
outreach.services.segments and outreach.services.mailings. An opt-out is recorded against
the municipality without the address."""

from django.utils.translation import gettext as _

from outreach.models import Mailing, Segment
from portal.audit_text import EMPTY, choice, describes, listing, lower_first

_status = choice(Mailing.Status)
_kinds = choice(Segment.Kinds)


def _names(values) -> str:
    return listing(values) if isinstance(values, list) else EMPTY


_SEGMENT_VALUES = {
    "kinds": _kinds,
    "focus_areas": _names,
    "districts": _names,
    "target_groups": _names,
    "networks": _names,
}


@describes("segment.created")
def _segment_created(event):
    event.say(_("%(actor)s made the segment %(target)s"))
    event.field_changes(Segment, values=_SEGMENT_VALUES)


@describes("segment.changed")
def _segment_changed(event):
    event.say(_("%(actor)s changed the segment %(target)s"))
    event.field_changes(Segment, values=_SEGMENT_VALUES)


@describes("segment.deleted")
def _segment_deleted(event):
    event.say(_("%(actor)s removed the segment %(target)s"))


@describes("mailing.created")
def _mailing_created(event):
    event.say(_("%(actor)s wrote the mailing %(target)s"))
    event.field_changes(Mailing)


@describes("mailing.changed")
def _mailing_changed(event):
    event.say(_("%(actor)s changed the mailing %(target)s"))
    event.field_changes(Mailing)


@describes("mailing.status_changed")
def _mailing_status_changed(event):
    old, new = event.before.get("status"), event.after.get("status")
    sentences = {
        ("draft", "sending"): _("%(actor)s sent the mailing %(target)s"),
        ("draft", "cancelled"): _("%(actor)s cancelled the mailing %(target)s"),
        ("sending", "sent"): _("%(actor)s queued the mailing %(target)s for its recipients"),
    }
    sentence = sentences.get((old, new))
    if sentence is None:
        event.say(
            _("%(actor)s changed the status of the mailing %(target)s from %(old)s to %(new)s"),
            old=lower_first(_status(old)),
            new=lower_first(_status(new)),
        )
    else:
        event.say(sentence)
    event.note(_("Recipients"), event.after.get("recipient_count"))


@describes("mailing.opted_out")
def _opted_out(event):
    event.say(_("An address opted out of the mailings of %(target)s"))


@describes("mailing.opted_in")
def _opted_in(event):
    event.say(_("An address took back its opt-out from the mailings of %(target)s"))
