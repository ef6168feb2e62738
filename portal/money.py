"""Amounts of money written one way everywhere: pages, PDFs, emails and the human columns of
exports.

Swedish: ``25 000 kr`` (a non-breaking space between thousands and before ``kr``); English:
``SEK 25,000``. Öre are shown only when there are any (``25 000,50 kr``, ``SEK 25,000.50``).
Amounts are Decimal or integer kronor (never float); a value that is not a number is shown
as it is, None as an en dash.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation

NBSP = "\u00a0"
# language -> (thousands separator, decimal separator, pattern with the number)
_STYLES = {
    "sv": (NBSP, ",", "{number}" + NBSP + "kr"),
    "en": (",", ".", "SEK" + NBSP + "{number}"),
}


def _number(amount: Decimal, thousands: str, decimal: str) -> str:
    # Rounded first, so that less than half an öre below zero is not written "−0 kr".
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""  # the minus sign, as Swedish typography writes it
    amount = abs(amount)
    whole, _, cents = f"{amount:.2f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups)
    if cents != "00":
        text += decimal + cents
    return sign + text


def format_number(value, language: str | None = None) -> str:
    """The number alone, grouped as ``language`` writes it (``25 000``, ``25,000``)."""
    amount = _decimal(value)
    if amount is None:
        return "–" if value is None else str(value)
    thousands, decimal, _pattern = _style(language)
    return _number(amount, thousands, decimal)


def format_amount(value, language: str | None = None) -> str:
    """``value`` (kronor) as ``language`` (default: the active language) writes an amount."""
    amount = _decimal(value)
    if amount is None:
        return "–" if value is None else str(value)
    thousands, decimal, pattern = _style(language)
    return pattern.format(number=_number(amount, thousands, decimal))


def format_ore(value: int | None, language: str | None = None) -> str:
    """An amount kept in integer öre."""
    return format_amount(None if value is None else Decimal(value) / 100, language)


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool | float):
        return None
    try:
        return Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, TypeError, ValueError):
        return None


def _style(language: str | None):
    code = (language or translation.get_language() or "sv").split("-")[0]
    return _STYLES.get(code, _STYLES["sv"])
