"""How the audit trail reads the events of surveys and consultations (portal.audit_text):
each code written by surveys.services as a sentence, statuses by their names. The survey's
own writing in the admin (created, changed, deleted) reads generically."""

from django.utils.translation import gettext as _

from portal.audit_text import choice, describes, format_datetime
from surveys.models import Survey

_status = choice(Survey.Status)


@describes("survey.status_changed")
def _status_changed(event):
    old, new = event.before.get("status"), event.after.get("status")
    sentences = {
        ("draft", "open"): _("%(actor)s sent the survey %(target)s"),
        ("open", "closed"): _("%(actor)s closed the survey %(target)s"),
        ("closed", "open"): _("%(actor)s opened the survey %(target)s again"),
        ("draft", "cancelled"): _("%(actor)s cancelled the survey %(target)s"),
        ("open", "cancelled"): _("%(actor)s cancelled the survey %(target)s"),
    }
    sentence = sentences.get((old, new))
    if sentence is None:
        event.say(_("%(actor)s changed the status of the survey %(target)s"))
        event.change(_("Status"), old, new, _status)
    else:
        event.say(sentence)
    if event.after.get("closes_at"):
        event.note(_("Closes"), event.after["closes_at"], format_datetime)


@describes("survey.answered")
def _answered(event):
    organisation = event.after.get("organisation")
    changed = event.after.get("changed")
    if organisation:
        sentence = (
            _("%(actor)s changed the answer of %(organisation)s to the survey %(target)s")
            if changed
            else _("%(actor)s answered the survey %(target)s for %(organisation)s")
        )
        event.say(sentence, organisation=organisation)
    elif changed:
        event.say(_("%(actor)s changed their answer to the survey %(target)s"))
    else:
        event.say(_("%(actor)s answered the survey %(target)s"))


@describes("survey.commented")
def _commented(event):
    organisation = event.after.get("organisation")
    if organisation:
        event.say(_("%(actor)s commented on the consultation %(target)s for %(organisation)s"),
                  organisation=organisation)  # fmt: skip
    else:
        event.say(_("%(actor)s commented on the consultation %(target)s"))
