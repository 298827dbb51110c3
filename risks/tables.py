"""The columns of the risk list's exports (CSV, XLSX): one row per risk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from risks import selectors
from risks.models import Category, ControlStrength, Level, Risk

HEADER = [
    "Risque",
    "Catégorie",
    "Périmètre",
    "Pôle",
    "Propriétaire",
    "Probabilité brute",
    "Impact brut",
    "Niveau brut",
    "Dispositif de maîtrise",
    "Force du dispositif",
    "Probabilité nette",
    "Impact net",
    "Niveau net",
    "Niveau cible",
    "Traitement",
    "Tendance",
    "Prochaine revue",
    "Revue en retard",
    "Cartographie du SG",
    "Matrice",
]


def rows(risks: Iterable[Risk], today: dt.date) -> Iterator[list[Any]]:
    tolerance = selectors.tolerances()
    for risk in risks:
        yield [
            risk.title,
            Category(risk.category).label,
            risk.scope_label,
            risk.pole.name if risk.pole_id else "",  # type: ignore[union-attr]
            risk.owner.get_full_name() or risk.owner.username,
            risk.gross_probability,
            risk.gross_impact,
            Level(risk.gross_level).label,
            risk.controls,
            ControlStrength(risk.control_strength).label,
            risk.net_probability,
            risk.net_impact,
            Level(risk.net_level).label,
            Level(risk.target_level).label,
            selectors.treatment(risk, today, tolerance, getattr(risk, "open_measures", None)).label,
            risk.trend,
            risk.next_review_on,
            risk.is_open and risk.next_review_on < today,
            risk.on_sg_map,
            f"v{risk.matrix.version}",
        ]
