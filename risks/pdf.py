"""« Cartographie des risques » as a PDF for the CDS folder: the two heat maps (gross and net)
and the table of the risks shown, laid out on landscape A4."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.formats import date_format

from risks.models import Category, Matrix
from risks.selectors import Cell, ListedRisk
from sg_portal.pdf import PdfDocument


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _grid(pdf: PdfDocument, matrix: Matrix, grid: list[list[Cell]], title: str, x: float) -> None:
    y0 = pdf.get_y()
    pdf.set_xy(x, y0)
    pdf.font(11, True)
    pdf.cell(120, 7, pdf.t(title), new_x="LMARGIN", new_y="NEXT")
    label_w, cell_w, cell_h = 30.0, 22.0, 12.0
    top = y0 + 8
    for r, line in enumerate(grid):
        y = top + r * cell_h
        pdf.set_xy(x, y)
        pdf.font(7)
        pdf.multi_cell(
            label_w,
            cell_h / 2,
            pdf.t(matrix.probability_label(line[0].probability)),
            align="R",
            max_line_height=cell_h / 2,
        )
        for c, cell in enumerate(line):
            pdf.set_fill_color(*_hex(cell.colour))
            pdf.set_xy(x + label_w + 1 + c * cell_w, y)
            pdf.font(11, True)
            pdf.cell(cell_w, cell_h, str(cell.count or ""), border=1, align="C", fill=True)
    pdf.font(7)
    for c in range(len(grid[0]) if grid else 0):
        pdf.set_xy(x + label_w + 1 + c * cell_w, top + len(grid) * cell_h + 1)
        pdf.cell(cell_w, 4, pdf.t(matrix.impact_label(c + 1)), align="C")
    pdf.set_xy(x + label_w + 1, top + len(grid) * cell_h + 5)
    pdf.cell(cell_w * len(grid[0]) if grid else 0, 4, pdf.t("Impact →"), align="C")


def map_pdf(
    *,
    matrix: Matrix,
    gross: list[list[Cell]],
    net: list[list[Cell]],
    rows: Sequence[ListedRisk],
    today: dt.date,
    filters: str,
) -> bytes:
    pdf = PdfDocument("Cartographie des risques", margins=(14, 14, 14))
    pdf.add_page(orientation="L")
    pdf.paragraph("Cartographie des risques", size=16, bold=True, h=8)
    pdf.paragraph(
        f"Secrétariat général de la Ville de Paris — au {date_format(today, 'j F Y')} — "
        f"matrice v{matrix.version} — {filters}",
        size=9,
    )
    pdf.ln(3)
    y = pdf.get_y()
    _grid(pdf, matrix, gross, "Risque brut (avant maîtrise)", 14)
    pdf.set_y(y)
    _grid(pdf, matrix, net, "Risque net (après maîtrise)", 150)
    pdf.set_y(y + 8 + 12 * len(net) + 12)
    pdf.paragraph(f"{len(rows)} risque(s)", size=11, bold=True, h=7)
    widths = [92, 40, 30, 22, 22, 36, 27]
    header = ["Risque", "Périmètre", "Catégorie", "Brut", "Net", "Traitement", "Prochaine revue"]
    pdf.font(8, True)
    pdf.set_fill_color(238, 240, 244)
    for w, h in zip(widths, header, strict=True):
        pdf.cell(w, 6, pdf.t(h), border=1, fill=True)
    pdf.ln()
    pdf.font(8)
    for row in rows:
        risk = row.risk
        cells = [
            risk.title[:70],
            risk.scope_label[:30],
            Category(risk.category).label[:22],
            risk.gross.label,
            risk.net.label + {"hausse": " ↑", "baisse": " ↓"}.get(risk.trend, ""),
            row.treatment.label,
            risk.next_review_on.strftime("%d/%m/%Y") + (" (retard)" if row.review_late else ""),
        ]
        for w, text in zip(widths, cells, strict=True):
            pdf.cell(w, 6, pdf.t(text), border=1)
        pdf.ln()
    return bytes(pdf.output())
