"""Decided grants as open data in the 360Giving Data Standard 1.4 (JSON package and flat CSV).

Only what is public anyway (allmänna handlingar) and no personal data: the organisation's
name and identifier (SE-ON-<organisationsnummer>, or one made with the municipality's
publisher prefix for unregistered groups, never a person's name), the programme, the
amounts, the dates and the focus areas. Each municipality publishes under its own 360Giving
publisher prefix (``Municipality.publisher_prefix``); it begins every identifier the
municipality makes. The CSV holds the same values as the JSON under the standard's column
titles; both are validated against the official schema in the test suite.

Informal groups paid through a host organisation (värdorganisation): the group is the
recipient (``recipientOrganization``), as it is the one granted; the host, which receives
and accounts for the money, is the intermediary. The standard (1.4) has no field for an
intermediary of a recipient (``regrantType`` describes grants made *for* redistribution, with
the intermediary as recipient, which is not what happens here), and it lets publishers add
their own fields and columns where nothing fits: the grant carries
``intermediaryOrganization``, shaped like ``recipientOrganization`` (a list of organisations
with ``id`` and ``name``; the schema allows additional properties, so the package still
validates), and the CSV its two columns "Intermediary Org:Identifier" and "Intermediary
Org:Name" (titles of letters, spaces and colons, as the standard's guidance for own
columns asks; ``ADDITIONAL_COLUMNS``).

Published files, not answers made per request: the largest municipality has some 90 000
grants over ten years, several seconds of work and tens of megabytes. Each municipality's
JSON and CSV are built once per *version* of its grants and kept in the storage
(``opendata/<municipality>/<version>.json``), from where every download is served; the
public page's count and pages are cached under the same version. The version is a random
token in the cache that any change to what the files show drops (``grants.opendata_signals``:
decisions, payouts, identity changes, organisations, programmes, calls, districts, focus
areas, the municipality), at once and again when the change commits, so the next request
builds from committed data and a change shows at once (``portal.published_files``, shared
with the collaborations' open data).
"""

import io
import json
import shutil
import tempfile

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.utils import timezone

from grants.models import Application, Decision, Payout, PayoutBatch
from organisations.models import IdentityChange
from portal import spreadsheets
from portal.models import FocusArea
from portal.published_files import PublishedFiles

STANDARD_VERSION = "1.4"  # major.minor, as the package schema asks
FOCUS_VOCABULARY = "samverkan-focus-area"

# The publisher's own columns (see the module's docstring): title -> path in a JSON grant.
ADDITIONAL_COLUMNS = [
    ("Intermediary Org:Identifier", ("intermediaryOrganization", 0, "id")),
    ("Intermediary Org:Name", ("intermediaryOrganization", 0, "name")),
]

# The flat CSV: the standard's column titles and where each value sits in a JSON grant
# (the first recipient, funder, programme, focus area and beneficiary location).
CSV_COLUMNS = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Amount Applied For", ("amountAppliedFor",)),
    ("Amount Disbursed", ("amountDisbursed",)),
    ("Award Date", ("awardDate",)),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("From An Open Call?", ("fromOpenCall",)),
    ("Classifications:Vocabulary", ("classifications", 0, "vocabulary")),
    ("Classifications:Code", ("classifications", 0, "code")),
    ("Classifications:Title", ("classifications", 0, "title")),
    ("Beneficiary Location:Name", ("beneficiaryLocation", 0, "name")),
    ("Beneficiary Location:Country Code", ("beneficiaryLocation", 0, "countryCode")),
    ("Last Modified", ("dateModified",)),
    *ADDITIONAL_COLUMNS,
]


def _granted(municipality) -> QuerySet[Application]:
    """The municipality's approved grants (by the case's own municipality: no joins)."""
    return Application.objects.filter(municipality=municipality, decision__amount__gt=0).exclude(
        decision__outcome=Decision.Outcome.REJECTED
    )


def published_grants(municipality) -> QuerySet[Application]:
    """Approved grants of the municipality, newest decision first (a fixed number of
    queries: the focus areas are prefetched; the paid amount, when it was paid and when the
    recipient's name or number last changed are annotated)."""
    paid = (
        Payout.objects.filter(decision=OuterRef("decision"), batch__status=PayoutBatch.Status.PAID)
        .order_by()
        .values("decision")
    )
    renamed = (
        IdentityChange.objects.filter(
            organisation=OuterRef("organisation"), status=IdentityChange.Status.APPROVED
        )
        .order_by("-decided_at")
        .values("decided_at")[:1]
    )
    return (
        _granted(municipality)
        .select_related("organisation__district", "call__programme", "decision__host")
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("ordering")))
        .annotate(
            # subqueries, not a join grouped by every column (which spills to disk)
            paid_amount=Subquery(paid.annotate(total=Sum("amount")).values("total")),
            paid_at=Subquery(paid.annotate(last=Max("batch__paid_at")).values("last")),
            identity_changed_at=Subquery(renamed),
        )
        .order_by("-decision__decided_at", "-pk")
    )


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def funder(municipality) -> dict:
    """The municipality as funder: SE-ON-<organisationsnummer>, else its publisher prefix."""
    number = municipality.organisation_number.replace("-", "")
    identifier = f"SE-ON-{number}" if number else municipality.publisher_prefix
    return {"id": identifier, "name": municipality.name}


def recipient(organisation, prefix: str) -> dict:
    identifier = organisation.open_data_id or f"{prefix}-org-{organisation.pk}"
    return {"id": identifier, "name": organisation.name}


def date_modified(application) -> str:
    """When the record last changed: the decision, the payout that added the disbursed
    amount, or an approved change of the recipient's name or organisation number."""
    times = [application.decision.decided_at, application.identity_changed_at]
    if application.paid_amount:
        times.append(application.paid_at)
    return timezone.localtime(max(t for t in times if t is not None)).isoformat()


def grant(application, funding: dict, prefix: str) -> dict:
    """One 360Giving grant record; ``prefix`` is the municipality's publisher prefix."""
    decision, programme = application.decision, application.call.programme
    number = _slug(application.diarienummer or str(application.pk))
    record = {
        "id": f"{prefix}-{number}",
        "title": f"{programme.name}: {application.call.title}",
        "description": programme.summary,
        "currency": "SEK",
        "amountAwarded": float(decision.amount),
        "awardDate": timezone.localtime(decision.decided_at).date().isoformat(),
        "recipientOrganization": [recipient(application.organisation, prefix)],
        "fundingOrganization": [funding],
        "grantProgramme": [{"code": programme.slug, "title": programme.name}],
        "fromOpenCall": "Yes",
        "classifications": [
            {"vocabulary": FOCUS_VOCABULARY, "code": area.slug, "title": area.name}
            for area in application.focus_areas.all()
        ],
        "dateModified": date_modified(application),
    }
    if application.amount_requested is not None:
        record["amountAppliedFor"] = float(application.amount_requested)
    if application.paid_amount:
        record["amountDisbursed"] = float(application.paid_amount)
    if decision.payment_route == Decision.Route.HOST and decision.host_id:
        record["intermediaryOrganization"] = [recipient(decision.host, prefix)]
    if application.organisation.district_id:
        record["beneficiaryLocation"] = [
            {"name": application.organisation.district.name, "countryCode": "SE"}
        ]
    return record


def _publisher(municipality, funding: dict) -> dict:
    return {
        "identifier": funding["id"],
        "name": municipality.name,
        "website": municipality.website or settings.PORTAL_BASE_URL,
        "prefix": municipality.publisher_prefix,
    }


def package(municipality, grants) -> dict:
    """The 360Giving JSON package of ``grants``."""
    funding = funder(municipality)
    records = [grant(a, funding, municipality.publisher_prefix) for a in grants]
    modified = max((r["dateModified"] for r in records), default=timezone.now().isoformat())
    return {
        "version": STANDARD_VERSION,
        "publisher": _publisher(municipality, funding),
        "license": settings.OPEN_DATA_LICENSE,
        "issued": timezone.now().isoformat(),
        "modified": modified,
        "grants": records,
    }


def _value(record: dict, path: tuple):
    """The value at ``path`` in a grant record; None where the record has none."""
    value = record
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError):
            return None
    return value


def flat_csv(municipality, grants) -> str:
    """The same grants in 360Giving's flat CSV form (first focus area as the classification).

    Names come from associations and staff: a cell that would start a formula gets a leading
    apostrophe (``portal.spreadsheets``); the JSON package keeps the names as they are."""
    funding = funder(municipality)
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, lineterminator="\r\n")
    writer.writerow([title for title, _path in CSV_COLUMNS])
    for application in grants:
        record = grant(application, funding, municipality.publisher_prefix)
        writer.writerow([_value(record, path) for _title, path in CSV_COLUMNS])
    return out.getvalue()


def write_package(municipality, grants, out) -> None:
    """``package`` written to the text file ``out`` grant by grant: the grants go to a
    temporary file first (the package's ``modified`` is the newest of theirs and comes
    before them), so a municipality's ninety thousand grants are never all in memory."""
    funding, prefix = funder(municipality), municipality.publisher_prefix
    modified = None
    with tempfile.TemporaryFile("w+", encoding="utf-8") as records:
        for number, application in enumerate(grants):
            record = grant(application, funding, prefix)
            modified = max(modified or record["dateModified"], record["dateModified"])
            text = json.dumps(record, ensure_ascii=False, indent=1)
            records.write(("  " if number == 0 else ",\n  ") + text.replace("\n", "\n  "))
        head = {
            "version": STANDARD_VERSION,
            "publisher": _publisher(municipality, funding),
            "license": settings.OPEN_DATA_LICENSE,
            "issued": timezone.now().isoformat(),
            "modified": modified or timezone.now().isoformat(),
        }
        text = json.dumps(head, ensure_ascii=False, indent=1)
        out.write(text[:-2] + ',\n "grants": [\n')
        records.seek(0)
        shutil.copyfileobj(records, out)
        out.write("\n ]\n}")


def write_csv(municipality, grants, out) -> None:
    """``flat_csv`` written to the text file ``out`` row by row."""
    funding, prefix = funder(municipality), municipality.publisher_prefix
    writer = spreadsheets.csv_writer(out, lineterminator="\r\n")
    writer.writerow([title for title, _path in CSV_COLUMNS])
    for application in grants:
        record = grant(application, funding, prefix)
        writer.writerow([_value(record, path) for _title, path in CSV_COLUMNS])


def _write(writer):
    def write(municipality, out) -> None:
        writer(municipality, published_grants(municipality).iterator(chunk_size=2000), out)

    return write


# The stored files and the cached pages (see the module's docstring).
FILES = PublishedFiles(
    key="grants-opendata:{pk}",
    folder="opendata/{pk}/",
    writers={"json": _write(write_package), "csv": _write(write_csv)},
)
DERIVED_SECONDS = 24 * 3600  # counts and pages of a dropped version expire by themselves
version = FILES.version
invalidate = FILES.invalidate
stored_file = FILES.stored_file


class GrantedList:
    """The public page's list for ``Paginator``: its count and each page's grants are
    cached per version, so a page is two small queries however many grants there are."""

    def __init__(self, municipality):
        self.municipality = municipality
        self.prefix = f"{FILES.version_key(municipality.pk)}:{version(municipality.pk)}"

    def count(self) -> int:
        return cache.get_or_set(
            f"{self.prefix}:count", lambda: _granted(self.municipality).count(), DERIVED_SECONDS
        )

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Application]:
        ids = cache.get_or_set(
            f"{self.prefix}:ids:{window.start}:{window.stop}",
            lambda: list(
                _granted(self.municipality)
                .order_by("-decision__decided_at", "-pk")
                .values_list("pk", flat=True)[window]
            ),
            DERIVED_SECONDS,
        )
        found = Application.objects.filter(pk__in=ids).select_related(
            "organisation", "call__programme", "decision"
        )
        found = {a.pk: a for a in found.prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("ordering"))
        )}  # fmt: skip
        return [found[pk] for pk in ids if pk in found]
