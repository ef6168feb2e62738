"""How the audit trail reads the volunteers' events (portal.audit_text). A volunteer's
own values (phone, languages) are never in the audit row: only which fields changed."""

from django.utils.translation import gettext as _

from portal.audit_text import choice, describes, listing, lower_first
from volunteering.models import Volunteer

_status = choice(Volunteer.Status)


def _field_names(names) -> str:
    labels = []
    for name in names or ():
        try:
            labels.append(str(Volunteer._meta.get_field(name).verbose_name))
        except LookupError:  # a field since removed: its stored name
            labels.append(str(name))
    return listing(labels)


@describes("volunteer.registered")
def _registered(event):
    event.say(_("%(actor)s signed up as a volunteer"))
    event.note(_("Consent text version"), event.after.get("consent_version"))


@describes("volunteer.changed")
def _changed(event):
    event.say(_("%(actor)s changed their volunteer profile"))
    event.note(_("Changed"), event.after.get("fields"), _field_names)


@describes("volunteer.status_changed")
def _status_changed(event):
    event.say(
        _("%(actor)s changed the status of the volunteer %(target)s from %(old)s to %(new)s"),
        old=lower_first(_status(event.before.get("status"))),
        new=lower_first(_status(event.after.get("status"))),
    )


@describes("volunteer.removed")
def _removed(event):
    event.say(_("%(actor)s removed their volunteer profile"))
