"""Decided grants as open data in the 360Giving Data Standard (JSON package and flat CSV).

Only what is public anyway (allmänna handlingar) and no personal data: the organisation's
name and identifier (SE-ON-<organisationsnummer>, or a 360G identifier for unregistered
groups, never a person's name), the programme, the amount, the dates and the focus areas.
"""

import io

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from grants.models import Application, Decision, PayoutBatch
from portal import spreadsheets
from portal.models import FocusArea

FOCUS_VOCABULARY = "samverkan-focus-area"
CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Amount Applied For",
    "Amount Disbursed",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Classifications:Vocabulary",
    "Classifications:Code",
    "Classifications:Title",
    "Beneficiary Location:Name",
    "Last Modified",
]


def published_grants(municipality) -> QuerySet[Application]:
    """Approved grants of the municipality, newest decision first (a fixed number of
    queries: the focus areas are prefetched, the paid amount annotated)."""
    paid = Sum(
        "decision__payout__amount",
        filter=Q(decision__payout__batch__status=PayoutBatch.Status.PAID),
    )
    return (
        Application.objects.filter(
            call__programme__committee__municipality=municipality, decision__amount__gt=0
        )
        .exclude(decision__outcome=Decision.Outcome.REJECTED)
        .select_related("organisation__district", "call__programme__committee", "decision")
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("ordering")))
        .annotate(paid_amount=paid)
        .order_by("-decision__decided_at", "-pk")
    )


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def funder(municipality) -> dict:
    number = municipality.organisation_number.replace("-", "")
    identifier = f"SE-ON-{number}" if number else f"{settings.OPEN_DATA_PREFIX}-{municipality.slug}"
    return {"id": identifier, "name": municipality.name}


def recipient(organisation) -> dict:
    identifier = organisation.open_data_id or f"{settings.OPEN_DATA_PREFIX}-org-{organisation.pk}"
    return {"id": identifier, "name": organisation.name}


def grant(application, funding: dict) -> dict:
    """One 360Giving grant record."""
    decision, programme = application.decision, application.call.programme
    number = _slug(application.diarienummer or str(application.pk))
    record = {
        "id": f"{settings.OPEN_DATA_PREFIX}-{programme.committee.municipality_id}-{number}",
        "title": f"{programme.name}: {application.call.title}",
        "description": programme.summary,
        "currency": "SEK",
        "amountAwarded": float(decision.amount),
        "awardDate": timezone.localtime(decision.decided_at).date().isoformat(),
        "recipientOrganization": [recipient(application.organisation)],
        "fundingOrganization": [funding],
        "grantProgramme": [{"code": programme.slug, "title": programme.name}],
        "fromOpenCall": "Yes",
        "classifications": [
            {"vocabulary": FOCUS_VOCABULARY, "code": area.slug, "title": area.name}
            for area in application.focus_areas.all()
        ],
        "dateModified": timezone.localtime(decision.decided_at).isoformat(),
    }
    if application.amount_requested is not None:
        record["amountAppliedFor"] = float(application.amount_requested)
    if application.paid_amount:
        record["amountDisbursed"] = float(application.paid_amount)
    if application.organisation.district_id:
        record["beneficiaryLocation"] = [
            {"name": application.organisation.district.name, "countryCode": "SE"}
        ]
    return record


def package(municipality, grants) -> dict:
    """The 360Giving JSON package of ``grants``."""
    funding = funder(municipality)
    records = [grant(a, funding) for a in grants]
    modified = max((r["dateModified"] for r in records), default=timezone.now().isoformat())
    return {
        "version": "1.3",
        "publisher": {
            "prefix": settings.OPEN_DATA_PREFIX,
            "name": municipality.name,
            "website": municipality.website or settings.PORTAL_BASE_URL,
        },
        "license": settings.OPEN_DATA_LICENSE,
        "issued": timezone.now().isoformat(),
        "modified": modified,
        "grants": records,
    }


def flat_csv(municipality, grants) -> str:
    """The same grants in 360Giving's flat CSV form (first focus area as the classification).

    Names come from associations and staff: a cell that would start a formula gets a leading
    apostrophe (``portal.spreadsheets``); the JSON package keeps the names as they are."""
    funding = funder(municipality)
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for application in grants:
        r = grant(application, funding)
        first = (r["classifications"] or [{}])[0]
        writer.writerow(
            [
                r["id"],
                r["title"],
                r["description"],
                r["currency"],
                r["amountAwarded"],
                r.get("amountAppliedFor", ""),
                r.get("amountDisbursed", ""),
                r["awardDate"],
                r["recipientOrganization"][0]["id"],
                r["recipientOrganization"][0]["name"],
                funding["id"],
                funding["name"],
                r["grantProgramme"][0]["code"],
                r["grantProgramme"][0]["title"],
                first.get("vocabulary", ""),
                first.get("code", ""),
                first.get("title", ""),
                (r.get("beneficiaryLocation") or [{}])[0].get("name", ""),
                r["dateModified"],
            ]
        )
    return out.getvalue()
