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
}
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
