"""Volunteer posts (frivilliguppdrag) and their shifts: hosts write posts and shifts,
volunteers book a place or join the waiting list, the host records who came and the hours,
and that an extract from the criminal records was shown; volunteers answer a post
without shifts with an expression of interest.

Places and the waiting list follow ``portal.capacity``, the rules network meetings use:
the shift's row is locked (``select_for_update``) while its booked places are counted, so
sign-ups at the same moment never overfill it; a place given up goes to the first on the
waiting list, who is told by email. Every status move is checked against
``volunteering.workflow`` and audited; every write asks ``volunteering.permissions`` again.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation
from portal import capacity
from portal.links import absolute_reverse
from portal.notifications import notify
from portal.services import audit_record
from volunteering import permissions, workflow
from volunteering.models import Interest, Post, RecordExtractCheck, Shift, ShiftSignup, Volunteer

O = Post.Status  # noqa: E741 - as in volunteering.workflow
S = ShiftSignup.Status
BOOKED_KIND = "volunteering.shift_booked"
WAITING_KIND = "volunteering.shift_waiting"
PROMOTED_KIND = "volunteering.shift_promoted"
CANCELLED_KIND = "volunteering.shift_cancelled"
INTEREST_KIND = "volunteering.interest_received"
ACTIVE_SIGNUPS = (S.CONFIRMED, S.WAITING)
HUNDREDTHS = Decimal("0.01")

# Plain fields a host writes (the forms' fields, the services' keys).
POST_FIELDS = (
    "activity",
    "title",
    "description",
    "place",
    "district",
    "requirements",
    "requires_record_extract",
    "contact_name",
    "contact_email",
    "contact_phone",
)
POST_MANY = ("focus_areas", "target_groups", "skills")
TEXT_FIELDS = ("activity", "title", "description", "place", "requirements", "contact_name",
               "contact_email", "contact_phone")  # fmt: skip


def require_run(user, post: Post) -> None:
    if not permissions.may_run_post(user, post):
        raise PermissionDenied


def _plain(value):
    """A value as the audit row stores it."""
    if hasattr(value, "pk"):
        return str(value)
    return value


# --- posts -------------------------------------------------------------------------------


def post_problems(*, municipality_id: int, data: dict) -> dict:
    """What is wrong with ``data`` for a post of the municipality, per field."""
    problems = {}
    for name in ("activity", "title", "description", "contact_name", "contact_email"):
        if name in data and not (data[name] or "").strip():
            problems[name] = _("This field is required.")
    district = data.get("district")
    if district is not None and district.municipality_id != municipality_id:
        problems["district"] = _("Choose the municipality's own districts.")
    messages = {
        "focus_areas": _("Choose the municipality's own focus areas."),
        "target_groups": _("Choose the municipality's own target groups."),
        "skills": _("Choose the municipality's own skills and resources."),
    }
    for name, message in messages.items():
        if any(v.municipality_id != municipality_id for v in data.get(name) or ()):
            problems[name] = message
    return problems


def _set_fields(post: Post, data: dict) -> dict:
    """Set the plain fields of ``data``; ``{name: (before, after)}`` of those changed."""
    changed = {}
    for name in POST_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        before = getattr(post, name)
        if before != value:
            setattr(post, name, value)
            changed[name] = (_plain(before), _plain(value))
    return changed


def _set_many(post: Post, data: dict) -> dict:
    changed = {}
    for name in POST_MANY:
        if name not in data:
            continue
        manager = getattr(post, name)
        before = sorted(str(v) for v in manager.all())
        after = sorted(str(v) for v in data[name] or ())
        if before != after:
            manager.set(list(data[name] or ()))
            changed[name] = (before, after)
    return changed


@transaction.atomic
def post_create(*, by, data: dict, administration=None, organisation=None) -> Post:
    """A draft post of ``administration`` (a municipal activity; its hosts) or of
    ``organisation`` (its own opportunity; the people who act for it)."""
    if (administration is None) == (organisation is None):
        raise ValidationError(_("A post has one host: an administration or an organisation."))
    if administration is not None:
        municipality = administration.municipality
        allowed = permissions.may_host(by, municipality, administration)
    else:
        municipality = organisation.municipality
        allowed = permissions.may_act_for(by, organisation)
    if not allowed:
        raise PermissionDenied
    problems = post_problems(municipality_id=municipality.pk, data=data)
    if problems:
        raise ValidationError(problems)
    post = Post(
        municipality=municipality,
        administration=administration,
        organisation=organisation,
        status=workflow.CREATED_AS["post"],
        created_by=by,
    )
    _set_fields(post, data)
    post.full_clean()
    post.save()
    _set_many(post, data)
    audit_record(
        actor=by,
        action="post.created",
        target=post,
        municipality=municipality,
        after={"host": post.host_name, "activity": post.activity, "title": post.title},
    )
    return post


@transaction.atomic
def post_update(*, post: Post, by, data: dict, administration=None) -> Post:
    """Change a post; a municipal post may move to another administration the host hosts."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    require_run(by, post)
    problems = post_problems(municipality_id=post.municipality_id, data=data)
    if problems:
        raise ValidationError(problems)
    changed = _set_fields(post, data)
    if administration is not None and administration.pk != post.administration_id:
        if post.administration_id is None or not permissions.may_host(
            by, post.municipality_id, administration
        ):
            raise ValidationError(
                {"administration": _("Choose an administration whose activities you host.")}
            )
        changed["administration"] = (str(post.administration), str(administration))
        post.administration = administration
    if changed:
        post.full_clean()
        post.save(update_fields=[*changed, "updated_at"])
    changed |= _set_many(post, data)
    if changed:
        audit_record(
            actor=by,
            action="post.changed",
            target=post,
            municipality=post.municipality,
            before={k: v[0] for k, v in changed.items()},
            after={k: v[1] for k, v in changed.items()},
        )
    return post


def status_problem(post: Post, status: str, by) -> str | None:
    """Why ``by`` may not move ``post`` to ``status`` (None: they may)."""

    kinds = frozenset({workflow.HOST}) if permissions.may_run_post(by, post) else frozenset()
    problem = workflow.move_problem(workflow.POST_TRANSITIONS, O, post.status, status, kinds)
    if problem:
        return problem
    organisation = post.organisation
    if (
        status == O.PUBLISHED
        and organisation is not None
        and organisation.status != Organisation.Status.APPROVED
    ):
        return _(
            "The municipality approves the organisation's registration first; then its "
            "opportunities can be published."
        )
    return None


@transaction.atomic
def post_set_status(*, post: Post, status: str, by) -> Post:
    """Publish, close or publish again (``workflow.POST_TRANSITIONS``, the post's hosts)."""
    post = (
        Post.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=post.pk)
    )
    require_run(by, post)
    if status == post.status:
        return post
    problem = status_problem(post, status, by)
    if problem:
        raise ValidationError(problem, code="invalid_move")
    before = post.status
    post.status = status
    post.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        action="post.status_changed",
        target=post,
        municipality=post.municipality,
        before={"status": before},
        after={"status": status},
    )
    return post


# --- shifts ------------------------------------------------------------------------------


def places_taken(shift: Shift, *, exclude_pk=None) -> int:
    """Places booked on ``shift`` (one a sign-up)."""
    booked = ShiftSignup.objects.filter(shift_id=shift.pk, status=S.CONFIRMED)
    return capacity.taken(booked, exclude_pk=exclude_pk, places_field=None)


def shift_problems(*, starts_at, ends_at, places, shift: Shift | None = None) -> dict:
    """What is wrong with a shift's time and places, per field (the admin asks too)."""
    problems = {}
    if starts_at and ends_at and ends_at <= starts_at:
        problems["ends_at"] = _("The shift must end after it starts.")
    if starts_at and ends_at and (ends_at - starts_at).total_seconds() > 24 * 3600:
        problems["ends_at"] = _("A shift lasts at most 24 hours: add one shift a day.")
    if places is not None and places < 1:
        problems["places"] = _("A shift has at least one place.")
    elif shift is not None and shift.pk and places is not None:
        booked = places_taken(shift)
        if places < booked:
            problems["places"] = _(
                "%(booked)s volunteers are booked: keep at least %(booked)s places, or cancel "
                "bookings first."
            ) % {"booked": booked}
    return problems


def _check_shift(**kwargs) -> None:
    problems = shift_problems(**kwargs)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def shift_create(*, post: Post, by, starts_at, ends_at, places: int, note: str = "") -> Shift:
    require_run(by, post)
    _check_shift(starts_at=starts_at, ends_at=ends_at, places=places)
    shift = Shift(post=post, starts_at=starts_at, ends_at=ends_at, places=places,
                  note=(note or "").strip())  # fmt: skip
    shift.full_clean()
    shift.save()
    audit_record(
        actor=by,
        action="shift.created",
        target=shift,
        municipality=post.municipality,
        after={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat(),
               "places": places},
    )  # fmt: skip
    return shift


def _locked_shift(shift) -> Shift:
    return (
        Shift.objects.select_for_update(of=("self",))
        .select_related("post__municipality", "post__organisation", "post__administration")
        .get(pk=getattr(shift, "pk", shift))
    )


@transaction.atomic
def shift_update(
    *, shift: Shift, by, starts_at, ends_at, places: int, note: str = "", cancelled=None
) -> Shift:
    """Change a shift's time, places or note; more places go to the waiting list. With
    ``cancelled`` the shift is cancelled (its volunteers are told) or held after all."""
    shift = _locked_shift(shift)
    require_run(by, shift.post)
    _check_shift(starts_at=starts_at, ends_at=ends_at, places=places, shift=shift)
    values = {"starts_at": starts_at, "ends_at": ends_at, "places": places,
              "note": (note or "").strip()}  # fmt: skip
    changed = {k: (getattr(shift, k), v) for k, v in values.items() if getattr(shift, k) != v}
    for name, (_before, after) in changed.items():
        setattr(shift, name, after)
    if changed:
        shift.full_clean()
        shift.save(update_fields=list(changed))
        audit_record(
            actor=by,
            action="shift.changed",
            target=shift,
            municipality=shift.post.municipality,
            before={k: _iso(v[0]) for k, v in changed.items()},
            after={k: _iso(v[1]) for k, v in changed.items()},
        )
    if cancelled is True and not shift.cancelled:
        _cancel(shift, by)
    elif cancelled is False and shift.cancelled:
        shift.cancelled = False
        shift.save(update_fields=["cancelled"])
        audit_record(
            actor=by, action="shift.reinstated", target=shift, municipality=shift.post.municipality
        )
    if not shift.cancelled:
        promote_waiting(shift)
    return shift


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _cancel(shift: Shift, by) -> None:
    shift.cancelled = True
    shift.save(update_fields=["cancelled"])
    audit_record(
        actor=by, action="shift.cancelled", target=shift, municipality=shift.post.municipality
    )
    affected = list(
        shift.signups.filter(status__in=ACTIVE_SIGNUPS, volunteer__isnull=False).select_related(
            "volunteer__user"
        )
    )
    if affected:
        notify(
            kind=CANCELLED_KIND,
            key=f"shift:{shift.pk}:cancelled:{timezone.now().isoformat()}",
            template="volunteering/email/shift_cancelled",
            context=_shift_context(shift),
            recipients=[s.volunteer.user for s in affected],
            municipality=shift.post.municipality,
        )


@transaction.atomic
def shift_cancel(*, shift: Shift, by) -> Shift:
    """Cancel a shift: the sign-ups stay (who was booked), the volunteers are told."""
    shift = _locked_shift(shift)
    require_run(by, shift.post)
    if not shift.cancelled:
        _cancel(shift, by)
    return shift


@transaction.atomic
def shift_delete(*, shift: Shift, by) -> None:
    """Remove a shift nobody signed up for (one with sign-ups is cancelled instead)."""
    shift = _locked_shift(shift)
    require_run(by, shift.post)
    if shift.signups.exists():
        raise ValidationError(
            _("Volunteers have signed up for the shift: cancel it instead of removing it.")
        )
    audit_record(
        actor=by,
        action="shift.deleted",
        target=shift,
        municipality=shift.post.municipality,
        before={"starts_at": shift.starts_at.isoformat(), "places": shift.places},
    )
    shift.delete()


# --- sign-ups ----------------------------------------------------------------------------


def signup_problem(shift: Shift, volunteer: Volunteer | None = None) -> str | None:
    """Why a place on ``shift`` cannot be taken now (None: it can)."""
    if shift.post.status != O.PUBLISHED:
        return _("The post is not taking volunteers now.")
    if shift.cancelled:
        return _("The shift has been cancelled.")
    if shift.starts_at <= timezone.now():
        return _("The shift has already started.")
    if volunteer is not None and volunteer.status != Volunteer.Status.ACTIVE:
        return _("You have paused your volunteering: make yourself available again first.")
    return None


def _shift_context(shift: Shift, signup: ShiftSignup | None = None) -> dict:
    post = shift.post
    return {
        "post": post,
        "shift": shift,
        "starts_at": timezone.localtime(shift.starts_at),
        "ends_at": timezone.localtime(shift.ends_at),
        "signup": signup,
        "url": absolute_reverse("volunteering:post", args=[post.pk]),
        "mine_url": absolute_reverse("volunteering:mine"),
    }


def _tell(signup: ShiftSignup, shift: Shift, kind: str, template: str, **extra) -> None:
    if signup.volunteer is None:
        return
    notify(
        kind=kind,
        key=f"signup:{signup.pk}:{template}:{signup.signed_up_at.isoformat()}",
        template=f"volunteering/email/{template}",
        context={**_shift_context(shift, signup), **extra},
        recipients=[signup.volunteer.user],
        municipality=shift.post.municipality,
    )


def waiting_position(signup: ShiftSignup) -> int:
    """The sign-up's place in its shift's waiting list (1: next to get a place)."""
    earlier = ShiftSignup.objects.filter(
        shift_id=signup.shift_id, status=S.WAITING, signed_up_at__lte=signup.signed_up_at
    ).exclude(signed_up_at=signup.signed_up_at, pk__gt=signup.pk)
    return earlier.count()


def shift_sign_up(*, shift: Shift, volunteer: Volunteer, by) -> ShiftSignup:
    """Take a place on ``shift`` for ``volunteer`` (the person themselves), or the next
    place in its waiting list when it is full. The shift's row is locked while the booked
    places are counted, so sign-ups at the same moment never overfill it."""
    if volunteer.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    with transaction.atomic():
        shift = _locked_shift(shift)
        volunteer = Volunteer.objects.get(pk=volunteer.pk)
        if volunteer.municipality_id != shift.post.municipality_id:
            raise PermissionDenied
        problem = signup_problem(shift, volunteer)
        if problem:
            raise ValidationError(problem)
        signup = (
            ShiftSignup.objects.select_for_update().filter(shift=shift, volunteer=volunteer).first()
        )
        if signup is not None and signup.status in ACTIVE_SIGNUPS:
            raise ValidationError(_("You have already signed up for this shift."))
        status = S.CONFIRMED if capacity.fits(shift.places, places_taken(shift), 1) else S.WAITING
        now = timezone.now()
        if signup is None:
            signup = ShiftSignup.objects.create(
                shift=shift, volunteer=volunteer, status=status, signed_up_at=now
            )
            audit_record(
                actor=by,
                action="signup.created",
                target=signup,
                municipality=shift.post.municipality,
                after={"status": status},
            )
        else:
            workflow.check_move(workflow.SIGNUP_TRANSITIONS, S, signup.status, status,
                       frozenset({workflow.VOLUNTEER}))  # fmt: skip
            before = signup.status
            signup.status, signup.signed_up_at = status, now
            signup.attended = signup.hours = signup.recorded_at = signup.recorded_by = None
            signup.save(update_fields=["status", "signed_up_at", "attended", "hours",
                                       "recorded_at", "recorded_by"])  # fmt: skip
            audit_record(
                actor=by,
                action="signup.status_changed",
                target=signup,
                municipality=shift.post.municipality,
                before={"status": before},
                after={"status": status},
            )
        signup.volunteer = volunteer
        if status == S.CONFIRMED:
            _tell(signup, shift, BOOKED_KIND, "shift_booked")
        else:
            _tell(signup, shift, WAITING_KIND, "shift_waiting", position=waiting_position(signup))
    return signup


def promote_waiting(shift: Shift) -> list[ShiftSignup]:
    """Give the shift's free places to its waiting list in order (the caller holds the
    shift's lock); each one booked is told by email."""
    if shift.cancelled or shift.starts_at <= timezone.now():
        return []
    waiting = list(
        ShiftSignup.objects.select_for_update(of=("self",))
        .filter(shift_id=shift.pk, status=S.WAITING)
        .select_related("volunteer__user")
        .order_by("signed_up_at", "pk")
    )

    def admit(signup):
        workflow.check_move(workflow.SIGNUP_TRANSITIONS, S, S.WAITING, S.CONFIRMED,
                   frozenset({workflow.SYSTEM}))  # fmt: skip
        signup.status = S.CONFIRMED
        signup.save(update_fields=["status"])
        audit_record(
            actor=None,
            action="signup.status_changed",
            target=signup,
            municipality=shift.post.municipality,
            before={"status": S.WAITING},
            after={"status": S.CONFIRMED, "from_waiting_list": True},
        )
        _tell(signup, shift, PROMOTED_KIND, "shift_promoted")

    return capacity.promote_waiting(
        capacity=shift.places,
        places_taken=places_taken(shift),
        waiting=waiting,
        admit=admit,
        size=lambda signup: 1,
    )


def _signup_kinds(user, signup: ShiftSignup, shift: Shift) -> frozenset:
    kinds = set()
    if signup.volunteer is not None and signup.volunteer.user_id == getattr(user, "pk", None):
        kinds.add(workflow.VOLUNTEER)
    if permissions.may_run_post(user, shift.post):
        kinds.add(workflow.HOST)
    return frozenset(kinds)


def _give_up(signup: ShiftSignup, shift: Shift, by, kinds) -> ShiftSignup:
    before = signup.status
    workflow.check_move(workflow.SIGNUP_TRANSITIONS, S, before, S.CANCELLED, kinds)
    signup.status = S.CANCELLED
    signup.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="signup.status_changed",
        target=signup,
        municipality=shift.post.municipality,
        before={"status": before},
        after={"status": S.CANCELLED},
    )
    if before == S.CONFIRMED:
        promote_waiting(shift)
    return signup


def signup_cancel(*, signup: ShiftSignup, by) -> ShiftSignup:
    """Give up a place or leave the waiting list (the volunteer, or the post's host) before
    the shift starts; a place given up goes to the first on the waiting list."""
    with transaction.atomic():
        shift = _locked_shift(signup.shift_id)
        signup = (
            ShiftSignup.objects.select_for_update(of=("self",))
            .select_related("volunteer")
            .get(pk=signup.pk)
        )
        kinds = _signup_kinds(by, signup, shift)
        if not kinds:
            raise PermissionDenied
        if signup.status == S.CANCELLED:
            return signup
        if shift.starts_at <= timezone.now():
            raise ValidationError(
                _("The shift has already started: tell the post's contact person instead.")
            )
        return _give_up(signup, shift, by, kinds)


def give_up_coming_shifts(*, volunteer_ids, by=None) -> int:
    """Cancel the coming bookings and waiting-list places of volunteers who remove their
    data (their places go to the waiting lists). Returns how many."""
    coming = list(
        ShiftSignup.objects.filter(
            volunteer_id__in=volunteer_ids,
            status__in=ACTIVE_SIGNUPS,
            shift__starts_at__gt=timezone.now(),
        ).values_list("pk", "shift_id")
    )
    for signup_pk, shift_pk in sorted(coming, key=lambda row: row[1]):
        shift = _locked_shift(shift_pk)
        signup = ShiftSignup.objects.select_for_update(of=("self",)).get(pk=signup_pk)
        if signup.status in ACTIVE_SIGNUPS:
            _give_up(signup, shift, by, frozenset({workflow.VOLUNTEER}))
    return len(coming)


# --- attendance and extracts -------------------------------------------------------------


@transaction.atomic
def attendance_record(*, shift: Shift, by, rows: dict) -> int:
    """Record who came and their hours: ``{signup id: (came: bool | None, hours or None)}``.
    Someone who came without hours given is counted the shift's length; someone who did
    not come, or not known, has no hours. Returns how many rows changed."""
    shift = _locked_shift(shift)
    require_run(by, shift.post)
    if shift.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the shift has started."))
    booked = {
        s.pk: s
        for s in ShiftSignup.objects.select_for_update().filter(shift=shift, status=S.CONFIRMED)
    }
    if set(map(int, rows)) - set(booked):
        raise ValidationError(_("Only the shift's booked volunteers can be recorded."))
    default = min(Decimal(str(shift.hours)), Decimal(24)).quantize(HUNDREDTHS)
    changed, now = 0, timezone.now()
    for pk, (attended, hours) in rows.items():
        signup = booked[int(pk)]
        if attended is True:
            hours = default if hours is None else Decimal(hours).quantize(HUNDREDTHS)
            if not Decimal(0) <= hours <= Decimal(24):
                raise ValidationError({f"hours_{pk}": _("Give between 0 and 24 hours.")})
        else:
            hours = None
        if (signup.attended, signup.hours) == (attended, hours):
            continue
        signup.attended, signup.hours = attended, hours
        signup.recorded_by, signup.recorded_at = by, now
        signup.save(update_fields=["attended", "hours", "recorded_by", "recorded_at"])
        changed += 1
    if changed:
        came = [s for s in booked.values() if s.attended]
        audit_record(
            actor=by,
            action="shift.attendance_recorded",
            target=shift,
            municipality=shift.post.municipality,
            after={
                "came": len(came),
                "did_not_come": sum(1 for s in booked.values() if s.attended is False),
                "hours": str(sum((s.hours or Decimal(0) for s in came), Decimal(0))),
            },
        )
    return changed


@transaction.atomic
def extract_check_record(*, post: Post, volunteer: Volunteer, shown_on, by) -> RecordExtractCheck:
    """Record that ``volunteer`` showed an extract from the criminal records for ``post``
    on ``shown_on`` (the date only; never the extract)."""
    require_run(by, post)
    if not post.requires_record_extract:
        raise ValidationError(_("The post does not ask for an extract from the criminal records."))
    if volunteer.municipality_id != post.municipality_id:
        raise ValidationError({"volunteer": _("Choose one of the post's volunteers.")})
    if shown_on > timezone.localdate():
        raise ValidationError({"shown_on": _("The date cannot be in the future.")})
    check, _created = RecordExtractCheck.objects.update_or_create(
        volunteer=volunteer,
        post=post,
        defaults={"shown_on": shown_on, "recorded_by": by, "recorded_at": timezone.now()},
    )
    audit_record(
        actor=by,
        action="extract.recorded",
        target=check,
        municipality=post.municipality,
        after={"shown_on": shown_on.isoformat()},
    )
    return check


# --- interest ----------------------------------------------------------------------------


def interest_problem(post: Post, volunteer: Volunteer | None = None) -> str | None:
    if post.status != O.PUBLISHED:
        return _("The post is not taking volunteers now.")
    if volunteer is not None and volunteer.status != Volunteer.Status.ACTIVE:
        return _("You have paused your volunteering: make yourself available again first.")
    return None


@transaction.atomic
def interest_send(*, post: Post, volunteer: Volunteer, by, message: str = "") -> Interest:
    """The volunteer tells the post's host they are interested; the post's contact is
    emailed with how to reach them and answers them directly."""
    if volunteer.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    post = (
        Post.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=post.pk)
    )
    if volunteer.municipality_id != post.municipality_id:
        raise PermissionDenied
    problem = interest_problem(post, volunteer)
    if problem:
        raise ValidationError(problem)
    if Interest.objects.filter(post=post, volunteer=volunteer).exists():
        raise ValidationError(_("You have already told them you are interested."))
    interest = Interest.objects.create(
        post=post, volunteer=volunteer, message=(message or "").strip()[:2000]
    )
    audit_record(actor=by, action="interest.sent", target=interest, municipality=post.municipality)
    phone = volunteer.phone if volunteer.phone else ""
    notify(
        kind=INTEREST_KIND,
        key=f"interest:{interest.pk}",
        template="volunteering/email/interest_received",
        context={
            "post": post,
            "name": volunteer.user.full_name or volunteer.user.email,
            "email": volunteer.user.email,
            "phone": phone,
            "message": interest.message,
            "url": absolute_reverse("volunteering:post", args=[post.pk]),
        },
        recipients=[post.contact_email],
        municipality=post.municipality,
    )
    return interest
