"""The decision letter: Swedish HTML with the diarienummer, reasons, conditions and how to
appeal; a tagged PDF (PDF/UA); reachable by the organisation's members and the officers."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from grants import letters
from organisations.models import Membership
from tests.factories import CallFactory, GrantProgrammeFactory, UserFactory
from tests.grants.helpers import decide, submitted
from tests.grants.pdf_tags import TaggedPdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(world):
    programme = GrantProgrammeFactory(committee=world.x.committees.get(), report_due_days=60)
    application = submitted(CallFactory(programme=programme, budget=100000), amount="20000")
    decide(
        application, world.users["officer_x"], amount="15000", outcome="partly_approved",
        conditions="Redovisa med närvarolistor.", decided_by_kind="committee",
        minutes_paragraph="§ 45", minutes_approved_on=date(2026, 11, 2),
        announced_on=date(2026, 11, 3),
    )  # fmt: skip
    return application


def test_letter_says_what_was_decided_and_how_to_appeal_in_swedish(decided):
    with translation.override("en"):  # the letter is Swedish whatever the officer's language
        html = letters.decision_letter_html(decided)
    assert '<html lang="sv">' in html
    assert decided.diarienummer in html
    assert "Uppfyller kriterierna." in html
    assert "Redovisa med närvarolistor." in html
    assert "§ 45" in html
    assert "2026-11-24" in html  # 3 November + 21 days: end of the appeal period
    assert "förvaltningsrätten" in html
    assert "15\xa0000\xa0kr beviljas." in html  # portal.money's Swedish amount
    assert "25000" not in html
    assert "15000" not in html


def test_pdf_is_tagged_for_screen_readers(decided):
    from weasyprint import HTML

    pdf = letters.decision_letter_pdf(decided)
    assert pdf.startswith(b"%PDF-")
    raw = HTML(string=letters.decision_letter_html(decided)).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=True
    )
    for marker in (b"/StructTreeRoot", b"/MarkInfo", b"/Lang (sv)", b"/H1"):
        assert marker in raw, marker


def test_pdf_pairs_each_fact_with_its_label_for_screen_readers(decided):
    """The facts at the top are a table with row headers: each value cell is tagged with
    its label, so "Sökt belopp" is read with "20 000 kr" (a <dl> became one untagged list
    of twelve separate items)."""
    pdf = TaggedPdf(letters.decision_letter_pdf(decided, uncompressed=True))
    assert pdf.with_role("L") == []  # no list
    assert pdf.with_role("LI") == []
    pairs = pdf.row_header_pairs()
    assert pairs["Sökt belopp"] == "20\xa0000\xa0kr"
    assert pairs["Diarienummer"] == decided.diarienummer
    assert pairs["Utlysning"] == decided.call.title
    assert pairs["Sökande"].startswith(decided.organisation.name)
    assert {"Beslutsdatum", "Bidrag"} <= pairs.keys()
    assert "15\xa0000\xa0kr beviljas." in pdf.text


def test_members_and_officers_reach_the_letter_others_do_not(client, world, decided):
    member = UserFactory()
    Membership.objects.create(user=member, organisation=decided.organisation, role="responsible")
    client.force_login(member)
    html = client.get(reverse("grants:decision_letter", args=[decided.pk]))
    assert decided.diarienummer in html.content.decode()
    pdf = client.get(reverse("grants:decision_letter_pdf", args=[decided.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    page = client.get(reverse("grants:application", args=[decided.pk])).content.decode()
    assert reverse("grants:decision_letter_pdf", args=[decided.pk]) in page

    client.force_login(world.users["member"])  # a member of another organisation
    assert client.get(reverse("grants:decision_letter", args=[decided.pk])).status_code == 404

    client.force_login(world.users["officer_x"])
    admin_pdf = client.get(reverse("admin:grants_application_letter_pdf", args=[decided.pk]))
    assert admin_pdf.content.startswith(b"%PDF-")
    client.force_login(world.users["officer_y"])
    assert (
        client.get(reverse("admin:grants_application_letter", args=[decided.pk])).status_code == 404
    )


def test_no_letter_before_a_decision(client, world):
    application = submitted(
        CallFactory(programme=GrantProgrammeFactory(committee=world.x.committees.get()))
    )
    client.force_login(world.users["officer_x"])
    url = reverse("admin:grants_application_letter", args=[application.pk])
    assert client.get(url).status_code == 404
    assert Decimal(application.amount_requested) == Decimal("40000")


def test_a_pdf_is_made_once_per_letter_and_anew_when_the_letter_changes(
    client, world, decided, monkeypatch
):
    """The PDF is kept by the HTML it is made of: downloaded again it is not made again; a
    changed decision, or the full account number instead of the masked one, is another
    letter and gets its own PDF at once."""
    from weasyprint import HTML

    made = []
    write_pdf = HTML.write_pdf

    def counted(self, *args, **kwargs):
        made.append(1)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", counted)
    member = UserFactory()
    Membership.objects.create(user=member, organisation=decided.organisation, role="responsible")
    client.force_login(member)
    url = reverse("grants:decision_letter_pdf", args=[decided.pk])
    first = client.get(url).content
    assert client.get(url).content == first
    assert len(made) == 1
    decision = decided.decision
    decision.conditions = "Redovisa med kvitton."
    decision.save(update_fields=["conditions"])
    changed = client.get(url).content
    assert len(made) == 2
    assert changed != first
    text = TaggedPdf(letters.decision_letter_pdf(decided, uncompressed=True)).text
    assert "Redovisa med kvitton." in text
    assert "Redovisa med närvarolistor." not in text
