"""Demo data of issue #24's surveys part (see README, "Surveys and consultations"); safe to
run again.

Ekerö's yearly needs and obstacles inventory ("Behovsinventering – föreningars behov och
hinder", in the words of Ekerö's inquiry into collaboration with civil society: "göra en
inventering och situationsbeskrivning av lokala förutsättningar", "utreda behov och hinder
för samverkan") for 2025, closed with the associations' answers, and for 2026, open with a
first answer, so the year comparison shows; and a Nacka consultation (remiss) on a draft
policy for collaboration with civil society, built on the needs Nacka's mapping found ("lätt
att göra rätt", "mötesplatser", "uppmärksamhet och erkännande"), with a comment.

Rows are made directly with the models in valid workflow states; found by their natural
names (municipality, series and year, or title) and updated."""

from datetime import datetime, timedelta

from django.utils import timezone
from stdnum import luhn

from organisations.models import Membership, Organisation
from surveys.models import Comment, Survey, SurveyQuestion, SurveyResponse

SERIES = "Behovsinventering"
INVENTORY_TITLE = "Behovsinventering – föreningars behov och hinder"
INVENTORY_TITLE_EN = "Needs inventory – associations' needs and obstacles"
INVENTORY_INTRO = (
    "Kultur- och fritidsnämnden gör varje år en inventering av föreningslivets behov och "
    "hinder för samverkan med kommunen: en situationsbeskrivning av de lokala "
    "förutsättningarna. Svaren är underlag för dialogen med föreningslivet och för nästa års "
    "budget. En förening svarar en gång, genom någon som företräder den."
)
OBSTACLES = [
    "Brist på lokaler",
    "Svårt att hitta information från kommunen",
    "Krångliga ansökningar och rapporter",
    "Brist på ideella ledare",
    "Ekonomi och bidrag",
    "Svårt att nå målgruppen",
]
# (key, label, label in English, type, required, choices)
INVENTORY_QUESTIONS = [
    ("lokaler", "Har föreningen tillgång till de lokaler den behöver?",
     "Does the association have the premises it needs?", "choice", True,
     ["Ja, helt", "Delvis", "Nej"]),
    ("hinder", "Vilka hinder möter föreningen i samverkan med kommunen?",
     "Which obstacles does the association meet in working with the municipality?",
     "multiple_choice", True, OBSTACLES),
    ("samverkan", "Hur väl fungerar samverkan med Ekerö kommun i dag? (1 = inte alls, "
     "5 = mycket väl)", "How well does collaboration with Ekerö work today? (1 = not at "
     "all, 5 = very well)", "scale", True, []),
    ("ledare", "Hur många aktiva ideella ledare har föreningen?",
     "How many active volunteer leaders does the association have?", "number", True, []),
    ("behov", "Vilket är föreningens viktigaste behov det kommande året?",
     "What is the association's most important need in the coming year?", "textarea",
     False, []),
]  # fmt: skip
# Per year: organisation -> answers
INVENTORY_ANSWERS = {
    2025: {
        "Öar utan gränser": {"lokaler": "Delvis", "hinder": ["Brist på lokaler",
                             "Ekonomi och bidrag"], "samverkan": "3", "ledare": 14,
                             "behov": "En större lokal för språkcaféet på kvällstid."},
        "Ekerö Röda Korskrets": {"lokaler": "Ja, helt", "hinder": ["Brist på ideella ledare"],
                                 "samverkan": "4", "ledare": 22,
                                 "behov": "Fler unga ledare till krisstödet."},
        "Adelsö hembygdsförening": {"lokaler": "Nej", "hinder": ["Brist på lokaler",
                                    "Svårt att hitta information från kommunen",
                                    "Krångliga ansökningar och rapporter"],
                                    "samverkan": "2", "ledare": 6,
                                    "behov": "Enklare ansökan om bidrag till sommarens "
                                             "hembygdsdag."},
    },
    2026: {
        "Öar utan gränser": {"lokaler": "Ja, helt", "hinder": ["Ekonomi och bidrag"],
                             "samverkan": "4", "ledare": 16,
                             "behov": "Långsiktig finansiering av läxhjälpen."},
    },
}  # fmt: skip
EXTRA_ORGANISATION = ("Adelsö hembygdsförening", "80247753", "Adelsö", 2)
EXTRA_PERSON = ("ordforande.adelso@example.se", "Alva Adelsdotter")

POLICY_TITLE = "Policy för samverkan med civilsamhället (utkast)"
POLICY_TITLE_EN = "Policy for collaboration with civil society (draft)"
POLICY_INTRO = (
    "Nacka kommun skickar utkastet till policy för samverkan med civilsamhället på remiss. "
    "Läs utkastet och lämna synpunkter, på hela texten eller på ett avsnitt."
)
POLICY_TEXT = """# 1. Syfte
Policyn beskriver hur Nacka kommun och civilsamhället samverkar för nackabornas skull, med \
respekt för civilsamhällets självständighet och oberoende.

# 2. Principer
Lätt att göra rätt: enkelhet och tydlighet i kontakten med kommunen ger föreningarna mer tid \
för sin verksamhet.
Mötesplatser: kommunen bidrar till platser där civilsamhället kan bedriva verksamhet, mötas \
och utbyta erfarenheter.
Uppmärksamhet och erkännande: kommunen uppmärksammar det ideella engagemanget.

# 3. Former för samverkan
Samverkan sker i nätverk, i dialogforum, genom bidrag och genom idéburet offentligt \
partnerskap (IOP).

# 4. Uppföljning
Policyn följs upp årligen tillsammans med civilsamhället."""
POLICY_COMMENT = (
    "2. Principer",
    "Bra att självständigheten lyfts. Lägg gärna till att kommunens information ska finnas "
    "på ett ställe och på lätt svenska.",
)


def seed(municipalities: dict, user) -> None:
    """Create or update the demo's surveys data: ``municipalities`` by slug, and
    ``user(email, full_name)`` creates or returns a demo login."""
    ekero, nacka = municipalities["ekero"], municipalities["nacka"]
    _extra_organisation(ekero, user)
    now = timezone.now()
    zone = timezone.get_current_timezone()
    spring = datetime(2025, 3, 1, 9, tzinfo=zone)
    inventories = {
        2025: _survey(ekero, SERIES, 2025, Survey.Status.CLOSED, spring,
                      spring + timedelta(days=30)),
        2026: _survey(ekero, SERIES, 2026, Survey.Status.OPEN, now - timedelta(days=7),
                      now + timedelta(days=21)),
    }  # fmt: skip
    for year, survey in inventories.items():
        _questions(survey)
        for name, answers in INVENTORY_ANSWERS[year].items():
            organisation = Organisation.objects.get(municipality=ekero, name=name)
            acting = organisation.memberships.filter(
                role__in=[Membership.Role.RESPONSIBLE, Membership.Role.GRANT_MANAGER]
            ).first()
            SurveyResponse.objects.update_or_create(
                survey=survey, organisation=organisation,
                defaults={"answers": answers, "answered_by": acting.user if acting else None},
            )  # fmt: skip
    _consultation(nacka, now)


def _extra_organisation(ekero, user) -> None:
    name, base, district, area = EXTRA_ORGANISATION
    organisation, _ = Organisation.objects.update_or_create(
        municipality=ekero, name=name,
        defaults={
            "kind": Organisation.Kind.ASSOCIATION,
            "legal_form": "ideell_forening",
            "organisation_number": f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}",
            "status": Organisation.Status.APPROVED,
            "listed_in_directory": True,
            "district": ekero.districts.get(name=district),
            "purpose": "Hembygdsgården, kulturarvet och sommarens hembygdsdag på Adelsö.",
            "contact_name": EXTRA_PERSON[1],
            "contact_email": "kontakt@adelso-hembygd.example.se",
            "values_attested_at": timezone.now(),
        },
    )  # fmt: skip
    organisation.focus_areas.set(ekero.focusareas.filter(ordering=area))
    Membership.objects.get_or_create(
        user=user(*EXTRA_PERSON), organisation=organisation,
        defaults={"role": Membership.Role.RESPONSIBLE},
    )  # fmt: skip


def _survey(municipality, series, year, status, opens_at, closes_at) -> Survey:
    survey, _ = Survey.objects.update_or_create(
        municipality=municipality, series=series, year=year,
        defaults={
            "kind": Survey.Kind.SURVEY,
            "title_sv": f"{INVENTORY_TITLE} {year}",
            "title_en": f"{INVENTORY_TITLE_EN} {year}",
            "intro_sv": INVENTORY_INTRO,
            "audience": Survey.Audience.EVERYONE,
            "respondents": Survey.Respondents.ORGANISATIONS,
            "status": status,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "closed_at": closes_at if status == Survey.Status.CLOSED else None,
            "invited_organisations": Organisation.objects.filter(
                municipality=municipality, status=Organisation.Status.APPROVED
            ).count(),
        },
    )  # fmt: skip
    return survey


def _questions(survey) -> None:
    for order, (key, label, label_en, kind, required, choices) in enumerate(INVENTORY_QUESTIONS):
        SurveyQuestion.objects.update_or_create(
            survey=survey, key=key,
            defaults={"label_sv": label, "label_en": label_en, "field_type": kind,
                      "required": required, "choices": "\n".join(choices), "ordering": order},
        )  # fmt: skip


def _consultation(nacka, now) -> None:
    survey, _ = Survey.objects.update_or_create(
        municipality=nacka, title_sv=POLICY_TITLE,
        defaults={
            "kind": Survey.Kind.CONSULTATION,
            "title_en": POLICY_TITLE_EN,
            "intro_sv": POLICY_INTRO,
            "document_text_sv": POLICY_TEXT,
            "audience": Survey.Audience.EVERYONE,
            "respondents": Survey.Respondents.BOTH,
            "status": Survey.Status.OPEN,
            "opens_at": now - timedelta(days=3),
            "closes_at": now + timedelta(days=30),
            "invited_organisations": Organisation.objects.filter(
                municipality=nacka, status=Organisation.Status.APPROVED
            ).count(),
        },
    )  # fmt: skip
    organisation = Organisation.objects.get(municipality=nacka, name="Fisksätra IF")
    section, text = POLICY_COMMENT
    if not Comment.objects.filter(survey=survey, organisation=organisation).exists():
        acting = organisation.memberships.filter(role=Membership.Role.RESPONSIBLE).first()
        Comment.objects.create(
            survey=survey, organisation=organisation, section=section, text=text,
            author=acting.user if acting else None,
        )  # fmt: skip
