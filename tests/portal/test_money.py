"""Amounts of money are written one way per language: "25 000 kr" in Swedish (non-breaking
spaces), "SEK 25,000" in English, öre only when there are any."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.money import NBSP, format_amount, format_number, format_ore


def sv(text: str) -> str:
    """Spell a Swedish amount with ordinary spaces in the test, NBSP in the comparison."""
    return text.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("value", "swedish", "english"),
    [
        (Decimal("25000.00"), "25 000 kr", "SEK 25,000"),
        (25000, "25 000 kr", "SEK 25,000"),
        ("12000", "12 000 kr", "SEK 12,000"),  # a budget row's amount, stored as a string
        (Decimal("0"), "0 kr", "SEK 0"),
        (Decimal("999"), "999 kr", "SEK 999"),
        (Decimal("1000"), "1 000 kr", "SEK 1,000"),
        (Decimal("25000.50"), "25 000,50 kr", "SEK 25,000.50"),
        (Decimal("0.05"), "0,05 kr", "SEK 0.05"),
        (Decimal("1234567890.10"), "1 234 567 890,10 kr", "SEK 1,234,567,890.10"),
        (Decimal("-8000"), "−8 000 kr", "SEK −8,000"),
        (Decimal("-1234.5"), "−1 234,50 kr", "SEK −1,234.50"),
    ],
)
def test_amounts_in_swedish_and_english(value, swedish, english):
    assert format_amount(value, "sv") == sv(swedish)
    assert format_amount(value, "en") == english.replace(" ", NBSP)


def test_the_active_language_is_the_default():
    with translation.override("en"):
        assert format_amount(Decimal("25000")) == f"SEK{NBSP}25,000"
    with translation.override("sv"):
        assert format_amount(Decimal("25000")) == sv("25 000 kr")


def test_no_amount_is_a_dash_and_what_is_not_a_number_is_shown_as_it_is():
    assert format_amount(None, "sv") == "–"
    assert format_amount(None, "en") == "–"
    assert format_number(None, "sv") == "–"
    assert format_ore(None, "sv") == "–"
    assert format_amount("ej angivet", "sv") == "ej angivet"


def test_rounding_to_whole_ore():
    assert format_amount(Decimal("10.005"), "sv") == sv("10,01 kr")
    assert format_amount(Decimal("-0.004"), "sv") == sv("0 kr")  # never "−0 kr"


def test_ore_and_the_number_alone():
    assert format_ore(2500050, "sv") == sv("25 000,50 kr")
    assert format_ore(2500000, "en") == f"SEK{NBSP}25,000"
    assert format_number(Decimal("25000.00"), "sv") == sv("25 000")
    assert format_number(Decimal("25000.00"), "en") == "25,000"
    assert format_number(Decimal("-1500.25"), "en") == "−1,500.25"


def test_template_filters_follow_the_page_language():
    template = Template("{% load money %}{{ value|kronor }} / {{ value|kronor_number }}")
    context = Context({"value": Decimal("25000.00")})
    with translation.override("sv"):
        assert template.render(context) == sv("25 000 kr") + " / " + sv("25 000")
    with translation.override("en"):
        assert template.render(context) == f"SEK{NBSP}25,000 / 25,000"
