"""Reads of volunteers: a person's profile in a municipality, and everything of theirs
their own volunteer page shows (per municipality: the profile, coming and past shifts,
pledges, interests, the hours given), in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from volunteering.languages import names
from volunteering.models import Interest, Pledge, ShiftSignup, Volunteer
from volunteering.selectors.posts import with_position

S = ShiftSignup.Status
PAST_SHOWN = 50  # past shifts listed per municipality (the total counts all)


def volunteer_of(user, municipality) -> Volunteer | None:
    """``user``'s volunteer profile in ``municipality`` (None: not a volunteer there)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Volunteer.objects.filter(user=user, municipality=municipality)
        .select_related("municipality")
        .first()
    )


@dataclass
class Involvement:
    """One municipality's part of a volunteer's page."""

    volunteer: Volunteer
    coming: list = field(default_factory=list)
    past: list = field(default_factory=list)
    past_count: int = 0
    pledges: list = field(default_factory=list)
    interests: list = field(default_factory=list)
    shift_hours: Decimal = Decimal(0)
    pledge_hours: Decimal = Decimal(0)

    @property
    def total_hours(self) -> Decimal:
        return plain_hours(self.shift_hours + self.pledge_hours)


def plain_hours(value: Decimal | None) -> Decimal | None:
    """Hours without trailing zeros (3.00 -> 3, 2.50 -> 2.5), as a page writes them."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def my_volunteering(user) -> list[Involvement]:
    """Per municipality where ``user`` is a volunteer: what their page lists."""
    profiles = list(
        Volunteer.objects.filter(user=user)
        .select_related("municipality")
        .prefetch_related("skills", "districts", "focus_areas", "target_groups")
        .order_by("municipality__name")
    )
    if not profiles:
        return []
    for volunteer in profiles:
        volunteer.language_names = names(volunteer.languages)
        channels = [c for c in volunteer.reach_by if c in Volunteer.Channel.values]
        volunteer.channel_names = [str(Volunteer.Channel(c).label) for c in channels]
    found = {v.pk: Involvement(volunteer=v) for v in profiles}
    ids = list(found)
    now = timezone.now()
    coming = with_position(
        ShiftSignup.objects.filter(
            volunteer_id__in=ids, status__in=(S.CONFIRMED, S.WAITING), shift__ends_at__gt=now
        ).select_related("shift__post__administration", "shift__post__organisation")
    ).order_by("shift__starts_at", "pk")
    for signup in coming:
        found[signup.volunteer_id].coming.append(signup)
    past = ShiftSignup.objects.filter(
        volunteer_id__in=ids, status=S.CONFIRMED, shift__ends_at__lte=now
    )
    for signup in past.select_related(
        "shift__post__administration", "shift__post__organisation"
    ).order_by("-shift__starts_at", "-pk"):
        involvement = found[signup.volunteer_id]
        involvement.past_count += 1
        signup.hours_shown = plain_hours(signup.hours)
        if len(involvement.past) < PAST_SHOWN:
            involvement.past.append(signup)
    for row in past.values("volunteer_id").annotate(hours=Sum("hours")).order_by():
        found[row["volunteer_id"]].shift_hours = row["hours"] or Decimal(0)
    for pledge in (
        Pledge.objects.filter(volunteer_id__in=ids)
        .select_related("callout")
        .order_by("-pledged_at", "-pk")
    ):
        involvement = found[pledge.volunteer_id]
        pledge.hours_given_shown = plain_hours(pledge.hours_given)
        involvement.pledges.append(pledge)
        involvement.pledge_hours += pledge.hours_given or Decimal(0)
    for interest in (
        Interest.objects.filter(volunteer_id__in=ids)
        .select_related("post__administration", "post__organisation")
        .order_by("-created_at", "-pk")
    ):
        found[interest.volunteer_id].interests.append(interest)
    return list(found.values())
