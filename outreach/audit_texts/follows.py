"""Sentences for the audit codes of following."""

from django.utils.translation import gettext as _

from outreach.models import AlertSetting
from portal import announcements
from portal.audit_text import EMPTY, choice, describes, lower_first

_frequency = choice(AlertSetting.Frequency)
# What the page follows, as the audit shows each list (the names of what was followed).
_LISTS = {
    "focus_areas": lambda: _("Focus areas"),
    "districts": lambda: _("Districts"),
    "networks": lambda: _("Networks"),
    "organisations": lambda: _("Associations and groups"),
}


def _kinds(value) -> str:
    if not value:
        return EMPTY
    return ", ".join(lower_first(str(announcements.KINDS.get(k, k))) for k in value)


def _names(value) -> str:
    return ", ".join(str(v) for v in value) if value else EMPTY


@describes("follows.changed")
def _follows_changed(event):
    event.say(_("%(actor)s changed what they follow and how they hear of it"))
    before, after = event.before, event.after
    if "started" in after:
        event.note(_("Started following"), _names(after["started"]))
    if "stopped" in before:
        event.note(_("Stopped following"), _names(before["stopped"]))
    for key, label in _LISTS.items():
        if before.get(key, []) != after.get(key, []):
            event.change(label(), before.get(key, []), after.get(key, []), render=_names)
    if before.get("frequency") != after.get("frequency") and "frequency" in after:
        event.change(_("How often"), before.get("frequency"), after["frequency"], render=_frequency)
    if before.get("kinds") != after.get("kinds") and "kinds" in after:
        event.change(_("What news"), before.get("kinds"), after["kinds"], render=_kinds)


@describes("alerts.unsubscribed")
def _alerts_unsubscribed(event):
    event.say(_("%(actor)s stopped their alerts with the link in an email"))
    event.change(
        _("How often"), event.before.get("frequency"), event.after.get("frequency"),
        render=_frequency,
    )  # fmt: skip
