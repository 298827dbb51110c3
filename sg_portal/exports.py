"""The one export path: every CSV and XLSX the portal hands out is written here.

A table is a header row and rows of plain values (str, int, Decimal, float, bool, date, datetime,
None). The same value reads the same in both formats:

- CSV opens right in a French Excel: UTF-8 with BOM, `;`-separated, decimal comma, dates as
  `31/12/2026` (`31/12/2026 14:30` in Paris time), booleans as « oui » / « non ».
- XLSX keeps types: numbers are numbers (with their decimals shown), dates are dates, booleans are
  « oui » / « non » like in the CSV.
- Text that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
  carriage return: a comment typed as `=HYPERLINK(...)`) stays text: a leading `'` in the CSV,
  a string cell with Excel's quote prefix in the XLSX. Numbers, negative ones included, are not
  text and stay numbers.

Views ask `requested_format(request)` which export `?format=` names (None: the page itself), then
return `export_response(...)`. Every document the portal hands out (exports, PDFs, calendars) is
answered by `document_response`, which no cache may keep.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | Decimal | bool | dt.date | dt.datetime | None

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# What Excel and LibreOffice read as the start of a formula (or a DDE call) in a typed-in cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX cell cannot hold (they come from pasted text).
_ILLEGAL_IN_XLSX = re.compile(r"[\000-\010\013\014\016-\037]")
_XLSX_MAX_TEXT = 32_767
_DATE_FORMAT = "DD/MM/YYYY"
_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


class UnknownExportFormat(BadRequest):
    """`?format=` names a format the portal does not write; its message is shown to the user."""


def requested_format(request: HttpRequest) -> str | None:
    """The export `?format=` asks for ("csv" or "xlsx"), None when it asks for none (the page)."""
    fmt = request.GET.get("format", "")
    if not fmt:
        return None
    if fmt not in FORMATS:
        raise UnknownExportFormat(
            f"Format d'export inconnu : « {fmt[:20]} ». Les formats proposés sont CSV et XLSX."
        )
    return fmt


def needs_neutralising(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def french_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """12345.5 -> "12345,5" (no thousands separator: Excel reads it as a number)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if decimals is not None:
        number = round(number, decimals)
    return format(number, "f").replace(".", ",")


def _local(value: dt.datetime) -> dt.datetime:
    """A datetime as the SG reads it: Paris time, without a zone (spreadsheets have none)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal):
        return french_number(value)
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return "'" + text if needs_neutralising(text) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([_csv_cell(title) for title in header])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _decimal_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


def _write_xlsx_cell(sheet: Worksheet, row: int, column: int, value: Cell) -> int:
    """Writes one typed cell; returns the width of its text, for the column's width."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return 0
    if isinstance(value, bool):
        value = "oui" if value else "non"
    if isinstance(value, str):
        text = _ILLEGAL_IN_XLSX.sub("", value)[:_XLSX_MAX_TEXT]
        # Assigning a str that starts with "=" makes openpyxl write a formula: set the string
        # cell ourselves. The quote prefix keeps it text even when someone edits the cell.
        cell._value = text
        cell.data_type = "s"
        if needs_neutralising(text):
            cell.quotePrefix = True
        return len(text)
    if isinstance(value, dt.datetime):
        cell.value = _local(value)
        cell.number_format = _DATETIME_FORMAT
        return 16
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = _DATE_FORMAT
        return 10
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = _decimal_format(value)
        return len(_csv_cell(value))
    cell.value = value
    return len(_csv_cell(value))


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str = "Export",
    frozen_columns: int = 0,
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = _ILLEGAL_IN_XLSX.sub("", re.sub(r"[\\/*?:\[\]]", " ", title))[:31] or "Export"
    bold = Font(bold=True)
    widths = []
    for column, name in enumerate(header, start=1):
        widths.append(_write_xlsx_cell(sheet, 1, column, name))
        sheet.cell(row=1, column=column).font = bold
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            width = _write_xlsx_cell(sheet, row_number, column, value)
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], width)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    fmt: str,
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    title: str = "Export",
    frozen_columns: int = 0,
) -> HttpResponse:
    """An attachment `<filename>.<fmt>`; `fmt` comes from `requested_format`."""
    if fmt == "csv":
        content = csv_bytes(header, rows)
    elif fmt == "xlsx":
        content = xlsx_bytes(header, rows, title=title, frozen_columns=frozen_columns)
    else:
        raise UnknownExportFormat(f"Format d'export inconnu : « {fmt[:20]} ».")
    stem = slugify(filename) or "export"
    return document_response(content, content_type=CONTENT_TYPES[fmt], filename=f"{stem}.{fmt}")


def document_response(
    content: bytes | str, *, content_type: str, filename: str | None = None
) -> HttpResponse:
    """A document of the portal, as an attachment when it has a file name.

    It holds what only its reader may see: neither the browser's cache (a shared computer) nor a
    proxy's may keep it.
    """
    response = HttpResponse(content, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
