"""Demo data of issue #24's information part (see README, "Demo logins"); safe to run again.

Nacka: the policy for collaboration with civil society, "Så samverkar vi", what the
municipality wants in each of its three focus areas, a contact directory (strategic,
coordinating and operational responsibility, and politicians by committee), two stories of
good practice and three news items. Ekerö: a smaller set. The texts are the demo's own,
written in the spirit of the municipalities' decisions on collaboration."""

from datetime import timedelta

from django.utils import timezone

from information.models import Contact, FocusAreaGoal, NewsItem, Page, Story
from organisations.models import Organisation
from portal.models import Administration, Committee, District, FocusArea

NACKA_POLICY = """<h2>Varför vi samverkar</h2>
<p>Nacka kommun vill ha ett starkt och självständigt civilsamhälle. Föreningar, trossamfund,
studieförbund och nätverk av engagerade invånare skapar gemenskap, trygghet och en hållbar
kommun – ofta där kommunen inte når ensam.</p>
<h2>Våra utgångspunkter</h2>
<ul>
<li><strong>Självständighet:</strong> civilsamhällets organisationer bestämmer själva
över sin verksamhet.</li>
<li><strong>Dialog:</strong> vi möts tidigt, innan besluten är fattade.</li>
<li><strong>Långsiktighet:</strong> samverkan bygger på förtroende som växer över tid.</li>
<li><strong>Öppenhet:</strong> det ska vara lätt att veta vem på kommunen man vänder sig till.</li>
</ul>
<h2>Prioriterade områden</h2>
<p>Samverkan fokuserar på tre områden: <em>gemenskap, sammanhang och livskvalitet</em>,
<em>trygghet</em> och <em>en hållbar och klimatsmart kommun</em>.</p>
<p>Kommunstyrelsen har gett stadsledningskontoret ett sammanhållande ansvar för samverkan med
civilsamhället. <a href="https://www.nacka.se/">Läs mer på nacka.se</a>.</p>"""

NACKA_POLICY_EN = """<h2>Why we collaborate</h2>
<p>Nacka wants a strong and independent civil society. Associations, faith communities, study
associations and networks of engaged residents create community, safety and a sustainable
municipality – often where the municipality cannot reach alone.</p>
<h2>Our starting points</h2>
<ul>
<li><strong>Independence:</strong> civil society organisations decide on their own
activities.</li>
<li><strong>Dialogue:</strong> we meet early, before decisions are made.</li>
<li><strong>The long term:</strong> collaboration builds on trust that grows over time.</li>
<li><strong>Openness:</strong> it should be easy to know whom to turn to at the
municipality.</li>
</ul>"""

NACKA_HOW = """<h2>Så arbetar vi tillsammans</h2>
<p>Varje förvaltning ansvarar för samverkan inom sitt område. Stadsledningskontoret håller
ihop arbetet och är din väg in när du inte vet vem du ska fråga.</p>
<h3>Mötesplatser</h3>
<ul>
<li>Öppna forum för föreningar två gånger om året.</li>
<li>Nätverk per fokusområde, till exempel brottsförebyggande rådet.</li>
<li>Rådgivningstider om bidrag och ansökningar.</li>
</ul>
<h3>Överenskommelser</h3>
<p>När vi gör något tillsammans under längre tid skriver vi ned vem som gör vad, i ett
idéburet offentligt partnerskap eller en enklare överenskommelse.</p>"""

GOALS = {
    ("nacka", 0): "<p>Fler mötesplatser där nackabor i alla åldrar hittar gemenskap, och färre "
    "som är ofrivilligt ensamma. Vi vill göra det lättare för föreningar att hitta lokaler.</p>",
    ("nacka", 1): "<p>Trygga offentliga miljöer, särskilt kvällstid. Vi vill stödja "
    "nattvandring och vuxennärvaro och samverka med polisen och föreningarna i "
    "brottsförebyggande arbete.</p><ul><li>Fler vuxna ute på kvällarna</li>"
    "<li>Snabbt stöd till trygghetsskapande insatser</li></ul>",
    ("nacka", 2): "<p>Klimatsmarta vardagsval som är lätta att göra. Vi vill ta vara på "
    "föreningarnas kunskap och engagemang för miljö och natur.</p>",
    ("ekero", 0): "<p>Att alla nya ekeröbor snabbt hittar sammanhang, i samverkan med "
    "integrationsnätverket.</p>",
}

# (municipality, kind, name, title, email, responsibility, administration, focus indexes,
#  committee abbreviation)
CONTACTS = [
    (
        "nacka",
        "officer",
        "Karin Lind",
        "Strateg för civilsamhällesfrågor",
        "karin.lind@nacka.example.se",
        "strategic",
        "Stadsledningskontoret",
        [0, 1, 2],
        None,
    ),
    (
        "nacka",
        "officer",
        "Sam Samordnare",
        "Samverkanssamordnare",
        "samordnare.nacka@example.se",
        "coordinating",
        "Stadsledningskontoret",
        [0, 1, 2],
        None,
    ),
    (
        "nacka",
        "officer",
        "Omar Haddad",
        "Trygghetssamordnare",
        "omar.haddad@nacka.example.se",
        "coordinating",
        "Stadsbyggnad och trygghet",
        [1],
        None,
    ),
    (
        "nacka",
        "officer",
        "Hanna Handläggare",
        "Föreningshandläggare",
        "handlaggare.nacka@example.se",
        "operational",
        "Kultur- och fritidsförvaltningen",
        [0],
        None,
    ),
    (
        "nacka",
        "politician",
        "Per Politiker",
        "Ordförande",
        "politiker.nacka@example.se",
        "",
        None,
        [],
        "KFN",
    ),
    (
        "nacka",
        "politician",
        "Lena Berg",
        "Ordförande",
        "lena.berg@nacka.example.se",
        "",
        None,
        [],
        "KS",
    ),
    (
        "ekero",
        "officer",
        "Erik Handläggare",
        "Föreningshandläggare",
        "handlaggare.ekero@example.se",
        "operational",
        "Kultur- och fritidsförvaltningen",
        [0],
        None,
    ),
    (
        "ekero",
        "politician",
        "Eva Politiker",
        "Ordförande",
        "politiker.ekero@example.se",
        "",
        None,
        [],
        "KFN",
    ),
]

# (municipality, title, summary, body, focus indexes, districts, organisations)
STORIES = [
    (
        "nacka",
        "Nattvandrarna i Fisksätra",
        "Vuxna på stan fredag och lördag kväll har gjort centrum lugnare.",
        "<p>Sedan två år går föräldrar och andra vuxna i Fisksätra ut varje fredag och lördag "
        "kväll. De pratar med ungdomar, hjälper till när något händer och håller kontakt med "
        "fältassistenterna.</p><p>Kommunen bidrar med utbildning och västar genom "
        "mikrobidraget för trygghet.</p>",
        [1],
        ["Fisksätra"],
        ["Fisksätra IF"],
    ),
    (
        "nacka",
        "Fisksätraakademien",
        "Föreningar, skola och kommun möts för att stärka Fisksätra tillsammans.",
        "<p>Fisksätraakademien är ett nätverk där föreningarna i Fisksätra, skolan och kommunen "
        "möts regelbundet. Här föds idéer som läxhjälp, sommaraktiviteter och gemensamma "
        "trygghetsvandringar.</p>",
        [0, 1],
        ["Fisksätra"],
        ["Fisksätra IF", "Klimatnätverket Boo"],
    ),
    (
        "ekero",
        "Språkcafé i Stenhamra",
        "Ett språkcafé varje vecka där nya och gamla ekeröbor möts.",
        "<p>Biblioteket och föreningarna driver tillsammans ett språkcafé i Stenhamra.</p>",
        [0],
        ["Stenhamra"],
        [],
    ),
]

# (municipality, title, lead, focus indexes, days ago)
NEWS = [
    (
        "nacka",
        "Ny policy för samverkan med civilsamhället",
        "Kommunstyrelsen har antagit en policy för hur kommunen och civilsamhället samverkar.",
        [0, 1, 2],
        20,
    ),
    (
        "nacka",
        "Mikrobidrag för trygghet öppet året runt",
        "Föreningar och informella grupper kan söka upp till 10 000 kronor för "
        "trygghetsskapande insatser.",
        [1],
        10,
    ),
    (
        "nacka",
        "Välkommen till föreningsforum i Fisksätra",
        "Kom och träffa andra föreningar och kommunens samordnare på biblioteket.",
        [0],
        3,
    ),
    (
        "ekero",
        "Integrationsnätverket söker fler föreningar",
        "Vill din förening vara med och välkomna nya ekeröbor?",
        [0],
        5,
    ),
]


def _areas(municipality, indexes):
    areas = list(FocusArea.objects.filter(municipality=municipality).order_by("ordering", "pk"))
    return [areas[i] for i in indexes if i < len(areas)]


def _pages(nacka, ekero) -> None:
    now = timezone.now()
    rows = []
    if nacka is not None:
        rows += [
            (nacka, "policy", "policy", "Policy för samverkan med civilsamhället",
             "Policy for collaboration with civil society", NACKA_POLICY, NACKA_POLICY_EN,
             "Nackas utgångspunkter för samverkan med föreningar och andra idéburna aktörer."),
            (nacka, "how", "sa-samverkar-vi", "Så samverkar vi", "", NACKA_HOW, "",
             "Vem som gör vad, var vi möts och hur vi skriver överenskommelser."),
        ]  # fmt: skip
    if ekero is not None:
        rows.append(
            (ekero, "policy", "policy", "Ekerös riktlinjer för samverkan med civilsamhället", "",
             "<h2>Tillsammans på öarna</h2><p>Ekerö kommun samverkar med civilsamhället för "
             "integration, beredskap och en rik fritid för alla.</p>", "", "")
        )  # fmt: skip
    for municipality, kind, slug, title, title_en, body, body_en, summary in rows:
        Page.objects.get_or_create(
            municipality=municipality, slug=slug,
            defaults={"kind": kind, "title_sv": title, "title_en": title_en, "body_sv": body,
                      "body_en": body_en, "summary_sv": summary, "status": "published",
                      "published_at": now},
        )  # fmt: skip


def seed(municipalities: dict, user) -> None:
    """Create or update the demo's information data: ``municipalities`` by slug, and
    ``user(email, full_name)`` creates or returns a demo login."""
    nacka, ekero = municipalities.get("nacka"), municipalities.get("ekero")
    _pages(nacka, ekero)
    now = timezone.now()
    for (slug, index), body in GOALS.items():
        municipality = municipalities.get(slug)
        areas = _areas(municipality, [index]) if municipality else []
        if areas:
            FocusAreaGoal.objects.get_or_create(
                focus_area=areas[0], defaults={"municipality": municipality, "body_sv": body}
            )
    for slug, kind, name, title, email, level, admin_name, indexes, committee in CONTACTS:
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        contact, made = Contact.objects.get_or_create(
            municipality=municipality, name=name,
            defaults={
                "kind": kind, "title_sv": title, "email": email, "responsibility": level,
                "administration": Administration.objects.filter(
                    municipality=municipality, name=admin_name).first() if admin_name else None,
                "committee": Committee.objects.filter(
                    municipality=municipality, abbreviation=committee).first()
                if committee else None,
            },
        )  # fmt: skip
        if made:
            contact.focus_areas.set(_areas(municipality, indexes))
    for slug, title, summary, body, indexes, districts, organisations in STORIES:
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        story, made = Story.objects.get_or_create(
            municipality=municipality, title_sv=title,
            defaults={"summary_sv": summary, "body_sv": body, "status": "published",
                      "published_at": now},
        )  # fmt: skip
        if made:
            story.focus_areas.set(_areas(municipality, indexes))
            story.districts.set(District.objects.filter(municipality=municipality,
                                                        name__in=districts))  # fmt: skip
            story.organisations.set(
                Organisation.objects.filter(municipality=municipality, name__in=organisations)
            )
    for slug, title, lead, indexes, days_ago in NEWS:
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        item, made = NewsItem.objects.get_or_create(
            municipality=municipality, title_sv=title,
            defaults={"lead_sv": lead, "status": "published",
                      "published_at": now - timedelta(days=days_ago)},
        )  # fmt: skip
        if made:
            item.focus_areas.set(_areas(municipality, indexes))
