"""Reads of volunteer posts and shifts: the public list and a post's page (places left,
the visitor's own sign-ups with their place in the waiting list), an organisation's own
opportunities, and the host's view of extracts shown. Each list is read in a fixed number
of queries whatever its length."""

from __future__ import annotations

from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from organisations.models import Organisation
from portal import capacity
from volunteering.models import Interest, Post, RecordExtractCheck, Shift, ShiftSignup

S = ShiftSignup.Status
ACTIVE_SIGNUPS = (S.CONFIRMED, S.WAITING)
SHIFTS_SHOWN = 60  # a post's page lists this many coming shifts


def published(municipality) -> QuerySet[Post]:
    """The municipality's published posts: its activities' and its registered
    organisations' side by side."""
    return Post.objects.filter(municipality=municipality, status=Post.Status.PUBLISHED).filter(
        Q(administration__isnull=False) | Q(organisation__status=Organisation.Status.APPROVED)
    )


def with_list_details(posts: QuerySet[Post]) -> QuerySet[Post]:
    """What the public list shows of each post: its host, district, focus areas and the
    start of its next shift."""
    now = timezone.now()
    return (
        Post.objects.filter(pk__in=posts.values("pk"))
        .select_related("administration", "organisation", "district", "municipality")
        .prefetch_related("focus_areas")
        .annotate(
            next_shift=Min(
                "shifts__starts_at",
                filter=Q(shifts__starts_at__gt=now, shifts__cancelled=False),
            )
        )
        .order_by("activity", "title", "pk")
    )


def post_for_page(pk) -> Post:
    """One post with what its page shows (raises Post.DoesNotExist)."""
    return (
        Post.objects.select_related("administration", "organisation", "district", "municipality")
        .prefetch_related("focus_areas", "target_groups", "skills")
        .get(pk=pk)
    )


def with_position(signups: QuerySet[ShiftSignup]) -> QuerySet[ShiftSignup]:
    """Each sign-up with ``position``: its place in its shift's waiting list (for those
    waiting)."""
    earlier = (
        ShiftSignup.objects.filter(shift=OuterRef("shift"), status=S.WAITING)
        .filter(
            Q(signed_up_at__lt=OuterRef("signed_up_at"))
            | Q(signed_up_at=OuterRef("signed_up_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("shift")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return signups.annotate(position=Subquery(earlier))


def coming_shifts(post: Post, volunteer=None) -> list[Shift]:
    """The post's shifts not yet over, with ``booked``, ``waiting``, ``places_left`` and,
    for ``volunteer``, ``my_signup`` (booked or waiting, with its ``position``)."""
    shifts = list(
        Shift.objects.filter(post=post, ends_at__gt=timezone.now())
        .annotate(
            booked=Count("signups", filter=Q(signups__status=S.CONFIRMED)),
            waiting=Count("signups", filter=Q(signups__status=S.WAITING)),
        )
        .order_by("starts_at", "pk")[:SHIFTS_SHOWN]
    )
    mine = {}
    if volunteer is not None and shifts:
        mine = {
            s.shift_id: s
            for s in with_position(
                ShiftSignup.objects.filter(
                    volunteer=volunteer, shift__in=shifts, status__in=ACTIVE_SIGNUPS
                )
            )
        }
    now = timezone.now()
    for shift in shifts:
        shift.places_left = capacity.free(shift.places, shift.booked)
        shift.my_signup = mine.get(shift.pk)
        shift.started = shift.starts_at <= now
    return shifts


def organisation_posts(organisation) -> list[Post]:
    """An organisation's own opportunities, newest first, with the interests received."""
    interests = Interest.objects.select_related("volunteer__user").order_by("-created_at", "-pk")
    return list(
        Post.objects.filter(organisation=organisation)
        .select_related("district")
        .prefetch_related(Prefetch("interests", queryset=interests, to_attr="interests_received"))
        .order_by("-created_at", "-pk")
    )


def extract_overview(post: Post) -> list[dict]:
    """For a post that asks for an extract: each volunteer signed up for one of its shifts
    (booked or waiting), the date they showed an extract (None: not shown) and their next
    shift."""
    signups = (
        ShiftSignup.objects.filter(
            shift__post=post, status__in=ACTIVE_SIGNUPS, volunteer__isnull=False
        )
        .select_related("volunteer__user", "shift")
        .order_by("shift__starts_at", "pk")
    )
    shown = dict(
        RecordExtractCheck.objects.filter(post=post).values_list("volunteer_id", "shown_on")
    )
    found: dict[int, dict] = {}
    now = timezone.now()
    for signup in signups:
        row = found.setdefault(
            signup.volunteer_id,
            {
                "volunteer": signup.volunteer,
                "shown_on": shown.get(signup.volunteer_id),
                "next_shift": None,
                "status": signup.get_status_display(),
            },
        )
        if row["next_shift"] is None and signup.shift.starts_at > now:
            row["next_shift"] = signup.shift
    return sorted(found.values(), key=lambda r: (r["shown_on"] is not None, str(r["volunteer"])))


def not_shown_count(post: Post) -> int:
    """Booked volunteers of the post's coming shifts who have not shown an extract."""
    if not post.requires_record_extract:
        return 0
    shown = RecordExtractCheck.objects.filter(post=post).values("volunteer_id")
    return (
        ShiftSignup.objects.filter(
            shift__post=post,
            status=S.CONFIRMED,
            shift__ends_at__gt=timezone.now(),
            volunteer__isnull=False,
        )
        .exclude(volunteer_id__in=shown)
        .values("volunteer_id")
        .distinct()
        .count()
    )
