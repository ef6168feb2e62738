"""Demo data for Nacka and Ekerö, in Swedish as a municipality would enter it.

``seed_demo`` is idempotent: it updates rows in place and never duplicates them.
"""

from django.utils.text import slugify

DEMO_PASSWORD = "samverkan-demo"  # noqa: S105 - printed by `make run`, demo data only

MUNICIPALITIES = [
    {
        "name": "Nacka kommun",
        "slug": "nacka",
        "municipality_code": "0182",
        "organisation_number": "212000-0167",
        "website": "https://www.nacka.se",
        "payer_bankgiro": "5050-1006",  # the account grants are paid from (pain.001 debtor)
        "committees": [
            ("Kultur- och fritidsnämnden", "KFN"),
            ("Socialnämnden", "SOCN"),
            ("Äldrenämnden", "ÄLDN"),
            ("Kommunstyrelsen", "KS"),
        ],
        "districts": ["Sicklaön", "Fisksätra", "Boo", "Älta", "Saltsjöbaden"],
        "focus_areas": [
            (
                "Gemenskap, sammanhang och livskvalitet",
                "Mötesplatser, gemenskap och ett gott liv för alla i Nacka.",
            ),
            (
                "Trygghet",
                "Trygghet i offentliga miljöer, brottsförebyggande arbete och nattvandring.",
            ),
            (
                "En hållbar och klimatsmart kommun",
                "Klimat, miljö och hållbar livsstil tillsammans med civilsamhället.",
            ),
        ],
    },
    {
        "name": "Ekerö kommun",
        "slug": "ekero",
        "municipality_code": "0125",
        "organisation_number": "212000-0043",
        "website": "https://www.ekero.se",
        "payer_bankgiro": "5050-2004",
        "committees": [
            ("Kultur- och fritidsnämnden", "KFN"),
            ("Social- och omsorgsnämnden", "SON"),
            ("Kommunstyrelsen", "KS"),
        ],
        "districts": ["Ekerö centrum", "Stenhamra", "Färentuna", "Skå", "Adelsö", "Munsö"],
        "focus_areas": [
            (
                "Integration och inkludering",
                "Samverkansmodellen från integrationsnätverket Öar utan gränser.",
            ),
            (
                "Beredskap och krisstöd",
                "Att mobilisera civilsamhället långsiktigt och i akuta lägen.",
            ),
            ("Kultur och fritid för alla", "Aktiviteter för alla åldrar på öarna."),
        ],
    },
]

TARGET_GROUPS = [
    "Barn och unga",
    "Äldre",
    "Nyanlända",
    "Personer med funktionsnedsättning",
    "Alla",
]

# (municipality slug, name, organisation number, legal form, district, focus areas, status)
ASSOCIATIONS = [
    ("nacka", "Fisksätra IF", "802400-0724", "ideell_forening", "Fisksätra", [0], "approved"),
    ("nacka", "Nacka Seniorer", "802488-5272", "ideell_forening", "Sicklaön", [0], "pending"),
    ("nacka", "Klimatnätverket Boo", "802503-9135", "ideell_forening", "Boo", [2], "approved"),
    # A study association that hosts informal groups' grants (värdorganisation).
    (
        "nacka",
        "Studieförbundet Vuxenskolan Nacka",
        "802009-1230",
        "ideell_forening",
        "Sicklaön",
        [0, 1],
        "approved",
    ),
    # The women's shelter in an IOP, and the association behind "Välkommen till Saltis".
    (
        "nacka",
        "Nacka kvinno- och tjejjour",
        "802471-2351",
        "ideell_forening",
        "Sicklaön",
        [1],
        "approved",
    ),
    (
        "nacka",
        "Saltis Tillsammans",
        "802455-6113",
        "ideell_forening",
        "Saltsjöbaden",
        [0],
        "approved",
    ),
    (
        "ekero",
        "Öar utan gränser",
        "802469-3148",
        "ideell_forening",
        "Ekerö centrum",
        [0, 1],
        "approved",
    ),
]
PURPOSES = {
    "Fisksätra IF": "Fotboll och friidrott för barn och unga i Fisksätra.",
    "Nacka Seniorer": "Gemenskap, motion och kultur för seniorer i Nacka.",
    "Klimatnätverket Boo": "Klimatsmarta aktiviteter och kunskap för alla i Boo.",
    "Öar utan gränser": "Integrationsnätverk med språkcaféer och läxhjälp på Ekerö.",
    "Nattvandrande föräldrar i Älta": "Föräldrar som nattvandrar i Älta på helgkvällar.",
    "Föräldranärvaro Sicklaön": "Föräldrar som är ute på Sicklaön på kvällar och helger, "
    "utan att bilda förening.",
    "Nacka kvinno- och tjejjour": "Stöd, skyddat boende och förebyggande arbete mot våld i "
    "nära relationer.",
    "Saltis Tillsammans": "Mötesplats och språkstöd för nyanlända i Saltsjöbaden.",
    "Studieförbundet Vuxenskolan Nacka": "Studiecirklar och kultur; värd för informella "
    "gruppers bidrag.",
}
# (municipality slug, name, district, focus areas, registration status)
INFORMAL_GROUPS = [
    ("nacka", "Nattvandrande föräldrar i Älta", "Älta", [1], "pending"),
    ("nacka", "Föräldranärvaro Sicklaön", "Sicklaön", [1], "approved"),
]

# (municipality slug, name, convening unit, focus area indexes, purpose)
NETWORKS = [
    (
        "nacka",
        "Fisksätraakademien",
        "Stadsledningskontoret",
        [0],
        "Ett forum för information, dialog och nätverkande mellan kommunen och "
        "civilsamhället i Fisksätra.",
    ),
    (
        "nacka",
        "BRÅ – brottsförebyggande rådet",
        "Stadsledningskontoret",
        [1],
        "Brottsförebyggande rådet: kommunen, polisen och civilsamhället tillsammans.",
    ),
    (
        "nacka",
        "Nattvandrarnätverket",
        "Socialtjänsten",
        [1],
        "Nattvandrare från föreningar och informella föräldragrupper, i samordning med polisen.",
    ),
    (
        "nacka",
        "Trygg och säker",
        "Stadsledningskontoret",
        [1],
        "Trygghet i offentliga miljöer i hela Nacka.",
    ),
    (
        "ekero",
        "Öar utan gränser",
        "Kultur- och fritidsförvaltningen",
        [0, 1],
        "Integrationsnätverket: möten, kunskapsutbyte och mobilisering av volontärer.",
    ),
]

# Networks' life: invite-only ones, meeting places, members and partners (network name ->
# [(organisation name or None, partner name or None, listed publicly)]).
INVITE_ONLY_NETWORKS = {"BRÅ – brottsförebyggande rådet"}
MEETING_PLACES = {
    "nacka": ("Fisksätra bibliotek", "Fisksätra torg 1", "133 41", "Saltsjöbaden",
              "Entré i markplan, hiss till mötesrummet, tillgänglig toalett. Buss 409."),
    "ekero": ("Ekerö bibliotek", "Tappströmsvägen 2", "178 30", "Ekerö",
              "Entré i markplan, tillgänglig toalett."),
}  # fmt: skip
NETWORK_MEMBERS = {
    "Fisksätraakademien": [("Fisksätra IF", None, True), ("Klimatnätverket Boo", None, True),
                           (None, "Polisen Nacka", False)],
    "BRÅ – brottsförebyggande rådet": [("Fisksätra IF", None, False),
                                        (None, "Polisen Nacka", False)],
    "Nattvandrarnätverket": [(None, "Polisen Nacka", False)],
    "Öar utan gränser": [("Öar utan gränser", None, True)],
}  # fmt: skip
NETWORK_COORDINATOR = "samordnare.nacka@example.se"
AGENDA = [("Välkomna och presentationsrunda", 15), ("Lägesbild", 30), ("Aktiviteter i vår", 45),
          ("Övriga frågor", 15)]  # fmt: skip
MINUTES = ("Närvarande presenterade sig. Polisen gav en lägesbild. Föreningarna berättade om "
           "sina aktiviteter och behov av lokaler.")  # fmt: skip

# (email, full name, municipality slug, role, committee abbreviation)
STAFF = [
    ("handlaggare.nacka@example.se", "Hanna Handläggare", "nacka", "officer", "KFN"),
    ("samordnare.nacka@example.se", "Sam Samordnare", "nacka", "coordinator", None),
    ("politiker.nacka@example.se", "Per Politiker", "nacka", "politician", None),
    ("admin.nacka@example.se", "Ada Administratör", "nacka", "municipal_admin", None),
    ("handlaggare.ekero@example.se", "Erik Handläggare", "ekero", "officer", "KFN"),
    ("politiker.ekero@example.se", "Eva Politiker", "ekero", "politician", None),
]
SUPERUSER = ("admin@example.se", "Portaladministratör")
ASSOCIATION_MEMBER = ("forening@example.se", "Frida Föreningsaktiv", "Fisksätra IF")
# The night-walking parents (an informal group) and the study association that hosts them.
GROUP_MEMBER = ("nattvandring@example.se", "Nora Nattvandrare", "Föräldranärvaro Sicklaön")
HOST_MEMBER = ("studieforbund@example.se", "Sven Studieledare", "Studieförbundet Vuxenskolan Nacka")


def slug(text: str) -> str:
    return slugify(text.replace("å", "a").replace("ä", "a").replace("ö", "o"))


# Grant programmes: (municipality, committee abbreviation, name, kind, summary, options, questions)
# A question is (key, label, field type, required).
PROJECT_QUESTIONS = [
    ("syfte", "Vad är projektets syfte?", "textarea", True),
    ("mal", "Vilka mål har projektet och hur vet ni att ni nått dem?", "textarea", True),
    ("plan", "Tidsplan och aktiviteter", "textarea", True),
    ("start", "När startar projektet?", "date", True),
    ("budget", "Budget", "budget", True),
    ("deltagare", "Deltagare efter ålder och kön", "participants", True),
    ("belopp", "Sökt belopp", "amount", True),
    ("bilaga", "Bilaga (projektplan eller annat)", "file", False),
]
PROGRAMMES = [
    (
        "nacka",
        "KFN",
        "Verksamhetsbidrag",
        "verksamhetsbidrag",
        "Bidrag till den löpande verksamheten för bidragsberättigade föreningar med barn och unga.",
        {
            "requires_eligibility": True,
            "max_amount": 200000,
            "required_documents": ["verksamhetsberattelse", "ekonomisk_berattelse"],
        },
        [
            ("verksamhet", "Beskriv föreningens verksamhet under året", "textarea", True),
            ("belopp", "Sökt belopp", "amount", True),
        ],
    ),
    (
        "nacka",
        "KFN",
        "Projektbidrag för inkludering",
        "projektbidrag",
        "Bidrag till tidsbegränsade projekt som får fler att delta i föreningslivet.",
        {
            "requires_eligibility": True,
            "max_amount": 100000,
            "accepts_late_applications": True,
            "report_due_days": 90,
            "requires_accepted_report": True,
        },
        PROJECT_QUESTIONS,
    ),
    (
        "nacka",
        "KFN",
        "Aktivitetsstöd",
        "aktivitetsstod",
        "Stöd per deltagartillfälle till föreningar med regelbunden verksamhet för barn och unga "
        "7–20 år.",
        {"requires_eligibility": True, "max_amount": 150000, "accepts_late_applications": True},
        [("aktiviteter", "Sammankomster under perioden", "activities", True)],
    ),
    (
        "nacka",
        "KFN",
        "Mikrobidrag för trygghet",
        "other",
        "Snabbt stöd upp till 10 000 kr för trygghetsskapande insatser, även för informella "
        "grupper.",
        {
            "requires_eligibility": False,
            "informal_groups_allowed": True,
            "max_amount": 10000,
            "report_due_days": 60,
            "fast_track": True,
            "decision_days": 5,
        },
        [
            ("insats", "Vad vill ni göra?", "textarea", True),
            ("belopp", "Sökt belopp", "amount", True),
        ],
    ),
    (
        "ekero",
        "KFN",
        "Föreningsbidrag",
        "foreningsbidrag",
        "Bidrag till föreningar med verksamhet för barn, unga och äldre på Ekerö.",
        {"requires_eligibility": True, "max_amount": 50000},
        [
            ("verksamhet", "Beskriv verksamheten", "textarea", True),
            ("belopp", "Sökt belopp", "amount", True),
        ],
    ),
]
# (programme name, call title, days from now it closes (None: rolling), budget, focus area index)
CALLS = [
    ("Verksamhetsbidrag", "Verksamhetsbidrag 2027", 20, 2_000_000, None),
    ("Projektbidrag för inkludering", "Projektbidrag för inkludering, hösten", 45, 500_000, 0),
    ("Mikrobidrag för trygghet", "Mikrobidrag för trygghet (löpande)", None, 100_000, 1),
    ("Aktivitetsstöd", "Aktivitetsstöd, vårterminen", 15, 800_000, 0),
    ("Föreningsbidrag", "Föreningsbidrag 2027", 30, 600_000, None),
]
LATE_DEDUCTIONS = {
    "Projektbidrag för inkludering": [(7, 25), (14, 50), (21, 75)],
    "Aktivitetsstöd": [(7, 25), (14, 50), (21, 75)],
}
# Formula grants: programme name -> activity grant rule (kronor per participant occasion ...)
ACTIVITY_RULES = {"Aktivitetsstöd": {"rate_per_participant": 12, "rate_per_occasion": 0}}
# Assessment criteria per programme: (name, guidance), each scored 0–5.
CRITERIA = {
    "Projektbidrag för inkludering": [
        ("Syfte och mål", "Är syfte och mål tydliga och uppföljningsbara?"),
        ("Målgrupp och delaktighet", "Når projektet nya deltagare, och är de med och planerar?"),
        ("Rimlig budget", "Står kostnaderna i proportion till aktiviteterna?"),
    ],
}
# Registered payout accounts (bankgiro base digits; the check digit is computed).
BANKGIRO_BASES = {"Fisksätra IF": "500123", "Klimatnätverket Boo": "500456",
                  "Öar utan gränser": "500789",
                  "Studieförbundet Vuxenskolan Nacka": "500321"}  # fmt: skip
# Appropriations (anslag) per committee and year that calls draw from:
# (municipality slug, committee, name, amount, call titles)
APPROPRIATIONS = [
    ("nacka", "KFN", "Stöd till civilsamhället", 4_000_000,
     ["Verksamhetsbidrag 2027", "Projektbidrag för inkludering, hösten",
      "Mikrobidrag för trygghet (löpande)", "Aktivitetsstöd, vårterminen"]),
    ("ekero", "KFN", "Föreningsstöd", 800_000, ["Föreningsbidrag 2027"]),
]  # fmt: skip

# Decided grants, so that dashboards and open data have something to show:
# (call title, organisation, answers, amount granted, paid, submitted the year before)
DEMO_GRANTS = [
    ("Mikrobidrag för trygghet (löpande)", "Fisksätra IF",
     {"q_insats": "Trygghetsvandringar med föräldrar på fredagskvällar.", "q_belopp": "8000"},
     8000, True, False),
    ("Mikrobidrag för trygghet (löpande)", "Klimatnätverket Boo",
     {"q_insats": "Belysning och städdag vid båthamnen.", "q_belopp": "6000"},
     5000, False, True),
    ("Föreningsbidrag 2027", "Öar utan gränser",
     {"q_verksamhet": "Språkcafé och läxhjälp varje vecka.", "q_belopp": "20000"},
     20000, False, False),
]  # fmt: skip
DEMO_REPORT_PARTICIPANTS = {"counts": {"7-12|women": 12, "7-12|men": 9, "13-20|women": 6,
                                       "21-64|women": 8, "21-64|men": 5}, "total": 40}  # fmt: skip


# --- the collaboration register (#22) --------------------------------------------------------
# (municipality slug, administration, committee abbreviations it serves)
ADMINISTRATIONS = [
    ("nacka", "Stadsledningskontoret", ["KS"]),
    ("nacka", "Kultur- och fritidsförvaltningen", ["KFN"]),
    ("nacka", "Socialtjänsten", ["SOCN", "ÄLDN"]),
    ("nacka", "Stadsbyggnad och trygghet", ["KS"]),
    ("ekero", "Kommunledningskontoret", ["KS"]),
    ("ekero", "Kultur- och fritidsförvaltningen", ["KFN"]),
    ("ekero", "Social- och omsorgsförvaltningen", ["SON"]),
]
# The networks' own entries: network name -> (level, administration)
NETWORK_ENTRIES = {
    "BRÅ – brottsförebyggande rådet": ("strategic", "Stadsledningskontoret"),
    "Fisksätraakademien": ("strategic", "Stadsledningskontoret"),
    "Nattvandrarnätverket": ("operational", "Socialtjänsten"),
    "Trygg och säker": ("operational", "Stadsbyggnad och trygghet"),
    "Öar utan gränser": ("operational", "Kultur- och fritidsförvaltningen"),
}
# fmt: off
# Recorded collaborations: (municipality, title, kind, level, administration, focus area indexes,
# districts, partner organisations, outside partners [(kind, name)], description, public)
COLLABORATIONS = [
    ("nacka", "Överenskommelsen mellan Nacka kommun och civilsamhället", "dialogue", "political",
     "Stadsledningskontoret", [0, 1, 2], [], ["Fisksätra IF", "Nacka Seniorer"], [],
     "Kommunstyrelsens överenskommelse om samverkan med civilsamhället, följs upp i ett årligt "
     "dialogforum med förtroendevalda.", True),
    ("nacka", "IOP Skyddat boende och stöd", "iop", "strategic", "Socialtjänsten", [1],
     ["Sicklaön"], ["Nacka kvinno- och tjejjour"], [],
     "Idéburet offentligt partnerskap om skyddat boende, stödsamtal och förebyggande arbete "
     "mot våld i nära relationer.", True),
    ("nacka", "Volontärer i Boskola", "volunteer_hosting", "operational",
     "Kultur- och fritidsförvaltningen", [0], ["Fisksätra"], ["Studieförbundet Vuxenskolan Nacka"],
     [], "Volontärer stöttar nyanlända föräldrar i Boskolan på Fisksätra skola.", True),
    ("nacka", "Volontärer på MeetingPoint", "volunteer_hosting", "operational",
     "Kultur- och fritidsförvaltningen", [0], ["Sicklaön"], ["Saltis Tillsammans"], [],
     "Språkcafé och läxhjälp med volontärer på MeetingPoint i Nacka Forum.", True),
    ("nacka", "Välkommen till Saltis", "co_application", "operational",
     "Kultur- och fritidsförvaltningen", [0], ["Saltsjöbaden"], ["Saltis Tillsammans"], [],
     "Projekt för nyanlända i Saltsjöbaden, sökt hos Allmänna arvsfonden med kommunen som "
     "medsökande.", True),
    ("nacka", "Medborgarlöfte Fisksätra 2026", "police", "strategic", "Stadsledningskontoret",
     [1], ["Fisksätra"], ["Fisksätra IF"], [("police", "Polisen Nacka")],
     "Kommunen och polisen lovar invånarna gemensamma insatser för tryggheten i Fisksätra.", True),
    ("ekero", "Dialogforum med föreningslivet", "dialogue", "political", "Kommunledningskontoret",
     [0, 2], [], ["Öar utan gränser"], [],
     "Årligt forum där förtroendevalda möter föreningslivet.", True),
]
# The IOP: parties' contributions (party name -> [(kind, kronor or quantity, description)])
# fmt: on
IOP_TITLE = "IOP Skyddat boende och stöd"
IOP_CONTRIBUTIONS = {
    "Socialtjänsten": [("money", 1_200_000, "Ersättning för kostnader, per år"),
                       ("staff_hours", 400, "Socialsekreterares tid i samverkan")],
    "Nacka kvinno- och tjejjour": [("volunteers", 25, "Volontärer i jourverksamheten"),
                                   ("premises", None, "Egna lokaler för stödsamtal")],
}  # fmt: skip
IOP_INDICATORS = [
    ("Fler våldsutsatta får stöd", "Personer som fått stödsamtal", "personer", 120, 150),
    ("Förebyggande arbete i skolan", "Skolklasser som fått besök", "klasser", 10, 30),
]
IOP_ASSESSMENT = (
    "Verksamheten bygger på föreningens eget ideella engagemang och egna insatser; kommunen "
    "köper ingen tjänst (ingen upphandling enligt LOU) och ger inget generellt bidrag. "
    "Parterna delar mål och ansvar, vilket är grunden för ett IOP."
)
# Action plan ("vem gör vad"): (municipality, title, focus area index, collaboration title or
# None, owner kind, owner name, days from today, progress, note)
PLAN_ACTIONS = [
    ("nacka", "Ta fram en gemensam lägesbild inför medborgarlöftet", 1,
     "Medborgarlöfte Fisksätra 2026", "unit", "Stadsledningskontoret", 20, "in_progress",
     "Polisens statistik är inhämtad, trygghetsvandring i maj."),
    ("nacka", "Rekrytera tio nya volontärer till Boskolan", 0, "Volontärer i Boskola",
     "organisation", "Studieförbundet Vuxenskolan Nacka", 45, "open", ""),
    ("nacka", "Utbilda jourens volontärer i kommunens rutiner", 1, IOP_TITLE, "organisation",
     "Nacka kvinno- och tjejjour", -5, "in_progress", "Första utbildningstillfället hölls."),
    ("nacka", "Kartlägg föreningslokaler i Fisksätra", 0, None, "unit",
     "Kultur- och fritidsförvaltningen", 60, "open", ""),
]  # fmt: skip
