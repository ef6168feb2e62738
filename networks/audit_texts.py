"""How the audit trail reads the networks' events (see portal.audit_text); imported from
NetworksConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks.models import Action, Meeting, NetworkMember, OpenSignup
from portal import audit_text
from portal.audit_text import choice, describes, format_date, lower_first

_status = choice(Action.Status)
_member_status = choice(NetworkMember.Status)

# what the account erasure's step (networks.gdpr) records
audit_text.register_erased("network_memberships", gettext_lazy("Network memberships ended"))
audit_text.register_erased("meeting_answers", gettext_lazy("Meeting answers removed"))
audit_text.register_erased("open_signups", gettext_lazy("Sign-ups to open forums removed"))

audit_text.register(
    "network.calendar_feed_renewed",
    gettext_lazy("%(actor)s renewed their calendar feed address for the network %(target)s"),
)


@describes("network.join_requested")
def _join_requested(event):
    event.say(
        _("%(actor)s asked for %(organisation)s to join the network"),
        organisation=event.after.get("organisation") or event.target,
    )


@describes("network.join_decided")
def _join_decided(event):
    if event.after.get("status") == NetworkMember.Status.ACTIVE:
        event.say(_("%(actor)s accepted %(target)s as a member of the network"))
    else:
        event.say(_("%(actor)s declined the request of %(target)s to join the network"))


@describes("network.member_status_changed")
def _member_status_changed(event):
    status = event.after.get("status")
    if status == NetworkMember.Status.LEFT:
        event.say(_("%(actor)s recorded that %(target)s left the network"))
    elif status == NetworkMember.Status.ACTIVE:
        event.say(_("%(actor)s took %(target)s into the network as a member"))
    else:
        event.say(
            _("%(actor)s changed the status of the member %(target)s from %(old)s to %(new)s"),
            old=lower_first(_member_status(event.before.get("status"))),
            new=lower_first(_member_status(status)),
        )


@describes("meeting.status_changed")
def _meeting_status_changed(event):
    if event.after.get("status") == Meeting.Status.CANCELLED:
        event.say(_("%(actor)s cancelled the meeting %(target)s"))
    else:
        event.say(_("%(actor)s put the cancelled meeting %(target)s back in the calendar"))


def _members(events) -> dict:
    """The names of the members whose attendance was recorded: one query for the page."""
    ids = {int(key) for event in events for key in event.after if str(key).isdigit()}
    members = NetworkMember.objects.filter(pk__in=ids).select_related("organisation", "user")
    return {member.pk: member.name for member in members}


@describes("meeting.attendance_recorded", prepare=_members)
def _attendance(event):
    event.say(_("%(actor)s recorded the attendance at %(target)s"))
    names = event.prepared or {}
    for key, people in event.after.items():
        name = names.get(int(key)) if str(key).isdigit() else None
        event.note(name or _("A member since removed"), str(people or 0))


@describes("meeting.minutes_saved")
def _minutes(event):
    event.say(_("%(actor)s saved the minutes of %(target)s"))
    event.field_changes(Meeting, ["minutes", "decisions"])


@describes("action.created")
def _action_created(event):
    event.say(_("%(actor)s created the action “%(target)s”"))
    event.note(_("Owner"), event.after.get("owner"))
    event.note(_("Due date"), event.after.get("due_on"), format_date)
    event.note(_("Belongs to"), event.after.get("belongs_to"))


@describes("action.status_changed")
def _action_status(event):
    event.say(
        _("%(actor)s changed the status of the action “%(target)s” from %(old)s to %(new)s"),
        old=lower_first(_status(event.before.get("status"))),
        new=lower_first(_status(event.after.get("status"))),
    )
    event.note(_("Note on progress"), event.after.get("progress_note"))


@describes("action.updated")
def _action_updated(event):
    event.say(_("%(actor)s changed the action “%(target)s”"))
    event.field_changes(Action)


@describes("action.progress_noted")
def _action_progress_noted(event):
    event.say(_("%(actor)s wrote a note on the progress of the action “%(target)s”"))
    event.note(_("Note on progress"), event.after.get("progress_note"))


# --- open forums (networks.services_signups) -----------------------------------------------

_signup_status = choice(OpenSignup.Status)


@describes("forum_signup.created")
def _forum_signup_created(event):
    if event.after.get("status") == OpenSignup.Status.WAITING:
        event.say(_("Someone signed up for %(target)s and went on the waiting list"))
    else:
        event.say(_("Someone signed up for %(target)s"))
    event.note(_("Places"), str(event.after.get("places", "")))


@describes("forum_signup.status_changed")
def _forum_signup_status(event):
    if event.after.get("from_waiting_list"):
        event.say(_("A sign-up for %(target)s got a place from the waiting list"))
        return
    event.say(
        _("%(actor)s changed a sign-up for %(target)s from %(old)s to %(new)s"),
        old=lower_first(_signup_status(event.before.get("status"))),
        new=lower_first(_signup_status(event.after.get("status"))),
    )


@describes("forum.checked_in")
def _checked_in(event):
    if event.after.get("kind") == "member":
        event.say(
            _("%(actor)s checked in %(member)s at %(target)s"),
            member=event.after.get("member") or _("a member"),
        )
    else:
        event.say(_("%(actor)s checked in an open sign-up at %(target)s"))
    event.note(_("Places"), str(event.after.get("places", "")))


@describes("invitation.promoted")
def _invitation_promoted(event):
    event.say(
        _("%(member)s got a place at %(target)s from the waiting list"),
        member=event.after.get("member") or _("a member"),
    )
