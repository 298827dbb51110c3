"""An orientation at each stage, built through the services, on the named cast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from directions.models import Arrondissement, Direction
from orientations import services
from orientations.models import Orientation, Scenario

TODAY = dt.date(2026, 11, 29)


def scenario_data(title: str, **extra) -> dict:
    return {
        "title": title,
        "description": f"Description de {title}",
        "cost_operating": Decimal("1250000.50"),
        "cost_investment": Decimal("300000"),
        "calendar": "2027",
        "vehicle": Scenario.Vehicle.ARRETE,
        "sitting": None,
        "arrondissement_effects": "",
        "risks": "Risque de contentieux",
        "advantages": "",
        "drawbacks": "",
        **extra,
    }


@pytest.fixture(autouse=True)
def arrondissements(db):
    """The arrondissements a migration loads; a transactional test before this one may have
    flushed them, and an orientation is about arrondissements."""
    for number in range(1, 21):
        Arrondissement.objects.get_or_create(
            number=number,
            defaults={
                "insee_code": str(75100 + number),
                "label": "1er arr." if number == 1 else f"{number}e arr.",
                "official_name": f"Paris {number}",
                "mairie": f"Mairie du {number}e arrondissement",
            },
        )


@pytest.fixture
def make_orientation(cast):
    """`make_orientation(stage)`: "preparation" (two scenarios), "recommended", "consultation"
    (the adjointe and the maire of the 12th asked, deadline `TODAY + 15`)."""
    sg = cast["sg.demo"]
    dases = Direction.objects.get(code="DASES")

    def make(stage: str = "consultation", *, title: str = "Cantines durables") -> Orientation:
        orientation = services.orientation_create(
            actor=sg,
            data={
                "title": title,
                "text": "Une alimentation durable dans les cantines.",
                "origin": Orientation.Origin.PROGRAMME,
                "arbitration_due": TODAY + dt.timedelta(days=60),
            },
            carriers=[cast["elu.adjoint"].elected_official],
            arrondissements=list(Arrondissement.objects.filter(number=12)),
            directions=[dases],
        )
        a = services.scenario_save(
            actor=sg,
            orientation=orientation,
            scenario=None,
            data=scenario_data("Centrale"),
            directions=[dases],
        )
        services.scenario_save(
            actor=sg,
            orientation=orientation,
            scenario=None,
            data=scenario_data("Aide"),
            directions=[],
        )
        if stage == "preparation":
            return orientation
        services.scenario_recommend(
            actor=sg, orientation=orientation, scenario=a, reasons="Moins cher à terme."
        )
        if stage == "recommended":
            return orientation
        services.consultation_open(
            actor=sg,
            orientation=orientation,
            officials=list(
                services.ElectedOfficial.objects.filter(
                    pk__in=[
                        cast["elu.adjoint"].elected_official_id,
                        cast["elu.arrondissement"].elected_official_id,
                    ]
                )
            ),
            deadline=TODAY + dt.timedelta(days=15),
            today=TODAY,
        )
        orientation.refresh_from_db()
        return orientation

    return make


@pytest.fixture
def frozen_today(time_machine):
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 11, 29, 10, 0)), tick=False)
    return TODAY
