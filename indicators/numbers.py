"""Numbers typed and shown the French way: "12,5", "1 234,5", "-3,2", and also "12.5"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NOT_A_NUMBER = "Saisissez un nombre, par exemple 12,5"

# Spaces a French keyboard or a spreadsheet may put between thousands: regular, non-breaking,
# narrow non-breaking, thin.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$", re.ASCII)
_GROUPED = re.compile(r"^[+-]?\d{1,3}( \d{3})+([.,]\d+)?$", re.ASCII)


class NotANumber(ValueError):
    pass


def parse_decimal(text: str | None) -> Decimal | None:
    """Parse what a person typed; None for an empty field, NotANumber for anything else.

    Spaces are accepted only as thousands separators ("1 234,5"), so "12 5" is refused rather
    than read as 125. A comma or a point is the decimal separator; "1,234.5" is refused (ambiguous).
    """
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", str(text).strip())
    if not cleaned:
        return None
    if " " in cleaned:
        if not _GROUPED.match(cleaned):
            raise NotANumber(NOT_A_NUMBER)
        cleaned = cleaned.replace(" ", "")
    if not _NUMBER.match(cleaned):
        raise NotANumber(NOT_A_NUMBER)
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guards it
        raise NotANumber(NOT_A_NUMBER) from exc


def format_decimal(value: Decimal | float | int | None, decimals: int | None = None) -> str:
    """ "1 234,5" with a narrow non-breaking space between thousands; "" for None."""
    if value is None:
        return ""
    number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals)) if decimals else number.quantize(1)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = "\u202f".join(groups)
    if fraction:
        result += "," + fraction
    return sign + result


def format_input(value: Decimal | None, decimals: int | None = None) -> str:
    """What to put back in an input: as it is read everywhere (« 2 647 », « 12,5 »), which
    `parse_decimal` reads back unchanged, so an untouched field saves nothing."""
    return format_decimal(value, decimals)


def decimals_text(count: int) -> str:
    """« 0 décimale », « 1 décimale », « 2 décimales »: French takes the singular below two."""
    return f"{count} décimale" if count < 2 else f"{count} décimales"


def signed_percent(value: Decimal | float | None, decimals: int = 1) -> str:
    """A change, signed, with a decimal comma: « +5,6 % », « -3,0 % », « 0,0 % »; "" for None."""
    if value is None:
        return ""
    number = Decimal(value).quantize(Decimal(1).scaleb(-decimals))
    sign = "+" if number > 0 else ""
    return f"{sign}{format_decimal(number, decimals)}\u00a0%"
