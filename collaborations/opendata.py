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

The downloads are files built once per version (and language: the labels are translated,
the links carry the language) and served from the storage, as the grants' open data
(``FILES`` below, ``portal.published_files``): the largest municipality's thousands of
collaborations took seconds per request.
"""

import io
import json
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from collaborations.models import Collaboration, OutsidePartner
from collaborations.queries_public import public_collaborations
from organisations.models import Organisation
from portal import spreadsheets
from portal.links import absolute_reverse
from portal.models import District, FocusArea
from portal.published_files import PublishedFiles

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
    """The rows published, oldest first (a fixed number of queries): the public pages'
    rows, with the columns the files show of what they refer to (thousands of partners)."""
    return (
        public_collaborations(municipality)
        .select_related("administration")
        .prefetch_related(
            Prefetch(
                "focus_areas",
                queryset=FocusArea.objects.only("slug", "name").order_by("ordering", "name"),
            ),
            Prefetch("districts", queryset=District.objects.only("name").order_by("name")),
            Prefetch(
                "partners",
                queryset=Organisation.objects.only("name", "organisation_number").order_by("name"),
            ),
            Prefetch("outside_partners", queryset=OutsidePartner.objects.order_by("name")),
        )
        .order_by("pk")
    )


def _labels() -> dict:
    """The choices' names in the active language, read once per file (the model's
    ``get_…_display`` hashes its choices on every call)."""
    return {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("kind", Collaboration.Kind.choices),
            ("level", Collaboration.Level.choices),
            ("status", Collaboration.Status.choices),
            ("partner", OutsidePartner.Kind.choices),
        )
    }


def _url(municipality) -> str:
    """The public page's link with ``{pk}`` to fill in (reversed once, not per row)."""
    return absolute_reverse("collaborations:public_detail", args=[municipality.slug, 0]).replace(
        "/0/", "/{pk}/"
    )


def organisation_id(organisation, prefix: str) -> str:
    """SE-ON-<organisationsnummer>, or the publisher's own for a group without a number."""
    return organisation.open_data_id or f"{prefix}-org-{organisation.pk}"


def record(collaboration, municipality, labels=None, url=None) -> dict:
    """One collaboration of ``municipality`` as open data (``labels`` and ``url``: those
    of ``_labels`` and ``_url``, made once for many records)."""
    prefix = municipality.publisher_prefix
    labels, url = labels or _labels(), url or _url(municipality)
    return {
        "id": f"{prefix}-collaboration-{collaboration.pk}",
        "title": collaboration.title,
        "description": collaboration.description,
        "kind": collaboration.kind,
        "kindLabel": labels["kind"].get(collaboration.kind, collaboration.kind),
        "level": collaboration.level,
        "levelLabel": labels["level"].get(collaboration.level, collaboration.level),
        "status": collaboration.status,
        "statusLabel": labels["status"].get(collaboration.status, collaboration.status),
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
            {"name": p.name, "kind": p.kind, "kindLabel": labels["partner"].get(p.kind, p.kind)}
            for p in collaboration.outside_partners.all()
        ],
        "dateModified": timezone.localtime(collaboration.updated_at).isoformat(),
        "url": url.format(pk=collaboration.pk),
    }


def package(municipality, collaborations) -> dict:
    prefix = municipality.publisher_prefix
    labels, url = _labels(), _url(municipality)
    records = [record(c, municipality, labels, url) for c in collaborations]
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
    _write_rows(municipality, collaborations, out)
    return out.getvalue()


def _write_rows(municipality, collaborations, out) -> None:
    writer = spreadsheets.csv_writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    labels, url = _labels(), _url(municipality)
    for collaboration in collaborations:
        r = record(collaboration, municipality, labels, url)
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


# --- the stored files -------------------------------------------------------------------


def write_json(municipality, out) -> None:
    """The JSON package of the municipality's published collaborations, to ``out``."""
    json.dump(package(municipality, published(municipality)), out, ensure_ascii=False, indent=1)


def write_csv(municipality, out) -> None:
    """The flat CSV of the municipality's published collaborations, to ``out``."""
    _write_rows(municipality, published(municipality), out)


def until_midnight() -> int:
    """Seconds until local midnight: which collaborations are shown depends on the day (an
    ended one for a year after its end), so a version lasts the day at most."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    return max(1, int((midnight - now).total_seconds()) + 1)


# Built once per version, language and day, kept in the storage and streamed from there
# (``portal.published_files``); ``collaborations.opendata_signals`` drops the version on
# every change to what the files show.
FILES = PublishedFiles(
    key="collaborations-opendata:{pk}",
    folder="opendata/collaborations/{pk}/",
    writers={"json": write_json, "csv": write_csv},
    version_seconds=until_midnight,
)
