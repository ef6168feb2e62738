"""The reminder the day before a shift: to each volunteer booked for it (not those waiting,
not for a cancelled shift), with the time, the place and the contact, and what to bring
where an extract is asked for and not yet shown; run twice, sent once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal import reminders as portal_reminders
from portal.models import Notification
from tests.volunteering.test_posts_signup import post_in, shift_of
from volunteering import reminders
from volunteering.services import posts as services

pytestmark = pytest.mark.django_db


def test_booked_volunteers_are_reminded_the_day_before_once(vol):
    post = post_in(vol, requires_record_extract=True)
    tomorrow = shift_of(post, vol.culture_officer, places=1, starts_in=timedelta(days=1))
    later = shift_of(post, vol.culture_officer, starts_in=timedelta(days=3))
    cancelled = shift_of(post, vol.culture_officer, starts_in=timedelta(days=1, minutes=5))
    for shift in (tomorrow, later, cancelled):
        for volunteer in (vol.volunteer, vol.volunteer_2):
            services.shift_sign_up(shift=shift, volunteer=volunteer, by=volunteer.user)
    services.shift_cancel(shift=cancelled, by=vol.culture_officer)
    today = timezone.localdate(tomorrow.starts_at) - timedelta(days=1)

    assert reminders.shifts_tomorrow(vol.municipality, today) == 1
    assert reminders.shifts_tomorrow(vol.municipality, today) == 0  # run twice, sent once
    assert portal_reminders.run_all(today)["shifts_tomorrow"] == 0

    (reminder,) = Notification.objects.filter(kind=reminders.KIND)
    assert reminder.user == vol.volunteer.user  # booked; Ville only waits
    assert reminder.subject.endswith(
        f"Påminnelse: Värd på MeetingPoint i morgon kl. "
        f"{timezone.localtime(tomorrow.starts_at):%H:%M}"
    )
    assert "Fisksätra bibliotek" in reminder.body
    assert "kim.kontakt@nacka.example.se" in reminder.body
    assert "utdraget ur belastningsregistret" in reminder.body
    assert reminders.shifts_tomorrow(vol.other, today) == 0
