"""A municipality's public collaborations as open data (JSON and CSV).

Only what the municipality has marked public (``Collaboration.is_public``; the same rows as
the public pages: planned, active, or ended within the last year) and no personal data: the
owning administration, never the responsible person. Partner organisations are named with
their identifier in the org-id.guide scheme that 360Giving uses, ``SE-ON-<organisationsnummer>``
(``Organisation.open_data_id``); an organisation without a number (an informal group) gets
one made with the municipality's publisher prefix, as the grants' open data does
(``<prefix>-org-<id>``), so the same group has the same identifier in both files. Outside
partners (the police, the region, companies) are listed by name and kind.

The CSV holds one row per collaboration (partners joined with "; "); its text cells are
formula-neutralised by ``portal.spreadsheets``, the JSON keeps the names as they are.
"""

import io

from django.conf import settings
from django.utils import timezone

from collaborations.queries_public import public_collaborations, with_public_details
from portal import spreadsheets
from portal.links import absolute_reverse

FOCUS_VOCABULARY = "samverkan-focus-area"  # the grants' open data uses the same codes

CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Kind",
    "Kind Code",
    "Level",
    "Level Code",
    "Status",
    "Status Code",
    "Starts",
    "Ends",
    "Administration",
    "Focus Areas",
    "Districts",
    "Partner Org:Identifiers",
    "Partner Org:Names",
    "Outside Partners",
    "Last Modified",
    "URL",
]


def published(municipality):
    """The rows published, oldest first (a fixed number of queries)."""
    return with_public_details(public_collaborations(municipality)).order_by("pk")


def organisation_id(organisation, prefix: str) -> str:
    """SE-ON-<organisationsnummer>, or the publisher's own for a group without a number."""
    return organisation.open_data_id or f"{prefix}-org-{organisation.pk}"


def record(collaboration, municipality) -> dict:
    """One collaboration of ``municipality`` as open data."""
    prefix = municipality.publisher_prefix
    return {
        "id": f"{prefix}-collaboration-{collaboration.pk}",
        "title": collaboration.title,
        "description": collaboration.description,
        "kind": collaboration.kind,
        "kindLabel": str(collaboration.get_kind_display()),
        "level": collaboration.level,
        "levelLabel": str(collaboration.get_level_display()),
        "status": collaboration.status,
        "statusLabel": str(collaboration.get_status_display()),
        "startDate": collaboration.starts_on.isoformat() if collaboration.starts_on else None,
        "endDate": collaboration.ends_on.isoformat() if collaboration.ends_on else None,
        "administration": (
            collaboration.administration.name if collaboration.administration_id else None
        ),
        "classifications": [
            {"vocabulary": FOCUS_VOCABULARY, "code": area.slug, "title": area.name}
            for area in collaboration.focus_areas.all()
        ],
        "districts": [district.name for district in collaboration.districts.all()],
        "partnerOrganizations": [
            {"id": organisation_id(o, prefix), "name": o.name} for o in collaboration.partners.all()
        ],
        "outsidePartners": [
            {"name": p.name, "kind": p.kind, "kindLabel": str(p.get_kind_display())}
            for p in collaboration.outside_partners.all()
        ],
        "dateModified": timezone.localtime(collaboration.updated_at).isoformat(),
        "url": absolute_reverse(
            "collaborations:public_detail", args=[municipality.slug, collaboration.pk]
        ),
    }


def package(municipality, collaborations) -> dict:
    prefix = municipality.publisher_prefix
    records = [record(c, municipality) for c in collaborations]
    number = municipality.organisation_number.replace("-", "")
    return {
        "publisher": {
            "identifier": f"SE-ON-{number}" if number else prefix,
            "name": municipality.name,
            "website": municipality.website or settings.PORTAL_BASE_URL,
        },
        "license": settings.OPEN_DATA_LICENSE,
        "issued": timezone.now().isoformat(),
        "collaborations": records,
    }


def flat_csv(municipality, collaborations) -> str:
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for collaboration in collaborations:
        r = record(collaboration, municipality)
        writer.writerow(
            [
                r["id"],
                r["title"],
                r["description"],
                r["kindLabel"],
                r["kind"],
                r["levelLabel"],
                r["level"],
                r["statusLabel"],
                r["status"],
                r["startDate"],
                r["endDate"],
                r["administration"],
                "; ".join(c["title"] for c in r["classifications"]),
                "; ".join(r["districts"]),
                "; ".join(p["id"] for p in r["partnerOrganizations"]),
                "; ".join(p["name"] for p in r["partnerOrganizations"]),
                "; ".join(p["name"] for p in r["outsidePartners"]),
                r["dateModified"],
                r["url"],
            ]
        )
    return out.getvalue()
