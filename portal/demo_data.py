"""Demo data for Nacka and Ekerö, from the source documents (see shared/DOMAIN.md).

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
                "Meeting places, belonging and a good life for everyone in Nacka.",
            ),
            ("Trygghet", "Safety in public spaces, crime prevention and night-walking."),
            (
                "En hållbar och klimatsmart kommun",
                "Climate, environment and sustainable living together with civil society.",
            ),
        ],
    },
    {
        "name": "Ekerö kommun",
        "slug": "ekero",
        "municipality_code": "0125",
        "organisation_number": "212000-0043",
        "website": "https://www.ekero.se",
        "committees": [
            ("Kultur- och fritidsnämnden", "KFN"),
            ("Social- och omsorgsnämnden", "SON"),
            ("Kommunstyrelsen", "KS"),
        ],
        "districts": ["Ekerö centrum", "Stenhamra", "Färentuna", "Skå", "Adelsö", "Munsö"],
        "focus_areas": [
            (
                "Integration och inkludering",
                "The collaboration model from the integration network Öar utan gränser.",
            ),
            (
                "Beredskap och krisstöd",
                "Mobilising civil society long-term and in acute situations.",
            ),
            ("Kultur och fritid för alla", "Activities for all ages across the islands."),
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

# (municipality slug, name, organisation number, legal form, district, focus area indexes)
ASSOCIATIONS = [
    ("nacka", "Fisksätra IF", "802400-0725", "ideell_forening", "Fisksätra", [0]),
    ("nacka", "Nacka Seniorer", "802488-5273", "ideell_forening", "Sicklaön", [0]),
    ("nacka", "Klimatnätverket Boo", "802503-9136", "ideell_forening", "Boo", [2]),
    ("ekero", "Öar utan gränser", "802469-3149", "ideell_forening", "Ekerö centrum", [0, 1]),
]
INFORMAL_GROUPS = [
    ("nacka", "Nattvandrande föräldrar i Älta", "Älta", [1]),
]

# (municipality slug, name, convening unit, focus area indexes, purpose)
NETWORKS = [
    (
        "nacka",
        "Fisksätraakademien",
        "Stadsledningskontoret",
        [0],
        "A forum for information, dialogue and networking between the municipality and civil "
        "society in Fisksätra.",
    ),
    (
        "nacka",
        "BRÅ – brottsförebyggande rådet",
        "Stadsledningskontoret",
        [1],
        "The crime-prevention council: municipality, police and civil society together.",
    ),
    (
        "nacka",
        "Nattvandrarnätverket",
        "Socialtjänsten",
        [1],
        "Night-walkers from associations and informal parent groups, coordinated with the police.",
    ),
    (
        "nacka",
        "Trygg och säker",
        "Stadsledningskontoret",
        [1],
        "Safety in public spaces across Nacka.",
    ),
    (
        "ekero",
        "Öar utan gränser",
        "Kultur- och fritidsförvaltningen",
        [0, 1],
        "The integration network: meetings, knowledge exchange and mobilisation of volunteers.",
    ),
]

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


def slug(text: str) -> str:
    return slugify(text.replace("å", "a").replace("ä", "a").replace("ö", "o"))
