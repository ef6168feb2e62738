"""Validators with real Swedish numbers: organisationsnummer, bankgiro and plusgiro."""

import pytest
from django.core.exceptions import ValidationError

from organisations.validators import (
    check_legal_form_matches,
    normalise_bankgiro,
    normalise_organisation_number,
    normalise_plusgiro,
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("802002-4009", "802002-4009"),  # a national sports federation (ideell förening)
        ("8020028711", "802002-8711"),  # written without the dash
        (" 802002 8711 ", "802002-8711"),  # spaces
        ("16802002-4009", "802002-4009"),  # the 16 prefix used in some registers
        ("212000-0167", "212000-0167"),  # Nacka kommun
        ("556016-0680", "556016-0680"),  # an aktiebolag: valid number, wrong form for us
    ],
)
def test_valid_organisation_numbers(raw, normalised):
    assert normalise_organisation_number(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("802002-4008", "checksum"),  # last digit changed
        ("802002-40", "format"),
        ("abcdef-ghij", "format"),
        ("801002-4009", "third_digit"),  # third digit 1: a personnummer-like number
        ("", "format"),
    ],
)
def test_invalid_organisation_numbers(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_organisation_number(raw)
    assert error.value.code == code


def test_legal_form_must_match_first_digit():
    check_legal_form_matches("802002-4009", "ideell_forening")
    check_legal_form_matches("769600-2356", "ekonomisk_forening")
    with pytest.raises(ValidationError):
        check_legal_form_matches("556016-0680", "ideell_forening")  # an aktiebolag
    with pytest.raises(ValidationError):
        check_legal_form_matches("802002-4009", "ekonomisk_forening")


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("900-8004", "900-8004"),  # a 90-account of a charity
        ("9008004", "900-8004"),
        ("5050-1055", "5050-1055"),  # eight digits
        ("902-0900", "902-0900"),
    ],
)
def test_valid_bankgiro(raw, normalised):
    assert normalise_bankgiro(raw) == normalised


@pytest.mark.parametrize("raw", ["900-8005", "123456", "123456789", "90O-8004", ""])
def test_invalid_bankgiro(raw):
    with pytest.raises(ValidationError):
        normalise_bankgiro(raw)


@pytest.mark.parametrize(("raw", "normalised"), [("90 01 22-3", "900122-3"), ("900191", "90019-1")])
def test_valid_plusgiro(raw, normalised):
    assert normalise_plusgiro(raw) == normalised


@pytest.mark.parametrize("raw", ["900122-6", "1", "123456789"])
def test_invalid_plusgiro(raw):
    with pytest.raises(ValidationError):
        normalise_plusgiro(raw)
