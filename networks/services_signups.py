"""Writes of open forums: signing up for a public meeting without an account (booked or on
the waiting list), cancelling with the secret link, the freed places going to the one
waiting list of members and sign-ups (``networks.signups``), and checking people in on the
day. Places are counted under the meeting's row lock (``select_for_update``) with the rules
of ``portal.capacity``, so sign-ups and members' answers at the same moment never overfill
a meeting. Every status move is checked against ``networks.workflow.SIGNUP_TRANSITIONS`` and
audited (without the person's name or address: the audit trail outlives the sign-up); every
email goes through the outbox, its key making a repeat harmless."""

from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from networks import selectors, signups, workflow
from networks.calendar import meeting_ics
from networks.emails import member_recipients
from networks.models import Attendance, Invitation, Meeting, OpenSignup
from networks.models.signups import INTERPRETER_LANGUAGES, MAX_PLACES
from organisations.permissions import NETWORKS, may_for_organisation
from portal import capacity
from portal.links import absolute_reverse
from portal.notifications import notify
from portal.services import audit_record

S = OpenSignup.Status
R = Invitation.Response
BOOKED_KIND = "networks.forum_booked"
WAITING_KIND = "networks.forum_waiting"
PROMOTED_KIND = "networks.forum_promoted"
ALREADY_KIND = "networks.forum_already"
CANCELLED_KIND = "networks.forum_cancelled"
MEMBER_PROMOTED_KIND = "networks.forum_member_promoted"
ACTIVE = (S.BOOKED, S.WAITING)
TEXT_FIELDS = ("name", "organisation_name", "access_needs", "interpreter_other")


def _locked_meeting(pk) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("network__municipality", "place")
        .get(pk=pk)
    )


def _move(signup: OpenSignup, status: str, kinds, by, **extra) -> None:
    """Check, make and audit a move of a locked sign-up (the caller holds the meeting)."""
    before = signup.status
    allowed = workflow.allowed(before, status, kinds, workflow.SIGNUP_TRANSITIONS)
    if before != status and not allowed:
        raise ValidationError(_("The sign-up cannot change like that."), code="invalid_move")
    signup.status = status
    audit_record(
        actor=by,
        action="forum_signup.status_changed",
        target=signup.meeting,  # not the sign-up: its name would outlive it in the trail
        municipality=signup.meeting.network.municipality,
        before={"status": before},
        after={"signup": signup.pk, "status": status, **extra},
    )


# --- emails ------------------------------------------------------------------------------


def signup_url(signup: OpenSignup) -> str:
    """The person's own page of the sign-up (status, cancel): the secret token is the key."""
    return absolute_reverse("networks:forum_signup_page", args=[signup.token])


def _context(signup: OpenSignup, meeting: Meeting, **extra) -> dict:
    return {
        "signup": signup,
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "url": absolute_reverse("networks:meeting", args=[meeting.pk]),
        "signup_url": signup_url(signup),
        **extra,
    }


def _tell(signup, meeting, kind, template, *, ics=False, key_suffix="", **extra) -> None:
    notify(
        kind=kind,
        key=f"forum-signup:{signup.pk}:{template}:{signup.signed_up_at.isoformat()}{key_suffix}",
        template=f"networks/email/{template}",
        context=_context(signup, meeting, **extra),
        recipients=[signup.user or signup.email] if signup.user_id else [signup.email],
        municipality=meeting.network.municipality,
        attachment=("mote.ics", meeting_ics(meeting), "text/calendar") if ics else None,
    )


# --- signing up --------------------------------------------------------------------------


def signup_problems(data: dict, by=None) -> dict:
    """What is wrong with a sign-up's answers, per field (the service's own check)."""
    problems = {}
    for name in ("name", "email"):
        if not (data.get(name) or "").strip():
            problems[name] = _("This field is required.")
    places = data.get("places") or 0
    if not 1 <= places <= MAX_PLACES:
        problems["places"] = _("Between 1 and %(max)s places.") % {"max": MAX_PLACES}
    language = data.get("interpreter_language") or ""
    if language and language not in dict(INTERPRETER_LANGUAGES):
        problems["interpreter_language"] = _("Choose a language from the list.")
    if language == "other" and not (data.get("interpreter_other") or "").strip():
        problems["interpreter_other"] = _("Say which language.")
    organisation = data.get("organisation")
    if organisation is not None and not may_for_organisation(by, organisation, NETWORKS):
        problems["organisation"] = _("Choose an organisation you act for.")
    return problems


def sign_up(*, meeting: Meeting, data: dict, by=None) -> tuple[OpenSignup, bool]:
    """Sign up for an open forum (``data``: name, email, organisation_name, organisation,
    access_needs, interpreter_language, interpreter_other, places; ``by`` the logged-in
    person, or None). Booked when the places fit, else on the waiting list; emailed either
    way (the booking with the meeting's calendar file). The same address twice is one
    sign-up: the second time nothing changes and the address is sent its link again.
    Returns the sign-up and whether this call made (or remade) it."""
    by = by if getattr(by, "is_authenticated", False) else None
    problems = signup_problems(data, by)
    if problems:
        raise ValidationError(problems)
    email = data["email"].strip().lower()
    values = {name: (data.get(name) or "").strip() for name in TEXT_FIELDS}
    values["interpreter_language"] = data.get("interpreter_language") or ""
    if values["interpreter_language"] != "other":
        values["interpreter_other"] = ""
    values["places"] = data["places"]
    values["organisation"] = data.get("organisation")
    with transaction.atomic():
        meeting = _locked_meeting(meeting.pk)
        problem = signups.signup_problem(meeting)
        if problem:
            raise ValidationError(problem)
        signup = OpenSignup.objects.select_for_update().filter(meeting=meeting, email=email).first()
        if signup is not None and signup.status in ACTIVE:
            signup.meeting = meeting
            _tell(signup, meeting, ALREADY_KIND, "forum_already",
                  key_suffix=f":{timezone.localdate().isoformat()}")  # fmt: skip
            return signup, False
        fits = capacity.fits(meeting.capacity, signups.places_taken(meeting), values["places"])
        status = S.BOOKED if fits else S.WAITING
        now = timezone.now()
        if signup is None:
            signup = OpenSignup(meeting=meeting, email=email, user=by, status=status,
                                signed_up_at=now, **values)  # fmt: skip
            signup.full_clean(validate_unique=False)
            signup.save()
            audit_record(
                actor=by,
                action="forum_signup.created",
                target=meeting,
                municipality=meeting.network.municipality,
                after={"signup": signup.pk, "status": status, "places": signup.places},
            )
        else:
            signup.meeting = meeting
            _move(signup, status, frozenset({workflow.PERSON}), by)
            for name, value in values.items():
                setattr(signup, name, value)
            signup.signed_up_at, signup.user = now, by or signup.user
            signup.checked_in_at = signup.checked_in_by = None
            signup.full_clean(validate_unique=False)
            signup.save()
        signup.meeting = meeting
        if status == S.BOOKED:
            _tell(signup, meeting, BOOKED_KIND, "forum_booked", ics=True)
        else:
            position = signups.waiting_position(signup)
            _tell(signup, meeting, WAITING_KIND, "forum_waiting", position=position)
    return signup, True


# --- the waiting list --------------------------------------------------------------------


def promote_waiting(meeting: Meeting) -> list:
    """Give the meeting's free places to its one waiting list in order (members and
    sign-ups by time, ``networks.signups``); the caller holds the meeting's lock. Each one
    given a place is told by email (a sign-up with the calendar file)."""
    if meeting.capacity is None or meeting.status == Meeting.Status.CANCELLED:
        return []
    if meeting.has_started:
        return []
    line = signups.waiting_line(meeting, lock=True)

    def admit(row):
        if isinstance(row, Invitation):
            row.response = R.YES
            row.save(update_fields=["response"])
            audit_record(
                actor=None,
                action="invitation.promoted",
                target=meeting,
                municipality=meeting.network.municipality,
                after={"member": row.member.name, "places": row.places},
            )
            notify(
                kind=MEMBER_PROMOTED_KIND,
                key=f"invitation:{row.pk}:promoted:{(row.responded_at or now).isoformat()}",
                template="networks/email/forum_member_promoted",
                context={
                    "meeting": meeting,
                    "invitation": row,
                    "starts_at": timezone.localtime(meeting.starts_at),
                    "url": absolute_reverse("networks:meeting", args=[meeting.pk]),
                },
                recipients=member_recipients(row.member),
                municipality=meeting.network.municipality,
                attachment=("mote.ics", meeting_ics(meeting), "text/calendar"),
            )
            return
        row.meeting = meeting
        _move(row, S.BOOKED, frozenset({workflow.SYSTEM}), None, from_waiting_list=True)
        row.save(update_fields=["status"])
        _tell(row, meeting, PROMOTED_KIND, "forum_promoted", ics=True)

    now = timezone.now()
    return capacity.promote_waiting(
        capacity=meeting.capacity,
        places_taken=signups.places_taken(meeting),
        waiting=line,
        admit=admit,
    )


# --- cancelling --------------------------------------------------------------------------


def signup_cancel(*, signup: OpenSignup, by=None, token: str = "") -> OpenSignup:
    """Cancel a sign-up: the person (with the secret token of their link, or logged in as
    the account that signed up) or the meeting's managers, before the meeting starts. A
    place given up goes to the first on the waiting list. Cancelling twice changes nothing."""
    with transaction.atomic():
        meeting = _locked_meeting(signup.meeting_id)
        signup = OpenSignup.objects.select_for_update(of=("self",)).get(pk=signup.pk)
        signup.meeting = meeting
        kinds = set()
        if token and token == signup.token:
            kinds.add(workflow.PERSON)
        user_pk = getattr(by, "pk", None)
        if user_pk is not None and signup.user_id == user_pk:
            kinds.add(workflow.PERSON)
        if getattr(by, "is_authenticated", False) and selectors.can_manage(by, meeting.network):
            kinds.add(workflow.MANAGER)
        if not kinds:
            raise PermissionDenied
        if signup.status == S.CANCELLED:
            return signup
        if meeting.has_started:
            raise ValidationError(_("The meeting has already started."))
        was_booked = signup.status == S.BOOKED
        actor = by if getattr(by, "is_authenticated", False) else None
        _move(signup, S.CANCELLED, frozenset(kinds), actor)
        signup.save(update_fields=["status"])
        _tell(signup, meeting, CANCELLED_KIND, "forum_cancelled")
        if was_booked:
            promote_waiting(meeting)
    return signup


# --- the day: checking in ----------------------------------------------------------------


def check_in(*, meeting: Meeting, kind: str, pk: int, by) -> bool:
    """Check in a member's yes-answer (``kind`` "member": their attendance is recorded with
    the places they asked for) or a booked sign-up ("signup"), by the meeting's managers.
    Checking in twice changes nothing. Returns whether this call checked in."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting.pk)
        if not selectors.can_manage(by, meeting.network):
            raise PermissionDenied
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("The meeting has been cancelled."))
        if kind == "member":
            row = (
                Invitation.objects.select_for_update(of=("self",))
                .filter(meeting=meeting, pk=pk, response=R.YES)
                .select_related("member__organisation", "member__user")
                .first()
            )
        elif kind == "signup":
            row = (
                OpenSignup.objects.select_for_update(of=("self",))
                .filter(meeting=meeting, pk=pk, status=S.BOOKED)
                .first()
            )
        else:
            row = None
        if row is None:
            raise ValidationError(_("There is nobody like that on the check-in list."))
        if row.checked_in_at is not None:
            return False
        row.checked_in_at, row.checked_in_by = timezone.now(), by
        row.save(update_fields=["checked_in_at", "checked_in_by"])
        if kind == "member":
            Attendance.objects.get_or_create(
                meeting=meeting, member=row.member,
                defaults={"people": row.places, "recorded_by": by},
            )  # fmt: skip
        audit_record(
            actor=by,
            action="forum.checked_in",
            target=meeting,
            municipality=meeting.network.municipality,
            after={
                "kind": kind,
                "member": row.member.name if kind == "member" else "",
                "places": row.places,
            },
        )
    return True


# --- data rights -------------------------------------------------------------------------


def signups_of_person(user=None, email: str = ""):
    """Open sign-ups of a person: made with their account or their (verified) address."""
    condition = Q(pk__in=[])
    if user is not None:
        condition |= Q(user=user)
        email = email or user.email
    if email:
        condition |= Q(email__iexact=email.strip())
    return OpenSignup.objects.filter(condition).order_by("pk")


def erase_signups(*, user=None, email: str = "") -> int:
    """A person's erasure: their coming bookings are cancelled first (the places go to the
    waiting lists), then every sign-up of theirs is deleted. Returns how many."""
    for signup in signups_of_person(user, email).filter(
        status__in=ACTIVE, meeting__starts_at__gt=timezone.now()
    ):
        with suppress(ValidationError, PermissionDenied):
            signup_cancel(signup=signup, token=signup.token)
    return signups_of_person(user, email).delete()[0]
