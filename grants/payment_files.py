"""The payout batch as a bank payment file: ISO 20022 ``pain.001.001.03`` (Customer Credit
Transfer Initiation), the version Swedish banks and Bankgirot take for domestic payments,
beside the CSV of ``grants.selectors.money.payment_file_csv``.

One file holds one payment information block: the municipality pays (debtor), from its own
account (``Municipality.payer_iban``, else ``payer_bankgiro``), on the batch's payment date;
one credit transfer per payout. How each account is written follows the Swedish common
interpretation of the ISO 20022 payment messages, as the banks' implementation guides use
it:

* **bankgiro**: creditor account ``Othr/Id`` = the bankgiro number's digits with the
  proprietary scheme ``BGNR``; creditor agent = the clearing system member ``SESBA`` /
  ``9900`` (Bankgirot);
* **plusgiro**: creditor account ``Othr/Id`` = the plusgiro number's digits with the code
  ``BBAN``; creditor agent = ``SESBA`` / ``9960`` (PlusGirot, Nordea);
* **bank account**: the IBAN, and the BIC as the creditor agent (derived from the IBAN by
  schwifty when the payout has none).

The payer's account is written the same way (an IBAN with its bank's BIC, or a bankgiro
with ``BGNR`` and Bankgirot's clearing member). The remittance information is the payout's
reference (the diarienummer, or a supplier's invoice number), followed by the group's name
when a host organisation receives the money for it. Texts are data for the bank, not UI:
they are not translated, and characters outside the Latin set the banks accept are
transliterated or dropped.
"""

import re
import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from grants.models import Payout, PayoutBatch

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
CURRENCY = "SEK"
CENT = Decimal("0.01")
SWEDISH_CLEARING_SYSTEM = "SESBA"  # Swedish Bankers' Association's clearing member ids
BANKGIROT_MEMBER = "9900"
PLUSGIROT_MEMBER = "9960"

# The characters of the ISO 20022 "Latin character set" the banks accept, plus å ä ö,
# which Swedish banks take in domestic payments.
ALLOWED = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ åäöÅÄÖ"
)
REPLACEMENTS = {"&": "+", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "–": "-",
                "—": "-", "’": "'", "‘": "'", "\"": "'", "”": "'", "“": "'", "_": "-"}  # fmt: skip


def latin_text(value: str, max_length: int) -> str:
    """``value`` in the allowed character set: accented letters lose their accent (é → e),
    a few signs get their nearest allowed one (& → +), anything else goes; spaces are
    collapsed and the result cut to ``max_length``."""
    out = []
    for ch in value or "":
        if ch in ALLOWED:
            out.append(ch)
        elif ch in REPLACEMENTS:
            out.append(REPLACEMENTS[ch])
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            out.append(base if base and all(c in ALLOWED for c in base) else " ")
    return " ".join("".join(out).split())[:max_length].strip()


def payer_problem(municipality) -> str:
    """Why the municipality's payment file cannot be made, or "" when it can."""
    if not (municipality.payer_iban or municipality.payer_bankgiro):
        return _(
            "The payment file names the municipality's own account as the payer, and "
            "%(municipality)s has none registered. A portal administrator adds its "
            "bankgiro or IBAN on the municipality's page in the admin."
        ) % {"municipality": municipality.name}
    return ""


def pain001(batch: PayoutBatch, *, now=None) -> bytes:
    """The batch as a pain.001.001.03 document (UTF-8 bytes with an XML declaration).

    Raises ``ValidationError`` when the municipality has no payer account or the batch
    has no payouts."""
    batch = PayoutBatch.objects.select_related("committee__municipality").get(pk=batch.pk)
    municipality = batch.committee.municipality
    problem = payer_problem(municipality)
    if problem:
        raise ValidationError(problem)
    payouts = list(Payout.objects.filter(batch=batch).order_by("reference", "pk"))
    if not payouts:
        raise ValidationError(_("The batch has no payouts."))
    now = timezone.localtime(now)
    total = sum((p.amount.quantize(CENT) for p in payouts), Decimal(0))

    ET.register_namespace("", NAMESPACE)
    document = ET.Element(_tag("Document"))
    initiation = _sub(document, "CstmrCdtTrfInitn")

    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", message_id(batch, now))
    _sub(header, "CreDtTm", now.strftime("%Y-%m-%dT%H:%M:%S"))
    _sub(header, "NbOfTxs", str(len(payouts)))
    _sub(header, "CtrlSum", f"{total:.2f}")
    _sub(_sub(header, "InitgPty"), "Nm", latin_text(municipality.name, 70))

    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", latin_text(batch.reference, 35))
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "NbOfTxs", str(len(payouts)))
    _sub(info, "CtrlSum", f"{total:.2f}")
    _sub(_sub(_sub(info, "PmtTpInf"), "SvcLvl"), "Cd", "NURG")  # a domestic, non-urgent payment
    _sub(info, "ReqdExctnDt", batch.payment_date.isoformat())
    _sub(_sub(info, "Dbtr"), "Nm", latin_text(municipality.name, 70))
    _debtor_account(info, municipality)
    for payout in payouts:
        _credit_transfer(info, batch, payout)

    ET.indent(document)
    body = ET.tostring(document, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def message_id(batch: PayoutBatch, now) -> str:
    """Unique per file: the batch's reference and the moment the file was made."""
    stamp = now.strftime("%Y%m%d%H%M%S%f")
    return f"{latin_text(batch.reference, 35 - len(stamp) - 1)}-{stamp}"


def end_to_end_id(batch: PayoutBatch, payout: Payout) -> str:
    """Unique per payout, ever (its primary key), readable with the batch's reference."""
    suffix = f"-{payout.pk}"
    return latin_text(batch.reference, 35 - len(suffix)) + suffix


def remittance(payout: Payout) -> str:
    """The payment's message: the reference, and the group's name when a host organisation
    receives the money for it (a supplier's invoice carries its own number only)."""
    text = payout.reference
    if payout.instalment_id and payout.recipient_name:
        text = f"{text} {payout.recipient_name}"
    return latin_text(text, 140)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _sub(parent, name: str, text: str | None = None, **attrib):
    element = ET.SubElement(parent, _tag(name), attrib)
    if text is not None:
        element.text = text
    return element


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _bic_of(iban: str, given: str = "") -> str:
    if given:
        return given
    try:
        bic = IBAN(iban).bic
    except SchwiftyException:
        return ""
    return str(bic) if bic else ""


def _giro_account(parent, number: str, *, bankgiro: bool):
    other = _sub(_sub(parent, "Id"), "Othr")
    _sub(other, "Id", _digits(number))
    scheme = _sub(other, "SchmeNm")
    if bankgiro:
        _sub(scheme, "Prtry", "BGNR")
    else:
        _sub(scheme, "Cd", "BBAN")


def _clearing_member(parent, member: str):
    institution = _sub(parent, "FinInstnId")
    clearing = _sub(institution, "ClrSysMmbId")
    _sub(_sub(clearing, "ClrSysId"), "Cd", SWEDISH_CLEARING_SYSTEM)
    _sub(clearing, "MmbId", member)


def _debtor_account(info, municipality):
    account = _sub(info, "DbtrAcct")
    if municipality.payer_iban:
        iban = re.sub(r"\s", "", municipality.payer_iban).upper()
        _sub(_sub(account, "Id"), "IBAN", iban)
        _sub(account, "Ccy", CURRENCY)
        bic = _bic_of(iban)
        agent = _sub(info, "DbtrAgt")
        if bic:
            _sub(_sub(agent, "FinInstnId"), "BIC", bic)
        else:  # a Swedish bank schwifty does not know: the bank finds it from the IBAN
            _sub(_sub(_sub(agent, "FinInstnId"), "Othr"), "Id", "NOTPROVIDED")
    else:
        _giro_account(account, municipality.payer_bankgiro, bankgiro=True)
        _sub(account, "Ccy", CURRENCY)
        _clearing_member(_sub(info, "DbtrAgt"), BANKGIROT_MEMBER)


def _credit_transfer(info, batch, payout: Payout):
    transfer = _sub(info, "CdtTrfTxInf")
    _sub(_sub(transfer, "PmtId"), "EndToEndId", end_to_end_id(batch, payout))
    _sub(_sub(transfer, "Amt"), "InstdAmt", f"{payout.amount.quantize(CENT):.2f}", Ccy=CURRENCY)
    if payout.method == "bank_account":
        iban = re.sub(r"\s", "", payout.account_number).upper()
        bic = _bic_of(iban, payout.bic)
        if bic:
            _sub(_sub(_sub(transfer, "CdtrAgt"), "FinInstnId"), "BIC", bic)
        _sub(_sub(transfer, "Cdtr"), "Nm", latin_text(payout.account_holder, 70))
        _sub(_sub(_sub(transfer, "CdtrAcct"), "Id"), "IBAN", iban)
    else:
        bankgiro = payout.method == "bankgiro"
        _clearing_member(
            _sub(transfer, "CdtrAgt"), BANKGIROT_MEMBER if bankgiro else PLUSGIROT_MEMBER
        )
        _sub(_sub(transfer, "Cdtr"), "Nm", latin_text(payout.account_holder, 70))
        _giro_account(_sub(transfer, "CdtrAcct"), payout.account_number, bankgiro=bankgiro)
    _sub(_sub(transfer, "RmtInf"), "Ustrd", remittance(payout))
