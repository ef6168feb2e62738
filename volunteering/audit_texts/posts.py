"""How the audit trail reads the events of volunteer posts, shifts, sign-ups, extracts
shown and interests (portal.audit_text)."""

from django.utils.translation import gettext as _

from portal.audit_text import choice, describes, format_date, lower_first
from volunteering.models import Post, Shift, ShiftSignup

_post_status = choice(Post.Status)
_signup_status = choice(ShiftSignup.Status)


@describes("post.created")
def _post_created(event):
    event.say(_("%(actor)s wrote the volunteer post %(target)s"))
    event.note(_("Host"), event.after.get("host"))


@describes("post.changed")
def _post_changed(event):
    event.say(_("%(actor)s changed the volunteer post %(target)s"))
    event.field_changes(Post)


@describes("post.status_changed")
def _post_status_changed(event):
    event.say(
        _("%(actor)s changed the status of the volunteer post %(target)s from %(old)s to %(new)s"),
        old=lower_first(_post_status(event.before.get("status"))),
        new=lower_first(_post_status(event.after.get("status"))),
    )


@describes("shift.created")
def _shift_created(event):
    event.say(_("%(actor)s added the shift %(target)s"))
    event.field_changes(Shift, ["starts_at", "ends_at", "places"])


@describes("shift.changed")
def _shift_changed(event):
    event.say(_("%(actor)s changed the shift %(target)s"))
    event.field_changes(Shift)


@describes("shift.cancelled")
def _shift_cancelled(event):
    event.say(_("%(actor)s cancelled the shift %(target)s"))


@describes("shift.reinstated")
def _shift_reinstated(event):
    event.say(_("%(actor)s held the cancelled shift %(target)s after all"))


@describes("shift.deleted")
def _shift_deleted(event):
    event.say(_("%(actor)s removed the shift %(target)s"))


@describes("shift.attendance_recorded")
def _attendance(event):
    event.say(_("%(actor)s recorded who came to the shift %(target)s"))
    event.note(_("Came"), event.after.get("came"))
    event.note(_("Did not come"), event.after.get("did_not_come"))
    event.note(_("Hours given"), event.after.get("hours"))


@describes("signup.created")
def _signup_created(event):
    if event.after.get("status") == ShiftSignup.Status.WAITING:
        event.say(_("%(actor)s joined the waiting list: %(target)s"))
    else:
        event.say(_("%(actor)s booked a place: %(target)s"))


@describes("signup.status_changed")
def _signup_status_changed(event):
    if event.after.get("from_waiting_list"):
        event.say(_("%(actor)s gave a freed place to the first on the waiting list: %(target)s"))
        return
    event.say(
        _("%(actor)s changed the sign-up %(target)s from %(old)s to %(new)s"),
        old=lower_first(_signup_status(event.before.get("status"))),
        new=lower_first(_signup_status(event.after.get("status"))),
    )


@describes("extract.recorded")
def _extract_recorded(event):
    event.say(
        _("%(actor)s recorded that an extract from the criminal records was shown: %(target)s")
    )
    event.note(_("Shown on"), event.after.get("shown_on"), format_date)


@describes("interest.sent")
def _interest_sent(event):
    event.say(_("%(actor)s told the host they are interested: %(target)s"))
