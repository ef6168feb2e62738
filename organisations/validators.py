"""Validators for Swedish identifiers: organisationsnummer, bankgiro and plusgiro.

python-stdnum does the checksum arithmetic (Luhn); the rules about which first digit
fits which legal form are the registry's own (see DOMAIN.md).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

# Legal form -> first digits its organisationsnummer may start with.
LEGAL_FORM_FIRST_DIGITS = {
    "ideell_forening": "8",
    "stiftelse": "8",
    "ekonomisk_forening": "7",
    "trossamfund": "28",
}


def normalise_organisation_number(value: str) -> str:
    """Validate and return ``NNNNNN-NNNN``; accepts spaces, a missing dash or a 16 prefix."""
    digits = re.sub(r"[\s-]", "", value or "")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("An organisation number has 10 digits, written NNNNNN-NNNN."), code="format"
        )
    if int(digits[2]) < 2:
        raise ValidationError(
            _("The third digit of an organisation number is 2 or higher."), code="third_digit"
        )
    try:
        orgnr.validate(digits)
    except StdnumError:
        raise ValidationError(
            _("The check digit is wrong: please check the organisation number."), code="checksum"
        ) from None
    return f"{digits[:6]}-{digits[6:]}"


def check_legal_form_matches(number: str, legal_form: str) -> None:
    allowed = LEGAL_FORM_FIRST_DIGITS.get(legal_form)
    if allowed and number and number[0] not in allowed:
        raise ValidationError(
            _("An organisation number for this legal form starts with %(digits)s."),
            code="legal_form",
            params={"digits": " / ".join(allowed)},
        )


def normalise_bankgiro(value: str) -> str:
    """Validate a bankgiro number (7–8 digits, Luhn) and return it as NNN-NNNN or NNNN-NNNN."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{7,8}", digits):
        raise ValidationError(_("A bankgiro number has 7 or 8 digits."), code="format")
    if not luhn.is_valid(digits):
        raise ValidationError(
            _("The check digit is wrong: please check the bankgiro number."), code="checksum"
        )
    return f"{digits[:-4]}-{digits[-4:]}"


def normalise_plusgiro(value: str) -> str:
    """Validate a plusgiro number (2–8 digits, Luhn) and return it as NNNNNNN-N."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{2,8}", digits):
        raise ValidationError(_("A plusgiro number has 2 to 8 digits."), code="format")
    if not luhn.is_valid(digits):
        raise ValidationError(
            _("The check digit is wrong: please check the plusgiro number."), code="checksum"
        )
    return f"{digits[:-1]}-{digits[-1]}"


def normalise_payout_number(method: str, number: str) -> str:
    """Validate a payout account number for its method (bankgiro or plusgiro)."""
    return normalise_bankgiro(number) if method == "bankgiro" else normalise_plusgiro(number)
