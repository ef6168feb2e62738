"""Hours and totals: a volunteer's hours are their attended shifts and accepted pledges; an
organisation's its accepted pledges and the attended shifts of its own posts; the figures per
focus area and district count this year's call-outs, their coverage, posts and shifts."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from volunteering.models import CallOut, Pledge, Post, Shift, ShiftSignup, Volunteer
from volunteering.selectors import figures

pytestmark = pytest.mark.django_db


@dataclass
class Activity:
    meeting_point: Post  # municipal, Trygghet, Fisksätra
    night_walk: Post  # the organisation's own, no focus area or district
    callout: CallOut  # sent this year, Trygghet and Fisksätra, 10 people needed
    old_callout: CallOut  # sent three years ago


def _shift(post, days, hours=2, places=2):
    starts = timezone.now() + timedelta(days=days)
    return Shift.objects.create(
        post=post, starts_at=starts, ends_at=starts + timedelta(hours=hours), places=places
    )


def activity(vol) -> Activity:
    """Vera attended two MeetingPoint shifts (2 + 2.5 h) and one night walk (3 h), came not
    to a third; Ville is booked on a full future shift; the call-out of this year has Vera's
    accepted pledge (4 h), the organisation's accepted pledge (3 people, 12 h) and Ville's
    withdrawn one; Vera's accepted pledge of three years ago gave 6 h."""
    now = timezone.now()
    meeting_point = Post.objects.create(
        municipality=vol.municipality, administration=vol.culture, activity="MeetingPoint",
        title="Språkcafévärd", description="Samtal på svenska.", contact_name="Kim",
        contact_email="kim@example.se", status="published", district=vol.district,
    )  # fmt: skip
    meeting_point.focus_areas.add(vol.focus_area)
    night_walk = Post.objects.create(
        municipality=vol.municipality, organisation=vol.organisation, activity="Nattvandring",
        title="Nattvandrare", description="Fredagar.", contact_name="Olle",
        contact_email="olle@example.se", status="published",
    )  # fmt: skip
    for days, hours in ((-20, "2"), (-10, "2.5")):
        ShiftSignup.objects.create(
            shift=_shift(meeting_point, days), volunteer=vol.volunteer, attended=True,
            hours=Decimal(hours),
        )  # fmt: skip
    ShiftSignup.objects.create(
        shift=_shift(night_walk, -5, hours=3), volunteer=vol.volunteer, attended=True,
        hours=Decimal("3"),
    )  # fmt: skip
    ShiftSignup.objects.create(
        shift=_shift(meeting_point, -3), volunteer=vol.volunteer, attended=False
    )
    full = _shift(meeting_point, 7, places=1)
    ShiftSignup.objects.create(shift=full, volunteer=vol.volunteer_2)
    callout = CallOut.objects.create(
        municipality=vol.municipality, title="Evakuering vid strömavbrott", description="Värme.",
        urgency="acute", status="open", sent_at=now - timedelta(days=2), people_needed=10,
        starts_at=now - timedelta(days=1), ends_at=now,
    )  # fmt: skip
    callout.focus_areas.add(vol.focus_area)
    callout.districts.add(vol.district)
    Pledge.objects.create(callout=callout, volunteer=vol.volunteer, status="accepted",
                          hours_given=Decimal("4"), people=1)  # fmt: skip
    Pledge.objects.create(callout=callout, organisation=vol.organisation, status="accepted",
                          hours_given=Decimal("12"), people=3)  # fmt: skip
    Pledge.objects.create(callout=callout, volunteer=vol.volunteer_2, status="withdrawn")
    sent = now.replace(year=now.year - 3)
    old_callout = CallOut.objects.create(
        municipality=vol.municipality, title="Snöskottning", description="Hjälp äldre.",
        status="closed", sent_at=sent, closed_at=sent + timedelta(days=3), people_needed=5,
    )  # fmt: skip
    Pledge.objects.create(callout=old_callout, volunteer=vol.volunteer, status="accepted",
                          hours_given=Decimal("6"))  # fmt: skip
    return Activity(meeting_point, night_walk, callout, old_callout)


def test_a_volunteers_hours_are_their_attended_shifts_and_accepted_pledges(vol):
    activity(vol)
    assert figures.volunteer_hours(vol.volunteer) == Decimal("17.5")  # 2+2.5+3 + 4+6
    assert figures.volunteer_hours(vol.volunteer_2) == 0  # booked, withdrawn: nothing yet
    assert figures.hours_by_volunteer([vol.volunteer.pk, vol.volunteer_2.pk]) == {
        vol.volunteer.pk: Decimal("17.5")
    }


def test_an_organisations_hours_are_its_pledges_and_its_own_posts_shifts(vol):
    activity(vol)
    assert figures.organisation_hours(vol.organisation) == Decimal("15")  # 12 + the night walk
    assert figures.organisation_hours(vol.organisation_2) == 0
    assert figures.hours_by_organisation([vol.organisation.pk]) == {
        vol.organisation.pk: Decimal("15")
    }


def test_a_volunteers_record_lists_each_activity_with_dates_and_hours(vol):
    activity(vol)
    record = figures.volunteer_record(vol.volunteer)
    by_name = {a.name: a for a in record.activities}
    meeting_point = by_name["MeetingPoint: Språkcafévärd"]
    assert (meeting_point.times, meeting_point.hours) == (2, Decimal("4.5"))
    assert meeting_point.host == "Kultur- och fritidsförvaltningen"
    assert meeting_point.first < meeting_point.last
    assert by_name["Nattvandring: Nattvandrare"].host == "Röda Korset Nacka"
    assert by_name["Evakuering vid strömavbrott"].hours == Decimal("4")
    assert by_name["Snöskottning"].hours == Decimal("6")
    assert record.total_hours == Decimal("17.5")


def test_the_summary_counts_this_year_only(vol):
    activity(vol)
    Volunteer.objects.create(
        user=UserFactory(), municipality=vol.municipality, status="paused",
        consent_version=Volunteer.CONSENT_VERSION,
    )  # fmt: skip
    summary = figures.municipality_summary(vol.municipality)
    assert summary.volunteers == 2  # the paused one is not available
    # 7.5 h of shifts (if all three fell this year) + 16 h of this year's call-out
    shifts = ShiftSignup.objects.filter(
        attended=True, shift__starts_at__year=timezone.localdate().year
    )
    expected = sum((s.hours for s in shifts), Decimal(0)) + Decimal("16")
    assert summary.hours == expected
    assert summary.callouts_answered == 1
    assert figures.municipality_summary(vol.other).hours == 0


def test_figures_per_focus_area_and_district(vol):
    made = activity(vol)
    year = timezone.localdate().year
    per_area = figures.figures_by(vol.municipality, "focus_area", year)
    area = per_area[vol.focus_area.pk]
    assert area.volunteers == 1  # Vera chose Trygghet; Ville no focus area
    assert (area.callouts, area.callouts_open, area.callouts_closed) == (1, 1, 0)
    assert (area.people_needed, area.people_accepted, area.coverage) == (10, 4, 40)
    assert area.pledges == 2  # the withdrawn one is not counted
    attended = ShiftSignup.objects.filter(
        shift__post=made.meeting_point, attended=True, shift__starts_at__year=year
    )
    assert area.hours == sum((s.hours for s in attended), Decimal(0)) + Decimal("16")
    assert area.posts == 1
    this_year = Shift.objects.filter(post=made.meeting_point, starts_at__year=year)
    assert area.shifts == this_year.count() > 0
    assert area.shifts_filled == this_year.filter(places=1).count()  # the full one: 1 of 1
    # The night walk has no focus area: its post and hours fall under None.
    assert per_area[None].posts == 1
    per_district = figures.figures_by(vol.municipality, "district", year)
    assert per_district[vol.district.pk].volunteers == 1
    assert per_district[vol.district.pk].callouts == 1
    assert per_district[vol.district.pk].posts == 1
    last_year = figures.figures_by(vol.municipality, "focus_area", year - 3)
    assert last_year[None].callouts == 1  # the old call-out has no focus area
    assert last_year[None].people_needed == 5
