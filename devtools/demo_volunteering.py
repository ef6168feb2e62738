"""Demo data of mobilisation and volunteering (issue #23), called by ``seed_demo`` after the
register: skills in Nacka and Ekerö, demo volunteers with logins, Ekerö's acute call-out
when the power fails in the winter cold (in the spirit of Öar utan gränser: warm premises,
drivers, Arabic and Tigrinya speakers) with pledges from two organisations and a volunteer,
one accepted; Nacka's volunteer posts in MeetingPoint and Boskola with shifts the coming
weeks (one full with a waiting list), the night walkers' Friday and Saturday evening shifts
on Sicklaön, attended shifts with hours, a sports club's own opportunity, and a published
"Årets eldsjäl" with the volunteer's consent.

Rows are made directly with the models, in valid workflow states (a waiting sign-up only on
a full shift, accepted pledges decided and informed). Idempotent like the rest of the demo:
rows are found by their natural names and updated; a post's shifts and sign-ups are made
only when the post is first made (their dates follow the day of the first run).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from stdnum import luhn

from devtools import demo_data as demo
from organisations.models import Organisation
from portal.models import Administration, District, FocusArea, TargetGroup
from portal.services import role_assign
from volunteering.models import (
    CallOut,
    Interest,
    Pledge,
    Post,
    Readiness,
    Recognition,
    RecordExtractCheck,
    Shift,
    ShiftSignup,
    Skill,
    Volunteer,
)

SKILLS = {
    "nacka": ["Första hjälpen", "Läxhjälp", "Leda barngrupper", "Körkort och bil",
              "Matlagning för många", "Samtal på lätt svenska"],
    "ekero": ["Körkort och bil", "Lokal med reservkraft", "Första hjälpen", "Tolkning",
              "Båt och båtvana"],
}  # fmt: skip
EKERO_COORDINATOR = ("samordnare.ekero@example.se", "Siri Samordnare")
# (email, name, municipality, languages, skills, districts, focus area indexes, car)
VOLUNTEERS = [
    ("volontar.nacka@example.se", "Vera Volontär", "nacka", ["sv", "ar"],
     ["Första hjälpen", "Läxhjälp"], ["Fisksätra", "Sicklaön"], [0, 1], False),
    ("volontar2.nacka@example.se", "Amir Volontär", "nacka", ["sv", "fa", "prs"],
     ["Samtal på lätt svenska", "Leda barngrupper"], ["Sicklaön"], [0], True),
    ("volontar3.nacka@example.se", "Lena Volontär", "nacka", ["sv", "en"],
     ["Matlagning för många"], ["Sicklaön", "Boo"], [1], False),
    ("volontar.ekero@example.se", "Saba Volontär", "ekero", ["sv", "ti", "ar"],
     ["Körkort och bil", "Tolkning"], ["Stenhamra"], [1], True),
]  # fmt: skip
EKERO_ORGANISATION = ("Ekerö Röda Korskrets", "80241234", "Ekerö centrum")
CALLOUT_TITLE = "Evakuering vid strömavbrott i vinterkyla"
CALLOUT = {
    "description": (
        "Strömmen är borta i Stenhamra och på Färentuna sedan i natt och det är minus 18 "
        "grader. Vi behöver varma lokaler med reservkraft för familjer som inte kan bo kvar, "
        "förare som kan hämta äldre och barnfamiljer, och personer som talar arabiska eller "
        "tigrinja och kan ta emot dem som inte förstår kommunens information."
    ),
    "place": "Stenhamra och Färentuna, samling vid Stenhamra bibliotek",
    "people_needed": 12,
    "hours_needed": 60,
    "languages": ["ar", "ti"],
    "premises_needed": "Uppvärmd lokal med reservkraft för 40 personer över natten",
    "goods_needed": "Filtar, termosar och ficklampor",
    "practical_information": (
        "Samling vid Stenhamra bibliotek kl. 17.00. Fråga efter Siri Samordnare "
        "(070-000 00 00). Ta med varma kläder och laddad telefon."
    ),
}
# (organisation or volunteer email, status, people, hours offered, hours given, message, task)
PLEDGES = [
    ("Öar utan gränser", "accepted", 4, 16, Decimal("18"),
     "Vi öppnar föreningslokalen i Ekerö centrum, som har reservkraft, och har tolkar på "
     "arabiska och tigrinja.",
     "Öppna lokalen kl. 18 och ta emot familjerna från Stenhamra. Tolka vid incheckningen."),
    (EKERO_ORGANISATION[0], "pledged", 3, 12, None,
     "Tre förare med egna bilar kan köra från kl. 16.", ""),
    ("volontar.ekero@example.se", "pledged", 1, 6, None,
     "Jag har bil och talar tigrinja.", ""),
]  # fmt: skip
# Posts: (title, activity, host: ("adm", name) or ("org", name), district, focus area index,
# place, description, requirements, extract, shifts: (weekday, start hour, hours, places,
# weeks ahead) or None)
POSTS = [
    ("Språkcafévärd på MeetingPoint", "MeetingPoint",
     ("adm", "Kultur- och fritidsförvaltningen"), "Sicklaön", 0, "MeetingPoint, Nacka Forum",
     "Var med och håll i samtalen på språkcaféet: prata svenska med nyanlända över en kopp "
     "kaffe. Ingen förkunskap behövs, bara nyfikenhet.", "", False, (1, 17, 2, 3, 3)),
    ("Volontär i Boskolan", "Boskola", ("adm", "Kultur- och fritidsförvaltningen"),
     "Fisksätra", 0, "Fisksätra skola",
     "Stötta nyanlända föräldrar i Boskolan: hur skolan fungerar, läxor och kontakten med "
     "lärarna. Ett pass i veckan eller när det passar dig.", "", False, (3, 16, 2, 2, 3)),
    ("Nattvandring på Sicklaön", "Nattvandring", ("org", "Föräldranärvaro Sicklaön"),
     "Sicklaön", 1, "Samling vid Sickla köpkvarter",
     "Vuxna som är ute på Sicklaön på fredags- och lördagskvällar: synas, prata med "
     "ungdomarna och finnas där. Vi går i par, med gul väst.",
     "Du är minst 18 år.", False, "weekend"),
    ("Ledare till knattefotbollen", "Fotboll", ("org", "Fisksätra IF"), "Fisksätra", 0,
     "Fisksätra IP",
     "Vi söker ledare till knattelagen, 6–9 år, en kväll i veckan. Vi utbildar dig.",
     "Du visar utdrag ur belastningsregistret innan du börjar.", True, None),
]  # fmt: skip


def seed(municipalities: dict, user) -> None:
    """``user(email, full_name)`` makes a demo login (seed_demo's, with the demo password)."""
    skills = _skills(municipalities)
    volunteers = _volunteers(municipalities, skills, user)
    ekero = municipalities["ekero"]
    coordinator = user(*EKERO_COORDINATOR)
    role_assign(user=coordinator, municipality=ekero, role="coordinator")
    _readiness(ekero, skills["ekero"])
    _callout(ekero, coordinator, skills["ekero"], volunteers)
    posts = _posts(municipalities["nacka"], skills["nacka"], volunteers)
    _recognitions(municipalities["nacka"], volunteers, posts, user)


def _skills(municipalities) -> dict:
    found = {}
    for slug, names in SKILLS.items():
        found[slug] = {}
        for order, name in enumerate(names):
            found[slug][name], _ = Skill.objects.update_or_create(
                municipality=municipalities[slug],
                slug=demo.slug(name),
                defaults={"name": name, "ordering": order},
            )
    return found


def _volunteers(municipalities, skills, user) -> dict:
    found = {}
    for email, name, slug, languages, chosen, districts, areas, car in VOLUNTEERS:
        municipality = municipalities[slug]
        volunteer, _ = Volunteer.objects.update_or_create(
            user=user(email, name),
            municipality=municipality,
            defaults={
                "languages": languages,
                "has_car": car,
                "hours_per_month": 8,
                "reach_by": ["email"],
                "consent_version": Volunteer.CONSENT_VERSION,
            },
        )
        volunteer.skills.set([skills[slug][s] for s in chosen])
        volunteer.districts.set(District.objects.filter(municipality=municipality,
                                                        name__in=districts))  # fmt: skip
        ordered = list(FocusArea.objects.filter(municipality=municipality).order_by("ordering"))
        volunteer.focus_areas.set([ordered[i] for i in areas])
        found[email] = volunteer
    return found


def _ekero_organisation(ekero) -> Organisation:
    name, base, district = EKERO_ORGANISATION
    organisation, _ = Organisation.objects.update_or_create(
        municipality=ekero,
        name=name,
        defaults={
            "kind": Organisation.Kind.ASSOCIATION,
            "legal_form": "ideell_forening",
            "organisation_number": f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}",
            "status": Organisation.Status.APPROVED,
            "listed_in_directory": True,
            "district": ekero.districts.get(name=district),
            "purpose": "Första hjälpen, krisstöd och besöksverksamhet på Ekerö.",
            "contact_name": "Kontaktperson Ekerö Röda Korskrets",
            "contact_email": "kontakt@ekero-roda-korskrets.example.se",
            "values_attested_at": timezone.now(),
        },
    )
    organisation.focus_areas.set(ekero.focusareas.filter(ordering=1))
    return organisation


def _readiness(ekero, skills) -> None:
    ready = {
        "Öar utan gränser": (["ar", "ti", "fa"], 6, "Föreningslokalen i Ekerö centrum",
                             ["Lokal med reservkraft", "Tolkning"]),
        EKERO_ORGANISATION[0]: (["sv", "en"], 8, "", ["Körkort och bil", "Första hjälpen"]),
    }  # fmt: skip
    _ekero_organisation(ekero)
    for name, (languages, people, premises, chosen) in ready.items():
        organisation = Organisation.objects.get(municipality=ekero, name=name)
        readiness, _ = Readiness.objects.update_or_create(
            organisation=organisation,
            defaults={
                "languages": languages,
                "people_available": people,
                "premises": premises,
                "urgent_email": organisation.contact_email,
            },
        )
        readiness.skills.set([skills[s] for s in chosen])


def _callout(ekero, coordinator, skills, volunteers) -> None:
    now = timezone.now()
    callout, created = CallOut.objects.get_or_create(
        municipality=ekero,
        title=CALLOUT_TITLE,
        defaults={
            **CALLOUT,
            "urgency": CallOut.Urgency.ACUTE,
            "status": CallOut.Status.OPEN,
            "starts_at": now,
            "ends_at": now + timedelta(days=2),
            "respond_by": now + timedelta(hours=6),
            "responsible": coordinator,
            "created_by": coordinator,
            "sent_at": now - timedelta(hours=2),
            "recipient_count": 3,
        },
    )
    if not created:
        return
    callout.skills.set([skills["Körkort och bil"], skills["Lokal med reservkraft"],
                        skills["Tolkning"]])  # fmt: skip
    callout.focus_areas.set(ekero.focusareas.filter(ordering__in=[0, 1]))
    callout.districts.set(ekero.districts.filter(name__in=["Stenhamra", "Färentuna"]))
    for giver, status, people, hours, given, message, task in PLEDGES:
        volunteer = volunteers.get(giver)
        organisation = (
            None if volunteer else Organisation.objects.get(municipality=ekero, name=giver)
        )
        accepted = status == Pledge.Status.ACCEPTED
        Pledge.objects.create(
            callout=callout,
            organisation=organisation,
            volunteer=volunteer,
            status=status,
            people=people,
            hours=hours,
            message=message,
            assignment=task,
            hours_given=given,
            premises="Föreningslokalen i Ekerö centrum" if accepted else "",
            pledged_by=volunteer.user if volunteer else None,
            pledged_at=now - timedelta(hours=1),
            decided_by=coordinator if accepted else None,
            decided_at=now - timedelta(minutes=30) if accepted else None,
            informed_at=now - timedelta(minutes=20) if accepted else None,
        )


def _at(day, hour: int, tz) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=tz)


def _shift_days(today, shape) -> list[tuple]:
    """(start day, start hour, hours, places) of a post's shifts: two weeks back and the
    coming weeks, on its weekday; the night walk on Fridays and Saturdays at 21."""
    if shape == "weekend":
        days = [today + timedelta(days=d) for d in range(-8, 22)]
        return [(d, 21, 3, 6) for d in days if d.weekday() in (4, 5)]
    weekday, hour, hours, places, weeks = shape
    first = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return [(first + timedelta(weeks=w), hour, hours, places) for w in range(-2, weeks)]


def _posts(nacka, skills, volunteers) -> dict:
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    found = {}
    people = [v for v in volunteers.values() if v.municipality_id == nacka.pk]
    vera, amir, lena = people
    for title, activity, host, district, area, place, text, needs, extract, shape in POSTS:
        kind, name = host
        post, created = Post.objects.get_or_create(
            municipality=nacka,
            title=title,
            defaults={
                "activity": activity,
                "description": text,
                "place": place,
                "district": nacka.districts.get(name=district),
                "requirements": needs,
                "requires_record_extract": extract,
                "administration": Administration.objects.get(municipality=nacka, name=name)
                if kind == "adm"
                else None,
                "organisation": Organisation.objects.get(municipality=nacka, name=name)
                if kind == "org"
                else None,
                "contact_name": "Sam Samordnare" if kind == "adm" else f"Kontakt {name}",
                "contact_email": demo.NETWORK_COORDINATOR
                if kind == "adm"
                else f"kontakt@{demo.slug(name)}.example.se",
                "status": Post.Status.PUBLISHED,
            },
        )
        found[title] = post
        if not created:
            continue
        post.focus_areas.set(nacka.focusareas.filter(ordering=area))
        post.target_groups.set(TargetGroup.objects.filter(
            municipality=nacka, name="Nyanlända" if area == 0 else "Barn och unga"))  # fmt: skip
        if title.startswith("Ledare"):
            post.skills.set([skills["Leda barngrupper"]])
            Interest.objects.create(post=post, volunteer=amir,
                                    message="Jag har spelat fotboll i tio år och vill gärna "
                                    "hjälpa till på tisdagar.")  # fmt: skip
            RecordExtractCheck.objects.create(
                volunteer=amir, post=post, shown_on=today - timedelta(days=3)
            )
        if shape is None:
            continue
        for k, (day, hour, hours, places) in enumerate(_shift_days(today, shape)):
            starts = _at(day, hour, tz)
            shift = Shift.objects.create(
                post=post, starts_at=starts, ends_at=starts + timedelta(hours=hours),
                places=places,
            )  # fmt: skip
            _sign_up(shift, starts < timezone.now(), k, (vera, amir, lena), hours)
    return found


def _sign_up(shift, past: bool, k: int, people, hours: int) -> None:
    """Past shifts: two came, with their hours. The first coming shift of a post with two
    places is full, with the third on the waiting list; later ones have one booked."""
    vera, amir, lena = people
    if past:
        for volunteer in (vera, lena if k % 2 else amir):
            ShiftSignup.objects.create(
                shift=shift, volunteer=volunteer, attended=True, hours=Decimal(hours),
                recorded_at=shift.ends_at,
            )  # fmt: skip
        return
    booked = ShiftSignup.objects.filter(
        shift__post=shift.post, shift__starts_at__gte=timezone.now()
    )
    if shift.places == 2 and not booked.exists():
        ShiftSignup.objects.create(shift=shift, volunteer=vera)
        ShiftSignup.objects.create(shift=shift, volunteer=amir)
        ShiftSignup.objects.create(shift=shift, volunteer=lena, status=ShiftSignup.Status.WAITING)
        return
    ShiftSignup.objects.create(shift=shift, volunteer=amir if k % 2 else lena)


def _recognitions(nacka, volunteers, posts, user) -> None:
    year = timezone.localdate().year
    coordinator = user(demo.NETWORK_COORDINATOR, "Sam Samordnare")
    vera = volunteers["volontar.nacka@example.se"]
    given = [
        (f"Årets eldsjäl {year}", Recognition.Kind.AWARD, vera, None, vera.user.full_name,
         "Vera har varit med på MeetingPoint varje vecka i två år, startade läxhjälpen i "
         "Boskolan och får nyanlända föräldrar att känna sig välkomna i Fisksätra.",
         "Fisksätra", 0),
        ("Tack för språkstödet i Saltsjöbaden", Recognition.Kind.THANKS, None,
         Organisation.objects.get(municipality=nacka, name="Saltis Tillsammans"),
         "Saltis Tillsammans",
         "Föreningens volontärer har gett språkstöd och gemenskap till nyanlända i "
         "Saltsjöbaden, varje vecka i flera år.", "Saltsjöbaden", 0),
    ]  # fmt: skip
    now = timezone.now()
    for title, kind, volunteer, organisation, name, citation, district, area in given:
        recognition, created = Recognition.objects.update_or_create(
            municipality=nacka,
            title=title,
            defaults={
                "kind": kind,
                "year": year,
                "volunteer": volunteer,
                "organisation": organisation,
                "recipient_name": name,
                "citation": citation,
                "district": nacka.districts.get(name=district),
                "consent_to_publish": True,
                "status": Recognition.Status.PUBLISHED,
                "nominated_by": coordinator,
            },
        )
        if created:
            recognition.published_at = now
            recognition.save(update_fields=["published_at"])
        recognition.focus_areas.set(nacka.focusareas.filter(ordering=area))
