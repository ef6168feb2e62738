"""Demo data of issue #24's open forums (see README, "Demo logins"): Nacka's yearly
"Civilsamhällesforum", a public meeting of the public network Fisksätraakademien that takes
open sign-ups, with few places, full, and two people on its waiting list. Safe to run again:
the meeting is found by its title (its date follows the day of the run), sign-ups by their
address; rows are made with the models, in valid workflow states."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from networks.models import Meeting, MeetingPlace, Network, OpenSignup

TITLE = "Civilsamhällesforum 2026"
PLACES = 6
SIGNUPS = [
    # (name, email, organisation, places, access needs, interpreter, status)
    ("Karin Lind", "karin.lind@example.se", "PRO Fisksätra", 2, "Rullstolsplats", "", "booked"),
    ("Ahmed Hassan", "ahmed.hassan@example.se", "Somaliska föräldraföreningen", 1, "", "so",
     "booked"),
    ("Lena Ek", "lena.ek@example.se", "Nacka Röda Korset", 2, "", "", "booked"),
    ("Maja Berg", "maja.berg@example.se", "", 1, "Hörslinga", "sgn-SE", "booked"),
    ("Johan Sund", "johan.sund@example.se", "Boo IF", 2, "", "", "waiting"),
    ("Sara Nyström", "sara.nystrom@example.se", "", 1, "", "", "waiting"),
]  # fmt: skip


def seed(municipalities: dict, user) -> None:
    """Create or update the demo's forums data: ``municipalities`` by slug, and
    ``user(email, full_name)`` creates or returns a demo login."""
    nacka = municipalities.get("nacka")
    network = Network.objects.filter(municipality=nacka, name="Fisksätraakademien").first()
    if nacka is None or network is None:
        return
    if not network.is_public:
        network.visibility = Network.Visibility.PUBLIC
        network.save(update_fields=["visibility"])
    place = MeetingPlace.objects.filter(municipality=nacka).order_by("pk").first()
    day = timezone.localdate() + timedelta(days=24)
    zone = timezone.get_current_timezone()
    starts = timezone.make_aware(datetime.combine(day, time(9, 0)), zone)
    forum, _created = Meeting.objects.update_or_create(
        network=network,
        title=TITLE,
        defaults={
            "description": (
                "Nackas årliga forum för civilsamhället: kommunen berättar om bidrag, "
                "överenskommelser och lokaler, och föreningarna ställer frågor och lyfter "
                "det som behövs. Alla är välkomna, också utan konto."
            ),
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=4),
            "mode": Meeting.Mode.IN_PERSON if place else Meeting.Mode.ONLINE,
            "place": place,
            "online_url": "" if place else "https://mote.nacka.example.se/forum",
            "capacity": PLACES,
            "is_public": True,
            "open_signup": True,
            "status": Meeting.Status.PLANNED,
        },
    )
    for order, (name, email, organisation, places, needs, language, status) in enumerate(SIGNUPS):
        OpenSignup.objects.get_or_create(
            meeting=forum,
            email=email,
            defaults={
                "name": name,
                "organisation_name": organisation,
                "places": places,
                "access_needs": needs,
                "interpreter_language": language,
                "status": status,
                "signed_up_at": timezone.now() - timedelta(days=10 - order),
            },
        )
