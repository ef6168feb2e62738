"""An agreement with everything an organisation's page shows (for the page, public, reminder
and GDPR tests): the IOP of ``helpers.iop`` with contributions, two indicators, a submitted
follow-up with results, and a document."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from collaborations import services
from collaborations.models import Contribution, Indicator

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="avtal.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def full_agreement(c, *, title="IOP Kvinnojouren", organisation=None, year=2024):
    """An IOP with ``organisation`` (default: c.organisation) as party, the social
    administration paying 250 000 kr a year, indicators, the ``year`` follow-up submitted by
    the organisation's person and a signed agreement as a document."""
    from tests.collaborations.helpers import iop

    organisation = organisation or c.organisation
    collaboration = iop(c, parties=False)
    collaboration.title = title
    collaboration.save(update_fields=["title"])
    collaboration.partners.set([organisation])
    agreement = collaboration.agreement
    ours = agreement.parties.create(organisation=organisation)
    theirs = agreement.parties.create(administration=c.social)
    Contribution.objects.create(party=theirs, kind="money", amount_ore=25_000_000)
    Contribution.objects.create(
        party=ours, kind="volunteers", quantity=Decimal("12"), description="Jourvolontärer"
    )
    sheltered = Indicator.objects.create(
        agreement=agreement, goal="Fler kvinnor får skydd", name="Skyddade boendedygn",
        unit="dygn", target=Decimal("900"),
    )  # fmt: skip
    calls = Indicator.objects.create(
        agreement=agreement, goal="Stöd via telefon", name="Stödsamtal", unit="samtal",
        target=Decimal("400"),
    )  # fmt: skip
    follow_up = services.follow_up_open(agreement=agreement, year=year, by=c.social_officer)
    person = organisation.memberships.filter(role="responsible").first().user
    services.follow_up_save_results(
        follow_up=follow_up, by=person, summary="Ett bra år.",
        results={sheltered.pk: ("874", "Nästan målet"), calls.pk: ("431", "")},
    )  # fmt: skip
    services.follow_up_set_status(follow_up=follow_up, status="submitted", by=person)
    document = services.document_upload(
        collaboration=collaboration, uploaded=pdf(), title="Undertecknat avtal",
        by=c.social_officer,
    )  # fmt: skip
    return collaboration, document
