"""How the audit trail reads the recognition events (portal.audit_text)."""

from django.utils.translation import gettext as _

from portal.audit_text import choice, describes, lower_first
from volunteering.models import Recognition

_status = choice(Recognition.Status)


@describes("recognition.nominated")
def _nominated(event):
    event.say(_("%(actor)s nominated the recognition %(target)s"))
    event.field_changes(Recognition, ["kind", "title", "year", "recipient_name"])


@describes("recognition.changed")
def _changed(event):
    event.say(_("%(actor)s changed the recognition %(target)s"))
    event.field_changes(Recognition)


@describes("recognition.status_changed")
def _status_changed(event):
    event.say(
        _("%(actor)s changed the status of the recognition %(target)s from %(old)s to %(new)s"),
        old=lower_first(_status(event.before.get("status"))),
        new=lower_first(_status(event.after.get("status"))),
    )
