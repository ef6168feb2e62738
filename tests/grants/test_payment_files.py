"""The bank payment file: ISO 20022 pain.001.001.03, valid against the official schema, for
payouts to bankgiro, plusgiro, bank accounts and through a host organisation; amounts,
counts, sums and references right; refused without the payer's account; served by the
admin only to those who may download the CSV."""

import io
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants import payment_files, services
from grants.models import HostAgreement, PayoutBatch
from organisations.models import PayoutAccount
from tests.factories import CallFactory, GrantProgrammeFactory
from tests.grants.helpers import decide, eligible_organisation, submitted

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).parent / "schemas" / "pain.001.001.03" / "pain.001.001.03.xsd"
NS = {"p": payment_files.NAMESPACE}
TOMORROW = timezone.localdate() + timedelta(days=1)


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture
def call(world):
    world.x.payer_iban = "SE4550000000058398257466"
    world.x.save(update_fields=["payer_iban"])
    return CallFactory(
        programme=GrantProgrammeFactory(committee=world.x.committees.get()), budget=1_000_000
    )


def granted(call, officer, amount, **account):
    application = submitted(call, amount=amount)
    organisation = application.organisation
    PayoutAccount.objects.create(organisation=organisation, **account)
    return decide(application, officer, amount=amount)


def plan(call, officer, decisions) -> PayoutBatch:
    batch, refused = services.payout_batch_create(
        committee=call.programme.committee, decisions=decisions, payment_date=TOMORROW, by=officer
    )
    assert not refused
    return batch


def parse(content: bytes, schema) -> ET.Element:
    schema.validate(io.BytesIO(content))  # raises with the first problem, if any
    return ET.fromstring(content)  # noqa: S314 (our own file)


def text(element, path) -> str:
    return element.findtext(path, namespaces=NS)


def transfers(root) -> dict:
    """The credit transfers by their remittance information."""
    return {text(t, "p:RmtInf/p:Ustrd"): t for t in root.iterfind(".//p:CdtTrfTxInf", NS)}


def test_bankgiro_plusgiro_and_bank_account_in_one_valid_file(world, call, schema):
    officer = world.users["officer_x"]
    by_bankgiro = granted(call, officer, "40000", method="bankgiro", number="5050-1055",
                          account_holder="Fisksätra IF")  # fmt: skip
    by_plusgiro = granted(call, officer, "1234.50", method="plusgiro", number="90 20 03-3",
                          account_holder="Älta Schack & Go")  # fmt: skip
    by_bank = granted(call, officer, "999.99", method="bank_account",
                      number="SE5280000832790333953909", bic="SWEDSESS",
                      account_holder="Boo Scoutkår")  # fmt: skip
    batch = plan(call, officer, [by_bankgiro, by_plusgiro, by_bank])
    root = parse(payment_files.pain001(batch), schema)

    assert text(root, "p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs") == "3"
    assert text(root, "p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum") == "42234.49"
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert (text(info, "p:NbOfTxs"), text(info, "p:CtrlSum")) == ("3", "42234.49")
    assert text(info, "p:ReqdExctnDt") == TOMORROW.isoformat()
    assert text(info, "p:PmtInfId") == batch.reference
    assert text(info, "p:Dbtr/p:Nm") == "Nacka kommun"
    assert text(info, "p:DbtrAcct/p:Id/p:IBAN") == "SE4550000000058398257466"
    assert text(info, "p:DbtrAgt/p:FinInstnId/p:BIC") == "ESSESESS"  # from the IBAN

    sent = transfers(root)
    reference = by_bankgiro.application.diarienummer
    bankgiro = sent[reference]
    assert bankgiro.find("p:Amt/p:InstdAmt", NS).attrib["Ccy"] == "SEK"
    assert text(bankgiro, "p:Amt/p:InstdAmt") == "40000.00"
    assert text(bankgiro, "p:Cdtr/p:Nm") == "Fisksätra IF"
    assert text(bankgiro, "p:CdtrAcct/p:Id/p:Othr/p:Id") == "50501055"
    assert text(bankgiro, "p:CdtrAcct/p:Id/p:Othr/p:SchmeNm/p:Prtry") == "BGNR"
    assert text(bankgiro, "p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId") == "9900"

    plusgiro = sent[by_plusgiro.application.diarienummer]
    assert text(plusgiro, "p:Amt/p:InstdAmt") == "1234.50"
    assert text(plusgiro, "p:Cdtr/p:Nm") == "Älta Schack + Go"  # & is not in the bank's set
    assert text(plusgiro, "p:CdtrAcct/p:Id/p:Othr/p:Id") == "9020033"
    assert text(plusgiro, "p:CdtrAcct/p:Id/p:Othr/p:SchmeNm/p:Cd") == "BBAN"
    assert text(plusgiro, "p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:ClrSysId/p:Cd") == "SESBA"
    assert text(plusgiro, "p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId") == "9960"

    bank = sent[by_bank.application.diarienummer]
    assert text(bank, "p:Amt/p:InstdAmt") == "999.99"
    assert text(bank, "p:CdtrAcct/p:Id/p:IBAN") == "SE5280000832790333953909"
    assert text(bank, "p:CdtrAgt/p:FinInstnId/p:BIC") == "SWEDSESS"

    ids = [text(t, "p:PmtId/p:EndToEndId") for t in sent.values()]
    assert len(set(ids)) == 3
    assert set(ids) == {f"{batch.reference}-{p.pk}" for p in batch.payouts.all()}
    later = timezone.now() + timedelta(seconds=1)
    again = ET.fromstring(payment_files.pain001(batch, now=later))  # noqa: S314
    message_ids = {text(r, "p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId") for r in (root, again)}
    assert len(message_ids) == 2  # a new file, a new message id


def test_a_host_organisation_is_paid_with_the_groups_name_in_the_message(world, call, schema):
    officer = world.users["officer_x"]
    host = eligible_organisation(world.x)
    host.name = "Studiefrämjandet Nacka"
    host.save(update_fields=["name"])
    PayoutAccount.objects.create(organisation=host, method="bankgiro", number="900-8004",
                                 account_holder=host.name)  # fmt: skip
    application = submitted(call, amount="5000")
    application.organisation.name = "Föräldranärvaro Sicklaön"
    application.organisation.save(update_fields=["name"])
    HostAgreement.objects.create(
        application=application, host=host, status=HostAgreement.Status.ACCEPTED,
        signatory_name="Eva Ek", answered_at=timezone.now(),
    )  # fmt: skip
    decision = decide(application, officer, amount="5000", payment_route="host")
    batch = plan(call, officer, [decision])
    root = parse(payment_files.pain001(batch), schema)
    [transfer] = root.iterfind(".//p:CdtTrfTxInf", NS)
    assert text(transfer, "p:Cdtr/p:Nm") == "Studiefrämjandet Nacka"
    assert text(transfer, "p:CdtrAcct/p:Id/p:Othr/p:Id") == "9008004"
    assert text(transfer, "p:RmtInf/p:Ustrd") == (
        f"{application.diarienummer} Föräldranärvaro Sicklaön"
    )
    assert text(root, ".//p:GrpHdr/p:CtrlSum") == "5000.00"


def test_a_bankgiro_payer_and_characters_outside_the_banks_set(world, call, schema):
    world.x.payer_iban = ""
    world.x.payer_bankgiro = "5050-1055"
    world.x.save(update_fields=["payer_iban", "payer_bankgiro"])
    officer = world.users["officer_x"]
    decision = granted(call, officer, "100", method="bank_account",
                       number="SE5412000000012810105723", bic="",
                       account_holder="Zoë Øberg <script>")  # fmt: skip
    root = parse(payment_files.pain001(plan(call, officer, [decision])), schema)
    info = root.find(".//p:PmtInf", NS)
    assert text(info, "p:DbtrAcct/p:Id/p:Othr/p:Id") == "50501055"
    assert text(info, "p:DbtrAcct/p:Id/p:Othr/p:SchmeNm/p:Prtry") == "BGNR"
    [transfer] = info.iterfind("p:CdtTrfTxInf", NS)
    assert text(transfer, "p:Cdtr/p:Nm") == "Zoe Oberg script"
    assert text(transfer, "p:CdtrAgt/p:FinInstnId/p:BIC") == "DABASESX"  # from the IBAN


def test_no_file_without_the_payers_account(world, call):
    world.x.payer_iban = ""
    world.x.save(update_fields=["payer_iban"])
    officer = world.users["officer_x"]
    batch = plan(call, officer, [granted(call, officer, "100", method="bankgiro",
                                         number="5050-1055", account_holder="IF")])  # fmt: skip
    with pytest.raises(ValidationError) as error:
        payment_files.pain001(batch)
    assert "Nacka kommun" in error.value.messages[0]


def test_latin_text_keeps_swedish_letters_and_drops_the_rest():
    assert payment_files.latin_text("Föräldranärvaro & Co – Café <Ø>", 70) == (
        "Föräldranärvaro + Co - Cafe O"
    )
    assert payment_files.latin_text("a" * 80, 70) == "a" * 70


def test_admin_serves_the_file_to_those_who_may_see_the_csv(client, world, call, schema):
    officer = world.users["officer_x"]
    decision = granted(call, officer, "40000", method="bankgiro", number="5050-1055",
                       account_holder="Fisksätra IF")  # fmt: skip
    batch = plan(call, officer, [decision])
    xml_url = reverse("admin:grants_payoutbatch_file_xml", args=[batch.pk])
    csv_url = reverse("admin:grants_payoutbatch_file", args=[batch.pk])
    client.force_login(officer)
    page = client.get(reverse("admin:grants_payoutbatch_change", args=[batch.pk]))
    assert xml_url in page.content.decode()
    response = client.get(xml_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert f'filename="{batch.reference}.xml"' in response["Content-Disposition"]
    root = parse(response.content, schema)
    assert text(root, ".//p:CdtTrfTxInf/p:Amt/p:InstdAmt") == "40000.00"
    for key in ["officer_y", "coordinator_x", "politician_x", "member", "admin_x", "superuser"]:
        client.force_login(world.users[key])
        csv_status, xml_status = client.get(csv_url).status_code, client.get(xml_url).status_code
        assert xml_status == csv_status, key
    client.logout()
    assert client.get(xml_url).status_code == client.get(csv_url).status_code == 302

    world.x.payer_iban = ""
    world.x.save(update_fields=["payer_iban"])
    client.force_login(officer)
    refused = client.get(xml_url, follow=True)
    assert refused.redirect_chain[-1][0] == reverse(
        "admin:grants_payoutbatch_change", args=[batch.pk]
    )
    assert "inget registrerat" in refused.content.decode()
    assert Decimal(batch.payouts.get().amount) == Decimal("40000")
