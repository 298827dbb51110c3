"""The portfolio as a table (header and rows), exported as CSV or XLSX by `sg_portal.exports`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from django.utils import timezone

from projects.models import Rating
from sg_portal.exports import Cell

if TYPE_CHECKING:
    from projects.selectors import PortfolioProject

PORTFOLIO_HEADER = [
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


def _row(project: PortfolioProject) -> list[Cell]:
    latest_posted_at = project.latest_posted_at
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
        timezone.localtime(latest_posted_at).date() if latest_posted_at else None,
        project.status_overdue,
        project.budget_planned,
        project.budget_committed,
    ]


def portfolio_rows(projects: Iterable[PortfolioProject]) -> Iterator[list[Cell]]:
    for project in projects:
        yield _row(project)
