"""Reads of open forums: the places a meeting has left (members' yes-answers and open
sign-ups count alike), the one waiting list of both, a sign-up's place in it, and the
check-in list of the day.

**One waiting list, by time.** Members who asked for the waiting list (``Invitation`` with
the answer *waitlist*, in the order of their answer's time) and open sign-ups that found the
meeting full (``OpenSignup`` *waiting*, in the order they signed up) stand in one line,
ordered by that time: whoever asked first gets the next place, member or not. A party that
does not fit in the places freed is passed over for a smaller one behind it
(``portal.capacity.promote_waiting``), as for meetings and shifts."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from networks.models import Invitation, Meeting, OpenSignup
from portal import capacity

R = Invitation.Response
S = OpenSignup.Status


def places_taken(meeting: Meeting, exclude=None) -> int:
    """Places held at ``meeting``: members' yes-answers and booked open sign-ups, leaving out
    ``exclude`` (an invitation or a sign-up being changed)."""
    answers = Invitation.objects.filter(meeting_id=meeting.pk, response=R.YES)
    signups = OpenSignup.objects.filter(meeting_id=meeting.pk, status=S.BOOKED)
    return capacity.taken(
        answers, exclude_pk=exclude.pk if isinstance(exclude, Invitation) else None
    ) + capacity.taken(signups, exclude_pk=exclude.pk if isinstance(exclude, OpenSignup) else None)


def places_left(meeting: Meeting) -> int | None:
    """Places left (None: no limit)."""
    return capacity.free(meeting.capacity, places_taken(meeting))


def waiting_line(meeting: Meeting, *, lock: bool = False) -> list:
    """The meeting's one waiting list (see the module's docstring): invitations and
    sign-ups, first first. With ``lock`` the rows are locked (the caller holds the
    meeting's lock, inside a transaction)."""
    members = Invitation.objects.filter(meeting_id=meeting.pk, response=R.WAITLIST)
    signups = OpenSignup.objects.filter(meeting_id=meeting.pk, status=S.WAITING)
    if lock:
        members = members.select_for_update(of=("self",))
        signups = signups.select_for_update(of=("self",))
    members = members.select_related("member__organisation", "member__user")
    line = [*members, *signups]
    line.sort(key=_queued_at)
    return line


def _queued_at(row):
    if isinstance(row, Invitation):
        return (row.responded_at or row.invited_at, 0, row.pk)
    return (row.signed_up_at, 1, row.pk)


def line_entries(line: list) -> list[tuple[str, int]]:
    """The waiting list as (name, places), for staff."""
    return [(row.member.name if isinstance(row, Invitation) else row.name, row.places)
            for row in line]  # fmt: skip


def waiting_position(signup: OpenSignup) -> int:
    """The sign-up's number in its meeting's waiting list (1: next to get a place)."""
    line = waiting_line(signup.meeting)
    for number, row in enumerate(line, start=1):
        if isinstance(row, OpenSignup) and row.pk == signup.pk:
            return number
    return 0


def signup_problem(meeting: Meeting) -> str | None:
    """Why nobody can sign up for ``meeting`` on its public page now (None: they can)."""
    if not (meeting.open_signup and meeting.is_public and meeting.network.is_public):
        return _("This meeting does not take sign-ups on the public page.")
    if meeting.status == Meeting.Status.CANCELLED:
        return _("The meeting has been cancelled.")
    if meeting.has_started:
        return _("The meeting has already started; sign-ups are closed.")
    return None


def open_meeting(pk) -> Meeting | None:
    """A public meeting of a public network that takes open sign-ups, or None."""
    meeting = (
        Meeting.objects.select_related("network__municipality", "place")
        .filter(pk=pk, open_signup=True, is_public=True)
        .first()
    )
    if meeting is None or not meeting.network.is_public:
        return None
    return meeting


def signup_by_token(token: str) -> OpenSignup | None:
    if not token or len(token) > 64:
        return None
    return (
        OpenSignup.objects.select_related("meeting__network__municipality", "meeting__place")
        .filter(token=token)
        .first()
    )


@dataclass
class CheckInRow:
    """One line of the check-in list: a member's yes-answer or an open sign-up."""

    kind: str  # "member" or "signup"
    pk: int
    name: str
    organisation: str
    places: int
    access_needs: str
    interpreter: str
    checked_in_at: object
    email: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"


def checkin_rows(meeting: Meeting) -> list[CheckInRow]:
    """Who is expected: members who answered yes and booked open sign-ups, by name."""
    rows = []
    answers = (
        Invitation.objects.filter(meeting_id=meeting.pk, response=R.YES)
        .select_related("member__organisation", "member__user", "responded_by")
        .order_by("pk")
    )
    for invitation in answers:
        member = invitation.member
        person = invitation.responded_by or member.user
        rows.append(
            CheckInRow(
                kind="member",
                pk=invitation.pk,
                name=(person.get_full_name() or person.email) if person else member.name,
                organisation=member.organisation.name if member.organisation_id else "",
                places=invitation.places,
                access_needs="",
                interpreter="",
                checked_in_at=invitation.checked_in_at,
                email=person.email if person else member.contact_email,
            )
        )
    signups = (
        OpenSignup.objects.filter(meeting_id=meeting.pk, status=S.BOOKED)
        .select_related("organisation")
        .order_by("pk")
    )
    for signup in signups:
        rows.append(
            CheckInRow(
                kind="signup",
                pk=signup.pk,
                name=signup.name,
                organisation=signup.shown_organisation,
                places=signup.places,
                access_needs=signup.access_needs,
                interpreter=signup.interpreter,
                checked_in_at=signup.checked_in_at,
                email=signup.email,
            )
        )
    rows.sort(key=lambda row: (row.name.casefold(), row.key))
    return rows


def checkin_counts(rows: list[CheckInRow]) -> dict:
    """People checked in and expected (places, not rows)."""
    return {
        "checked_in": sum(row.places for row in rows if row.checked_in_at),
        "expected": sum(row.places for row in rows),
    }


def signups_of(meeting: Meeting) -> QuerySet[OpenSignup]:
    return OpenSignup.objects.filter(meeting_id=meeting.pk).select_related("organisation")
