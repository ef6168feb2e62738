"""Swedish bank accounts for payouts: a clearing number and an account number turned into
an IBAN, or an IBAN checked as it was given.

A Swedish IBAN is ``SE`` + 2 check digits + a 3-digit IBAN bank code + a 17-digit account
part (24 characters). Which bank code a clearing number belongs to, how long the account
number is, which check digit it carries and how the 17 digits are made follow Bankgirot's
public rules (the manual "Bankernas kontonummeruppbyggnad" and "IBAN och BIC", also
published by Svensk Betalinfrastruktur as "IBAN och svenskt nationellt kontonummer"):

* **Type 1** accounts: a 4-digit clearing number and a 7-digit account number. The check
  digit (the account's last) is modulus 11 over the clearing number's last three digits
  and the account number (*comment 1*), or over all four and the account number
  (*comment 2*). The IBAN's 17 digits are the clearing and the account number, with zeros
  in front.
* **Type 2** accounts: the account number stands on its own and the clearing number is
  not part of the check.
  - *Comment 1*, a 10-digit account number with a modulus 10 (Luhn) check digit; the IBAN
    holds the account number without the clearing number. Nordea's personkonto
    (clearing 3300 and 3782, the account number is the holder's personnummer), Danske
    Bank 9180–9189, Sparbanken Syd, Riksgälden 9890–9899.
  - *Comment 2*, Handelsbanken (6000–6999): a 9-digit account number with a modulus 11
    check digit; the IBAN holds the account number without the clearing number.
  - *Comment 3*, Swedbank's clearing numbers that start with 8 (five digits, the fifth a
    check digit of the clearing number itself: ``8327-9``) and Nordea's PlusGirot bank
    accounts: an account number of up to 10 digits with a Luhn check digit. The IBAN
    holds the clearing number (all five digits for Swedbank) and the account number
    filled with zeros to 10 digits.

The table covers the banks people commonly have their accounts in; anyone else can give
the IBAN their internet bank shows. Every IBAN made here is checked once more with the
``schwifty`` library, which also gives the bank's BIC from its maintained bank registry.
"""

import re
from dataclasses import dataclass
from enum import Enum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import luhn


class Rule(Enum):
    """The account number rule of a clearing range (Bankgirot's type and comment)."""

    TYPE1_COMMENT1 = "1.1"  # 7 digits, mod 11 over clearing[1:] + account
    TYPE1_COMMENT2 = "1.2"  # 7 digits, mod 11 over clearing + account
    TYPE2_COMMENT1 = "2.1"  # 10 digits, Luhn, clearing not in the IBAN
    TYPE2_COMMENT2 = "2.2"  # Handelsbanken: 9 digits, mod 11, clearing not in the IBAN
    TYPE2_COMMENT3 = "2.3"  # up to 10 digits, Luhn, clearing in the IBAN


@dataclass(frozen=True)
class ClearingRange:
    first: int
    last: int
    bank: str
    iban_bank_code: str
    rule: Rule


T11, T12 = Rule.TYPE1_COMMENT1, Rule.TYPE1_COMMENT2
T21, T22, T23 = Rule.TYPE2_COMMENT1, Rule.TYPE2_COMMENT2, Rule.TYPE2_COMMENT3

# Clearing ranges (first four digits) -> bank, IBAN bank code and account rule. The more
# specific ranges (Nordea's personkonto 3300 and 3782) come before the wide ones.
CLEARING_RANGES: tuple[ClearingRange, ...] = (
    ClearingRange(3300, 3300, "Nordea (personkonto)", "300", T21),
    ClearingRange(3782, 3782, "Nordea (personkonto)", "300", T21),
    ClearingRange(1100, 1199, "Nordea", "300", T11),
    ClearingRange(1200, 1399, "Danske Bank", "120", T11),
    ClearingRange(1400, 2099, "Nordea", "300", T11),
    ClearingRange(2300, 2399, "Ålandsbanken", "230", T12),
    ClearingRange(2400, 2499, "Danske Bank", "120", T11),
    ClearingRange(3000, 3399, "Nordea", "300", T11),
    ClearingRange(3400, 3409, "Länsförsäkringar Bank", "902", T11),
    ClearingRange(3410, 3999, "Nordea", "300", T11),
    ClearingRange(4000, 4999, "Nordea", "300", T12),
    ClearingRange(5000, 5999, "SEB", "500", T11),
    ClearingRange(6000, 6999, "Handelsbanken", "600", T22),
    ClearingRange(7000, 7999, "Swedbank", "800", T11),
    ClearingRange(8000, 8999, "Swedbank", "800", T23),
    ClearingRange(9020, 9029, "Länsförsäkringar Bank", "902", T12),
    ClearingRange(9040, 9049, "Citibank", "904", T12),
    ClearingRange(9060, 9069, "Länsförsäkringar Bank", "902", T11),
    ClearingRange(9100, 9109, "Nordnet Bank", "910", T12),
    ClearingRange(9120, 9124, "SEB", "500", T11),
    ClearingRange(9130, 9149, "SEB", "500", T11),
    ClearingRange(9150, 9169, "Skandiabanken", "915", T12),
    ClearingRange(9170, 9179, "Ikano Bank", "917", T11),
    ClearingRange(9180, 9189, "Danske Bank", "120", T21),
    ClearingRange(9190, 9199, "DNB Bank", "919", T12),
    ClearingRange(9230, 9239, "Marginalen Bank", "923", T11),
    ClearingRange(9250, 9259, "SBAB Bank", "925", T11),
    ClearingRange(9260, 9269, "DNB Bank", "919", T12),
    ClearingRange(9270, 9279, "ICA Banken", "927", T11),
    ClearingRange(9280, 9289, "Resurs Bank", "928", T11),
    ClearingRange(9390, 9399, "Landshypotek Bank", "939", T12),
    ClearingRange(9400, 9449, "Forex Bank", "940", T11),
    ClearingRange(9460, 9469, "Santander Consumer Bank", "946", T11),
    ClearingRange(9470, 9479, "BNP Paribas", "947", T12),
    ClearingRange(9500, 9549, "Nordea (PlusGirot)", "950", T23),
    ClearingRange(9550, 9569, "Avanza Bank", "955", T12),
    ClearingRange(9570, 9579, "Sparbanken Syd", "957", T21),
    ClearingRange(9630, 9639, "Lån & Spar Bank", "963", T11),
    ClearingRange(9640, 9649, "Nordax Bank", "964", T12),
    ClearingRange(9660, 9669, "Svea Bank", "966", T12),
    ClearingRange(9670, 9679, "JAK Medlemsbank", "967", T12),
    ClearingRange(9700, 9709, "Ekobanken", "970", T12),
    ClearingRange(9780, 9789, "Klarna Bank", "978", T12),
    ClearingRange(9880, 9889, "Riksgälden", "988", T12),
    ClearingRange(9890, 9899, "Riksgälden", "989", T21),
    ClearingRange(9960, 9969, "Nordea (PlusGirot)", "950", T23),
)


@dataclass(frozen=True)
class BankAccount:
    """A checked Swedish bank account: its IBAN (compact), the bank's BIC and name."""

    iban: str
    bic: str
    bank: str

    @property
    def iban_display(self) -> str:
        return format_iban(self.iban)


def format_iban(iban: str) -> str:
    """An IBAN in groups of four, as printed on paper: ``SE45 5000 0000 0583 9825 7466``."""
    compact = re.sub(r"\s", "", iban or "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def clearing_range(clearing: str) -> ClearingRange | None:
    """The range a clearing number (its first four digits) belongs to, or None."""
    if len(clearing) < 4 or not clearing[:4].isdigit():
        return None
    number = int(clearing[:4])
    return next((r for r in CLEARING_RANGES if r.first <= number <= r.last), None)


def _mod11(digits: str) -> bool:
    """Bankgirot's modulus 11: weights 1, 2, … 10 from the right (then again from 1)."""
    total = sum(int(d) * (i % 10 + 1) for i, d in enumerate(reversed(digits)))
    return total % 11 == 0


def _error(message, code):
    return ValidationError(message, code=code)


def from_clearing(clearing: str, account: str) -> BankAccount:
    """The IBAN of a Swedish account given as clearing number + account number.

    Spaces, dashes and dots are ignored. Raises ``ValidationError`` (codes ``clearing``,
    ``clearing_swedbank``, ``length``, ``checksum``, ``iban``) with a message for the person
    who typed the numbers."""
    clearing_digits = re.sub(r"[\s.-]", "", clearing or "")
    account_digits = re.sub(r"[\s.-]", "", account or "")
    if not clearing_digits.isdigit() or len(clearing_digits) not in (4, 5):
        raise _error(_("A clearing number has four digits (five at some Swedbank offices)."),
                     "clearing")  # fmt: skip
    if not account_digits.isdigit():
        raise _error(_("An account number has only digits."), "length")
    bank = clearing_range(clearing_digits)
    if bank is None:
        raise _error(
            _("We do not recognise this clearing number. Check it, or give the account's "
              "IBAN instead: your internet bank shows it."),
            "clearing",
        )  # fmt: skip
    if bank.rule is T23 and bank.iban_bank_code == "800":
        if len(clearing_digits) != 5:
            raise _error(
                _("A Swedbank clearing number that starts with 8 has five digits, e.g. "
                  "8327-9: give the fifth digit too."),
                "clearing_swedbank",
            )  # fmt: skip
    elif len(clearing_digits) != 4:
        raise _error(_("A clearing number of this bank has four digits."), "clearing")
    account_part = _account_part(bank, clearing_digits, account_digits)
    iban = _with_check_digits(bank.iban_bank_code + account_part)
    checked = from_iban(iban)
    return BankAccount(iban=checked.iban, bic=checked.bic, bank=bank.bank)


def _account_part(bank: ClearingRange, clearing: str, account: str) -> str:
    """Check the account number by the range's rule; return the IBAN's 17 digits."""
    rule = bank.rule
    if rule in (T11, T12):
        if len(account) != 7:
            raise _error(_("An account number at %(bank)s has 7 digits after the clearing "
                           "number.") % {"bank": bank.bank}, "length")  # fmt: skip
        checked = (clearing[1:] if rule is T11 else clearing) + account
        if not _mod11(checked):
            raise _checksum_error()
        return (clearing + account).zfill(17)
    if rule is T21:
        if len(account) != 10:
            raise _error(_("An account number at %(bank)s has 10 digits after the clearing "
                           "number.") % {"bank": bank.bank}, "length")  # fmt: skip
        if not luhn.is_valid(account):
            raise _checksum_error()
        return account.zfill(17)
    if rule is T22:  # Handelsbanken: 9 digits (an older 8-digit number gets a zero first)
        if not 8 <= len(account) <= 9:
            raise _error(_("An account number at Handelsbanken has 9 digits after the "
                           "clearing number."), "length")  # fmt: skip
        account = account.zfill(9)
        if not _mod11(account):
            raise _checksum_error()
        return account.zfill(17)
    # T23: Swedbank 8xxxx-x and Nordea PlusGirot bank accounts
    if not 1 <= len(account) <= 10:
        raise _error(_("An account number at %(bank)s has at most 10 digits after the "
                       "clearing number.") % {"bank": bank.bank}, "length")  # fmt: skip
    if not luhn.is_valid(account):
        raise _checksum_error()
    return (clearing + account.zfill(10)).zfill(17)


def _checksum_error():
    return _error(
        _("The account number's check digit does not match: please check the clearing and "
          "account numbers."),
        "checksum",
    )  # fmt: skip


def _with_check_digits(bban: str) -> str:
    """``SE`` + the ISO 7064 mod 97-10 check digits + the BBAN (S = 28, E = 14)."""
    check = 98 - int(bban + "281400") % 97
    return f"SE{check:02d}{bban}"


def from_iban(value: str) -> BankAccount:
    """A Swedish IBAN as given (spaces allowed), checked by schwifty; with its BIC."""
    compact = re.sub(r"\s", "", value or "").upper()
    try:
        iban = IBAN(compact)
    except SchwiftyException:
        raise _error(
            _("This is not a valid IBAN. A Swedish IBAN is SE followed by 22 digits, e.g. "
              "SE45 5000 0000 0583 9825 7466."),
            "iban",
        ) from None  # fmt: skip
    if iban.country_code != "SE":
        raise _error(_("Only Swedish accounts can be registered: the IBAN starts with SE."),
                     "iban_country")  # fmt: skip
    bic = iban.bic
    bank = iban.bank
    return BankAccount(
        iban=iban.compact,
        bic=str(bic) if bic else "",
        bank=(bank or {}).get("name", "") if isinstance(bank, dict) else getattr(bank, "name", ""),
    )
