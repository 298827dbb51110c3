"""Exports that open right in Excel: CSV in UTF-8 with BOM, `;`-separated, French decimals; XLSX.

A table is a header row and rows of plain values (str, int, Decimal, float, date, None).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

Cell = str | int | float | Decimal | dt.date | dt.datetime | None


def french_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """12345.5 -> "12345,5" (no thousands separator: Excel reads it as a number)."""
    if decimals is not None:
        value = round(Decimal(str(value)), decimals)
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal):
        return french_number(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, title: str = "Export"
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for row in rows:
        values = [float(c) if isinstance(c, Decimal) else c for c in row]
        values = [c.replace(tzinfo=None) if isinstance(c, dt.datetime) else c for c in values]
        sheet.append(values)
        widths = [max(w, len(_csv_cell(c))) for w, c in zip(widths, row, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
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
) -> HttpResponse:
    """An attachment in `fmt` ("csv" or "xlsx"); any other format is a programming error."""
    stem = slugify(filename) or "export"
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(header, rows, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise ValueError(f"format d'export inconnu : {fmt}")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
