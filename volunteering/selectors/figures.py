"""Hours and totals of mobilisation and volunteering: per volunteer (their certificate), per
organisation, for the municipality's public summary, and grouped per focus area or district
for the politicians' figures (insights.volunteering). Reads only; counts and sums, never a
name, except in what a volunteer reads about themselves.

What counts as hours given:

* a shift sign-up the host marked as attended, with the hours recorded (a row without
  hours counts nothing: the host records them with the attendance);
* the ``hours_given`` of an accepted pledge, recorded after the call-out.

A volunteer's hours are their own sign-ups and pledges; an organisation's are its accepted
pledges and the sign-ups on its own posts (its opportunities with shifts). A year is the
calendar year in the portal's time zone: a shift counts in the year it started, a pledge in
the year its call-out was sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from volunteering.models import CallOut, Pledge, Post, Shift, ShiftSignup, Volunteer

ZERO = Decimal("0.00")
HOURS = DecimalField(max_digits=12, decimal_places=2)

A = Pledge.Status.ACCEPTED
ATTENDED = Q(attended=True, status=ShiftSignup.Status.CONFIRMED)


def _hours(expression) -> Coalesce:
    return Coalesce(Sum(expression), Value(ZERO), output_field=HOURS)


def year_range(year: int) -> tuple[datetime, datetime]:
    """The first moment of ``year`` and of the next one, in the portal's time zone."""
    tz = timezone.get_current_timezone()
    return (
        datetime(year, 1, 1, tzinfo=tz),
        datetime(year + 1, 1, 1, tzinfo=tz),
    )


def this_year() -> int:
    return timezone.localdate().year


# --- one volunteer, one organisation ---------------------------------------------------------


def volunteer_hours(volunteer: Volunteer) -> Decimal:
    """The hours a volunteer has given: attended shifts and accepted pledges (two queries)."""
    shifts = ShiftSignup.objects.filter(ATTENDED, volunteer=volunteer).aggregate(h=_hours("hours"))
    pledges = Pledge.objects.filter(volunteer=volunteer, status=A).aggregate(
        h=_hours("hours_given")
    )
    return shifts["h"] + pledges["h"]


def organisation_hours(organisation) -> Decimal:
    """An organisation's hours: its accepted pledges, and the attended shifts of its own
    posts (two queries)."""
    pledges = Pledge.objects.filter(organisation=organisation, status=A).aggregate(
        h=_hours("hours_given")
    )
    shifts = ShiftSignup.objects.filter(ATTENDED, shift__post__organisation=organisation).aggregate(
        h=_hours("hours")
    )
    return pledges["h"] + shifts["h"]


def hours_by_volunteer(volunteer_ids) -> dict[int, Decimal]:
    """Each volunteer's hours, for a list of volunteers (two queries however many)."""
    found: dict[int, Decimal] = {}
    shifts = (
        ShiftSignup.objects.filter(ATTENDED, volunteer_id__in=volunteer_ids)
        .values("volunteer_id")
        .annotate(h=_hours("hours"))
    )
    pledges = (
        Pledge.objects.filter(status=A, volunteer_id__in=volunteer_ids)
        .values("volunteer_id")
        .annotate(h=_hours("hours_given"))
    )
    for row in [*shifts, *pledges]:
        found[row["volunteer_id"]] = found.get(row["volunteer_id"], ZERO) + row["h"]
    return found


def hours_by_organisation(organisation_ids) -> dict[int, Decimal]:
    """Each organisation's hours, for a list of organisations (two queries)."""
    found: dict[int, Decimal] = {}
    pledges = (
        Pledge.objects.filter(status=A, organisation_id__in=organisation_ids)
        .values(key=F("organisation_id"))
        .annotate(h=_hours("hours_given"))
    )
    shifts = (
        ShiftSignup.objects.filter(ATTENDED, shift__post__organisation_id__in=organisation_ids)
        .values(key=F("shift__post__organisation_id"))
        .annotate(h=_hours("hours"))
    )
    for row in [*pledges, *shifts]:
        found[row["key"]] = found.get(row["key"], ZERO) + row["h"]
    return found


# --- what a volunteer did (the certificate) ----------------------------------------------------


@dataclass
class Activity:
    """One line of a certificate: a post's shifts attended, or a call-out answered."""

    name: str  # "MeetingPoint: Språkcafévärd", or the call-out's title
    host: str  # who ran it: the administration, the organisation or the municipality
    first: date | None
    last: date | None
    hours: Decimal
    times: int = 1  # shifts attended (1 for a call-out)


@dataclass
class VolunteerRecord:
    volunteer: Volunteer
    shifts: list[Activity] = field(default_factory=list)
    callouts: list[Activity] = field(default_factory=list)
    recognitions: list = field(default_factory=list)

    @property
    def total_hours(self) -> Decimal:
        return sum((a.hours for a in [*self.shifts, *self.callouts]), ZERO)

    @property
    def activities(self) -> list[Activity]:
        return [*self.shifts, *self.callouts]


def volunteer_record(volunteer: Volunteer) -> VolunteerRecord:
    """What a volunteer did in their municipality, for their certificate: the posts whose
    shifts they attended (dates and hours summed per post), the call-outs where their pledge
    was accepted (dates and hours given), and the recognitions published to them. Three
    queries."""
    record = VolunteerRecord(volunteer)
    signups = (
        ShiftSignup.objects.filter(ATTENDED, volunteer=volunteer)
        .select_related("shift__post__administration", "shift__post__organisation")
        .order_by("shift__starts_at", "pk")
    )
    per_post: dict[int, Activity] = {}
    for signup in signups:
        post, day = signup.shift.post, timezone.localtime(signup.shift.starts_at).date()
        activity = per_post.get(post.pk)
        if activity is None:
            per_post[post.pk] = Activity(
                name=f"{post.activity}: {post.title}",
                host=post.host_name,
                first=day,
                last=day,
                hours=signup.hours or ZERO,
            )
            continue
        activity.last = day
        activity.hours += signup.hours or ZERO
        activity.times += 1
    record.shifts = list(per_post.values())
    pledges = (
        Pledge.objects.filter(volunteer=volunteer, status=A)
        .select_related("callout")
        .order_by("callout__starts_at", "callout__sent_at", "pk")
    )
    for pledge in pledges:
        callout = pledge.callout
        start = callout.starts_at or callout.sent_at or pledge.pledged_at
        end = callout.ends_at or start
        record.callouts.append(
            Activity(
                name=callout.title,
                host=str(volunteer.municipality),
                first=timezone.localtime(start).date(),
                last=timezone.localtime(end).date(),
                hours=pledge.hours_given or ZERO,
            )
        )
    record.recognitions = list(
        volunteer.recognitions.filter(status="published").order_by("-year", "title")
    )
    return record


# --- the municipality's public summary ---------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    volunteers: int  # available now
    hours: Decimal  # given this year
    callouts_answered: int  # sent this year, with at least one pledge accepted
    year: int


def municipality_summary(municipality, year: int | None = None) -> Summary:
    """Volunteering in a municipality in a few figures, for its public pages: no names.
    Four queries."""
    year = year or this_year()
    start, end = year_range(year)
    volunteers = Volunteer.objects.filter(
        municipality=municipality, status=Volunteer.Status.ACTIVE
    ).count()
    shift_hours = ShiftSignup.objects.filter(
        ATTENDED,
        shift__post__municipality=municipality,
        shift__starts_at__gte=start,
        shift__starts_at__lt=end,
    ).aggregate(h=_hours("hours"))["h"]
    pledge_hours = Pledge.objects.filter(
        status=A,
        callout__municipality=municipality,
        callout__sent_at__gte=start,
        callout__sent_at__lt=end,
    ).aggregate(h=_hours("hours_given"))["h"]
    answered = CallOut.objects.filter(
        municipality=municipality,
        sent_at__gte=start,
        sent_at__lt=end,
    ).filter(Exists(Pledge.objects.filter(callout=OuterRef("pk"), status=A)))
    return Summary(volunteers, shift_hours + pledge_hours, answered.count(), year)


# --- per focus area or district (the politicians' figures) -----------------------------------


@dataclass
class Figures:
    """Volunteering's figures of one focus area or district (or of none: ``key`` None)."""

    key: int | None
    volunteers: int = 0  # available now
    hours: Decimal = ZERO  # this year: shifts attended and pledges accepted
    callouts: int = 0  # sent this year
    callouts_open: int = 0
    callouts_closed: int = 0
    people_needed: int = 0  # summed over those call-outs
    people_accepted: int = 0  # people of their accepted pledges
    pledges: int = 0  # offered to those call-outs (not withdrawn)
    posts: int = 0  # published
    shifts: int = 0  # this year, not cancelled
    shifts_filled: int = 0  # of those, every place booked

    @property
    def coverage(self) -> int | None:
        """People accepted as a percentage of the people needed (None: no need stated)."""
        if not self.people_needed:
            return None
        return round(100 * self.people_accepted / self.people_needed)


# How each dimension is reached from each table (a many-to-many spreads a row over its
# focus areas or districts; a row with none groups under None).
DIMENSIONS = {
    "focus_area": {
        "volunteer": "focus_areas",
        "callout": "focus_areas",
        "pledge": "callout__focus_areas",
        "post": "focus_areas",
        "shift": "post__focus_areas",
        "signup": "shift__post__focus_areas",
    },
    "district": {
        "volunteer": "districts",
        "callout": "districts",
        "pledge": "callout__districts",
        "post": "district",
        "shift": "post__district",
        "signup": "shift__post__district",
    },
}


def figures_by(municipality, dimension: str, year: int | None = None) -> dict:
    """Volunteering's figures per focus area (``dimension`` "focus_area") or district
    ("district") of ``municipality`` in ``year``: ``{id or None: Figures}``. Seven grouped
    queries, whatever the number of rows behind them."""
    paths = DIMENSIONS[dimension]
    start, end = year_range(year or this_year())
    found: dict[int | None, Figures] = {}

    def row(key) -> Figures:
        return found.setdefault(key, Figures(key))

    volunteers = (
        Volunteer.objects.filter(municipality=municipality, status=Volunteer.Status.ACTIVE)
        .values(key=F(paths["volunteer"]))
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for r in volunteers:
        row(r["key"]).volunteers = r["n"]

    signups = (
        ShiftSignup.objects.filter(
            ATTENDED,
            shift__post__municipality=municipality,
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
        )
        .values(key=F(paths["signup"]))
        .annotate(h=_hours("hours"))
        .order_by()
    )
    for r in signups:
        row(r["key"]).hours += r["h"]

    year_callouts = Q(municipality=municipality, sent_at__gte=start, sent_at__lt=end)
    callouts = (
        CallOut.objects.filter(year_callouts)
        .values(key=F(paths["callout"]))
        .annotate(
            n=Count("pk", distinct=True),
            open=Count("pk", distinct=True, filter=Q(status=CallOut.Status.OPEN)),
            closed=Count("pk", distinct=True, filter=Q(status=CallOut.Status.CLOSED)),
            needed=Coalesce(Sum("people_needed"), 0),
        )
        .order_by()
    )
    for r in callouts:
        figures = row(r["key"])
        figures.callouts, figures.callouts_open = r["n"], r["open"]
        figures.callouts_closed, figures.people_needed = r["closed"], r["needed"]

    pledges = (
        Pledge.objects.filter(
            callout__municipality=municipality,
            callout__sent_at__gte=start,
            callout__sent_at__lt=end,
        )
        .exclude(status=Pledge.Status.WITHDRAWN)
        .values(key=F(paths["pledge"]))
        .annotate(
            n=Count("pk"),
            people=Coalesce(Sum("people", filter=Q(status=A)), 0),
            h=Coalesce(Sum("hours_given", filter=Q(status=A)), Value(ZERO), output_field=HOURS),
        )
        .order_by()
    )
    for r in pledges:
        figures = row(r["key"])
        figures.pledges, figures.people_accepted = r["n"], r["people"]
        figures.hours += r["h"]

    posts = (
        Post.objects.filter(municipality=municipality, status=Post.Status.PUBLISHED)
        .values(key=F(paths["post"]))
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for r in posts:
        row(r["key"]).posts = r["n"]

    booked = (
        ShiftSignup.objects.filter(shift=OuterRef("pk"), status=ShiftSignup.Status.CONFIRMED)
        .order_by()
        .values("shift")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shifts = (
        Shift.objects.filter(
            post__municipality=municipality,
            cancelled=False,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .alias(booked=Coalesce(Subquery(booked), 0))
        .values(key=F(paths["shift"]))
        .annotate(
            n=Count("pk", distinct=True),
            filled=Count("pk", distinct=True, filter=Q(booked__gte=F("places"))),
        )
        .order_by()
    )
    for r in shifts:
        figures = row(r["key"])
        figures.shifts, figures.shifts_filled = r["n"], r["filled"]
    return found
