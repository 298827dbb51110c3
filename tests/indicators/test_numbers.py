from decimal import Decimal

import pytest

from indicators.numbers import NOT_A_NUMBER, NotANumber, format_decimal, parse_decimal


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("1\u202f234,5", Decimal("1234.5")),
        ("1 234 567", Decimal("1234567")),
        ("-3,2", Decimal("-3.2")),
        ("  42  ", Decimal("42")),
        (",5", Decimal("0.5")),
        ("0", Decimal("0")),
    ],
)
def test_french_and_english_decimals_are_read(typed, expected):
    assert parse_decimal(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_an_empty_field_is_no_value(typed):
    assert parse_decimal(typed) is None


@pytest.mark.parametrize(
    "typed", ["12 %", "abc", "12,5,3", "1,234.5", "12 5", "1 23,5", "--3", "1e5", "12€", "١٢"]
)
def test_junk_is_refused_with_a_french_example(typed):
    with pytest.raises(NotANumber, match="Saisissez un nombre, par exemple 12,5"):
        parse_decimal(typed)
    assert NOT_A_NUMBER == "Saisissez un nombre, par exemple 12,5"


def test_values_are_shown_the_french_way():
    assert format_decimal(Decimal("1234.5"), 1) == "1\u202f234,5"
    assert format_decimal(Decimal("-3.25"), 2) == "-3,25"
    assert format_decimal(Decimal("1234567"), 0) == "1\u202f234\u202f567"
    assert format_decimal(None) == ""
