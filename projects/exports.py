"""Exports of the portfolio: CSV for Excel in French (UTF-8 with BOM, `;`, decimal comma), XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from projects.models import Project, Rating

HEADERS = [
    "Projet",
    "Type",
    "Direction pilote",
    "Pôle",
    "Directions partenaires",
    "Chef·fe de projet",
    "SG adjoint·e",
    "Arrondissements",
    "Phase",
    "Début",
    "Fin prévue",
    "Fin prévisionnelle",
    "Glissement (jours)",
    "Dernier statut",
    "Dernier point publié le",
    "Point en retard",
    "Budget prévu (€)",
    "Budget engagé (€)",
]


def _row(project: Project) -> list:
    return [
        project.name,
        project.get_kind_display(),
        project.lead_direction.code,
        project.lead_direction.pole.name if project.lead_direction.pole else "",
        ", ".join(d.code for d in project.partner_directions.all()),
        str(project.chef_projet) if project.chef_projet else "",
        str(project.sg_adjoint) if project.sg_adjoint else "",
        ", ".join(a.label for a in project.arrondissements.all()),
        project.get_phase_display(),
        project.start_date,
        project.planned_end,
        project.expected_end,
        project.slippage_days,
        Rating(project.latest_overall).label if project.latest_overall else "",
        project.latest_posted_at.date() if project.latest_posted_at else None,
        "oui" if project.status_overdue else "non",
        project.budget_planned,
        project.budget_committed,
    ]


def _french(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def portfolio_csv(projects: Iterable[Project]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for project in projects:
        writer.writerow([_french(v) for v in _row(project)])
    return buffer.getvalue().encode("utf-8-sig")


def portfolio_xlsx(projects: Iterable[Project]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Portefeuille de projets"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for project in projects:
        sheet.append(_row(project))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 4))
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
