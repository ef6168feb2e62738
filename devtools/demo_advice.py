"""Demo data of issue #24's advice times (see README, "Demo logins"): Nacka's officer Hanna
Handläggare holds advice times the coming weeks about grants for associations, in person at
the library, by phone and by video; Fisksätra IF has booked one with the question "Hur söker
vi projektbidrag?". Safe to run again: times are made only when the officer has no coming
demo times (their dates follow the day of the run)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from advice.models import AdviceBooking, AdviceSlot
from devtools import demo_data as demo
from networks.models import MeetingPlace
from organisations.models import Organisation
from portal.models import FocusArea, User

TITLE = "Rådgivning om föreningsbidrag"
OFFICER = "handlaggare.nacka@example.se"
QUESTION = "Hur söker vi projektbidrag?"
VIDEO = "https://video.nacka.example.se/radgivning"


def _next_weekday(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def seed(municipalities: dict, user) -> None:
    """Create or update the demo's advice data: ``municipalities`` by slug, and
    ``user(email, full_name)`` creates or returns a demo login."""
    nacka = municipalities.get("nacka")
    officer = User.objects.filter(email=OFFICER).first()
    if nacka is None or officer is None:
        return
    now = timezone.now()
    if AdviceSlot.objects.filter(officer=officer, title=TITLE, starts_at__gte=now).exists():
        return
    zone = timezone.get_current_timezone()
    place = MeetingPlace.objects.filter(municipality=nacka).order_by("pk").first()
    areas = list(FocusArea.objects.filter(municipality=nacka).order_by("pk")[:1])
    tuesday = _next_weekday(timezone.localdate(), 1)
    made = []
    for week in range(3):  # Tuesdays 13–15 in person, Thursdays by phone and by video
        for hour, mode, weekday in ((13, "in_person", 1), (14, "in_person", 1),
                                    (10, "phone", 3), (11, "video", 3)):  # fmt: skip
            day = tuesday + timedelta(weeks=week, days=weekday - 1)
            for minutes in (0, 30):
                starts = timezone.make_aware(datetime.combine(day, time(hour, minutes)), zone)
                slot = AdviceSlot.objects.create(
                    municipality=nacka, officer=officer, title=TITLE,
                    notes="Frågor om bidrag, ansökan och redovisning.",
                    starts_at=starts, ends_at=starts + timedelta(minutes=30), mode=mode,
                    place=place if mode == "in_person" else None,
                    address="" if place or mode != "in_person" else "Nacka stadshus",
                    video_url=VIDEO if mode == "video" else "",
                    created_by=officer,
                )  # fmt: skip
                slot.focus_areas.set(areas)
                made.append(slot)
    member_email, _name, organisation_name = demo.ASSOCIATION_MEMBER
    booker = User.objects.filter(email=member_email).first()
    organisation = Organisation.objects.filter(municipality=nacka, name=organisation_name).first()
    if booker is not None and made:
        AdviceBooking.objects.create(
            slot=made[0], organisation=organisation, booked_by=booker, question=QUESTION
        )
