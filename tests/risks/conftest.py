"""Factories for the risks tests: a risk on a direction, a pôle, a project or the City."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone

from directions.models import Direction, User
from projects.models import Project
from risks import services
from risks.models import Risk

_names = itertools.count(1)

EVALUATION = {
    "gross_probability": 3,
    "gross_impact": 4,
    "controls": "Double instruction des dossiers.",
    "control_strength": "perfectible",
    "net_probability": 2,
    "net_impact": 4,
    "target_probability": 1,
    "target_impact": 3,
}


@pytest.fixture
def make_risk(cast):
    """A risk through the service (journalled, reviewed on the cadence of its level)."""

    def _make(*, owner: User | None = None, **kwargs: Any) -> Risk:
        data: dict[str, Any] = {
            "title": f"Risque {next(_names)}",
            "description": "Un risque de la cartographie.",
            "causes": "",
            "consequences": "",
            "category": "juridique",
            "scope": "direction",
            "direction": Direction.objects.get(code="DASES"),
            "pole": None,
            "project": None,
            "owner": owner or cast["dir.dases"],
            "reviewer": cast["adjoint.demo"],
            **EVALUATION,
        }
        data.update(kwargs)
        return services.risk_create(actor=data["owner"], data=data)

    return _make


@pytest.fixture
def dases_project(cast, chef_projet) -> Project:
    today = timezone.localdate()
    return Project.objects.create(
        name="Refonte de l'accueil social",
        kind=Project.Kind.MODERNISATION,
        lead_direction=Direction.objects.get(code="DASES"),
        chef_projet=chef_projet,
        start_date=today - dt.timedelta(days=100),
        planned_end=today + dt.timedelta(days=300),
    )
