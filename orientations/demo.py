"""Demo orientations, one per stage: in preparation, consultation open, awaiting arbitration
(after a sending back and a second round of consultation), arbitrated with a launched project.
Built through the services (so journalled), relative to today. Idempotent: an orientation found by its title is left as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from directions.models import Arrondissement, Direction, ElectedOfficial, User
from orientations import services
from orientations.models import Orientation, Scenario, Verdict
from projects.models import Project, Sitting

ADJOINT, MAIRE_ARR = ElectedOfficial.Office.ADJOINT, ElectedOfficial.Office.MAIRE_ARRONDISSEMENT


def _official(office: str, rank: int) -> ElectedOfficial:
    return ElectedOfficial.objects.get(office=office, rank=rank)


def _d(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


def _scenarios(sg: User, orientation: Orientation, rows: list[dict]) -> list[Scenario]:
    sitting = Sitting.objects.filter(start_date__gt=timezone.localdate()).first()
    found = []
    for row in rows:
        row = dict(row)  # the specs are module constants: never alter them
        directions = list(Direction.objects.filter(code__in=row.pop("directions")))
        vehicle = row.get("vehicle", Scenario.Vehicle.NONE)
        data = {
            "arrondissement_effects": "",
            "risks": "",
            "advantages": "",
            "drawbacks": "",
            **row,
            "vehicle": vehicle if sitting or vehicle != Scenario.Vehicle.DELIBERATION else "aucun",
            "sitting": sitting if vehicle == Scenario.Vehicle.DELIBERATION else None,
        }
        found.append(
            services.scenario_save(
                actor=sg, orientation=orientation, scenario=None, data=data, directions=directions
            )
        )
    return found


def _backdate(orientation: Orientation, days: int, today: dt.date) -> None:
    """The requests of a demo consultation opened `days` ago were sent then (the proof of a
    silence is the sending date); only the current round's, an earlier one was dated already."""
    when = timezone.now() - dt.timedelta(days=days)
    dates = {"consultation_opened_at": when}
    if orientation.consultation_round == 1:
        dates.update(
            created_at=when - dt.timedelta(days=12), recommended_at=when - dt.timedelta(days=2)
        )
    Orientation.objects.filter(pk=orientation.pk).update(**dates)
    orientation.requests.filter(round=orientation.consultation_round).update(sent_at=when)


def _orientation(sg: User, today: dt.date, spec: dict) -> Orientation | None:
    if Orientation.objects.filter(title=spec["title"]).exists():
        return None
    orientation = services.orientation_create(
        actor=sg,
        data={
            "title": spec["title"],
            "text": spec["text"],
            "origin": spec["origin"],
            "arbitration_due": _d(today, spec["due"]),
        },
        carriers=[_official(ADJOINT, rank) for rank in spec["carriers"]],
        arrondissements=list(Arrondissement.objects.filter(number__in=spec["arrondissements"])),
        directions=list(Direction.objects.filter(code__in=spec["directions"])),
    )
    scenarios = _scenarios(sg, orientation, spec["scenarios"])
    if spec.get("recommend") is not None:
        services.scenario_recommend(
            actor=sg,
            orientation=orientation,
            scenario=scenarios[spec["recommend"]],
            reasons=spec["reasons"],
        )
    return orientation


CANTINES = {
    "title": "Cantines scolaires : 100 % de produits durables d'ici 2028",
    "text": (
        "Le programme de mandature prévoit une alimentation durable dans la restauration "
        "scolaire. Plusieurs modalités sont possibles : un marché centralisé, ou le maintien des "
        "caisses des écoles avec une aide de la Ville."
    ),
    "origin": Orientation.Origin.PROGRAMME,
    "carriers": [2, 33],
    "arrondissements": [12, 13, 20],
    "directions": ["DASCO", "DASES"],
    "due": 70,
    "scenarios": [
        {
            "title": "Centrale d'achat municipale",
            "description": "Un marché unique pour les vingt caisses des écoles.",
            "cost_operating": Decimal("4200000"),
            "cost_investment": Decimal("1500000"),
            "calendar": "Marché notifié en septembre 2027",
            "vehicle": Scenario.Vehicle.DELIBERATION,
            "directions": ["DASCO"],
            "arrondissement_effects": "Tous les arrondissements ; les caisses perdent la main.",
            "risks": "Opposition des caisses des écoles.",
            "advantages": "Prix négociés, traçabilité.",
            "drawbacks": "Délai de passation du marché.",
        },
        {
            "title": "Aide aux caisses des écoles",
            "description": "Une subvention par repas durable servi.",
            "cost_operating": Decimal("6800000"),
            "cost_investment": Decimal("0"),
            "calendar": "Dès la rentrée 2027",
            "vehicle": Scenario.Vehicle.DELIBERATION,
            "directions": ["DASCO", "DASES"],
            "arrondissement_effects": "Effet inégal selon la taille des caisses.",
            "risks": "Coût annuel croissant.",
            "advantages": "Rapide, respecte l'autonomie des caisses.",
            "drawbacks": "Contrôle difficile.",
        },
    ],
    "recommend": 0,
    "reasons": "Le marché centralisé tient l'objectif à moindre coût de fonctionnement.",
}

RUES_ECOLES = {
    "title": "Rues aux écoles : généraliser les rues piétonnes devant les écoles",
    "text": "Étendre les rues aux écoles à toutes les écoles élémentaires situées sur une voie locale.",
    "origin": Orientation.Origin.ADJOINT,
    "carriers": [6],
    "arrondissements": [12],
    "directions": ["DVD", "DASCO"],
    "due": 45,
    "scenarios": [
        {
            "title": "Généralisation en deux ans",
            "description": "Toutes les écoles éligibles d'ici la rentrée 2028.",
            "cost_operating": Decimal("300000"),
            "cost_investment": Decimal("9000000"),
            "calendar": "2027-2028",
            "vehicle": Scenario.Vehicle.ARRETE,
            "directions": ["DVD"],
        },
        {
            "title": "Expérimentation par arrondissement volontaire",
            "description": "Dix rues la première année, évaluation, puis extension.",
            "cost_operating": Decimal("120000"),
            "cost_investment": Decimal("2500000"),
            "calendar": "Rentrée 2027, évaluation en juin 2028",
            "vehicle": Scenario.Vehicle.ARRETE,
            "directions": ["DVD", "DASCO"],
        },
    ],
    "recommend": 1,
    "reasons": "L'expérimentation laisse les maires d'arrondissement choisir les rues.",
}

GUICHET = {
    "title": "Guichet unique des aides sociales facultatives",
    "text": "Réunir les aides sociales facultatives de la Ville dans un guichet unique en ligne.",
    "origin": Orientation.Origin.LETTRE_MISSION,
    "carriers": [2],
    "arrondissements": [12, 18, 19],
    "directions": ["DASES", "DSTI"],
    "due": 20,
    "scenarios": [
        {
            "title": "Plateforme développée en interne",
            "description": "La DSTI construit la plateforme sur le socle Paris.fr.",
            "cost_operating": Decimal("450000"),
            "cost_investment": Decimal("2100000"),
            "calendar": "18 mois",
            "vehicle": Scenario.Vehicle.NONE,
            "directions": ["DSTI", "DASES"],
        },
        {
            "title": "Solution du marché",
            "description": "Acquisition d'un logiciel éprouvé, paramétré par la DASES.",
            "cost_operating": Decimal("700000"),
            "cost_investment": Decimal("900000"),
            "calendar": "12 mois",
            "vehicle": Scenario.Vehicle.DELIBERATION,
            "directions": ["DASES"],
        },
    ],
    "recommend": 0,
    "reasons": "Maîtrise des données et réversibilité.",
}

ILOTS = {
    "title": "Îlots de fraîcheur dans les cours d'école (cours Oasis)",
    "text": "Transformer chaque année de nouvelles cours d'école en îlots de fraîcheur ouverts au quartier.",
    "origin": Orientation.Origin.CDS,
    "carriers": [7],
    "arrondissements": [12, 20],
    "directions": ["DPA", "DASCO", "DEVE"],
    "due": -10,
    "scenarios": [
        {
            "title": "Trente cours par an",
            "description": "Rythme actuel maintenu.",
            "cost_operating": Decimal("200000"),
            "cost_investment": Decimal("12000000"),
            "calendar": "Chaque été, 2027-2030",
            "vehicle": Scenario.Vehicle.NONE,
            "directions": ["DPA"],
        },
        {
            "title": "Cinquante cours par an",
            "description": "Rythme accéléré avec un marché de conception-réalisation.",
            "cost_operating": Decimal("350000"),
            "cost_investment": Decimal("21000000"),
            "calendar": "Chaque été, 2027-2029",
            "vehicle": Scenario.Vehicle.NONE,
            "directions": ["DPA", "DEVE"],
        },
    ],
    "recommend": 1,
    "reasons": "Les vagues de chaleur imposent d'accélérer.",
}


@transaction.atomic
def seed(stdout=None) -> None:
    today = timezone.localdate()
    sg = User.objects.filter(username="sg.demo").first()
    if sg is None:
        return
    cabinet = User.objects.filter(username="cab.adjoint").first()
    elu_arr = User.objects.filter(username="elu.arrondissement").first()
    adjointe, maire12 = _official(ADJOINT, 2), _official(MAIRE_ARR, 9)

    # In preparation: scenarios written, no recommendation yet.
    _orientation(sg, today, {**RUES_ECOLES, "recommend": None})

    # Consultation open: the adjointe and the maire of the 12th are asked; one opinion given.
    cantines = _orientation(sg, today, CANTINES)
    if cantines is not None:
        services.consultation_open(
            actor=sg,
            orientation=cantines,
            officials=[adjointe, maire12, _official(MAIRE_ARR, 10)],
            deadline=_d(today, 9),
            urgency_reason="",
            today=_d(today, -8),
        )
        _backdate(cantines, 8, today)
        if elu_arr is not None:
            request = cantines.requests.get(official=maire12)
            services.opinion_give(
                actor=elu_arr,
                request=request,
                verdict=Verdict.RESERVATIONS,
                text="Favorable si les petites caisses gardent leurs producteurs locaux.",
                today=today,
            )

    # Awaiting arbitration after two rounds: a first consultation (one opinion, one silence),
    # sent back by the Maire, consulted again; the deadline passed, one silence recorded.
    guichet = _orientation(sg, today, GUICHET)
    if guichet is not None:
        services.consultation_open(
            actor=sg,
            orientation=guichet,
            officials=[adjointe, maire12],
            deadline=_d(today, -32),
            urgency_reason="",
            today=_d(today, -50),
        )
        _backdate(guichet, 50, today)
        if elu_arr is not None:
            services.opinion_give(
                actor=elu_arr,
                request=guichet.requests.get(official=maire12),
                verdict=Verdict.UNFAVOURABLE,
                text="Un guichet seulement en ligne écarte les personnes éloignées du numérique.",
                today=_d(today, -40),
            )
            # dated when it was given, inside round 1 (the service stamps the present)
            guichet.requests.filter(round=1, official=maire12).update(
                given_at=timezone.now() - dt.timedelta(days=40)
            )
        services.consultations_close_due(today=_d(today, -31))
        services.arbitration_record(
            actor=sg,
            orientation=guichet,
            outcome="renvoi",
            scenario=None,
            conditions="Prévoir un accueil physique en mairie d'arrondissement dans chaque scénario.",
            decided_on=_d(today, -28),
            supersedes_id=None,
            today=_d(today, -28),
        )
        guichet.refresh_from_db()
        services.consultation_open(
            actor=sg,
            orientation=guichet,
            officials=[adjointe, maire12, _official(MAIRE_ARR, 15)],
            deadline=_d(today, -2),
            urgency_reason="",
            today=_d(today, -20),
        )
        _backdate(guichet, 20, today)
        if cabinet is not None:
            services.opinion_give(
                actor=cabinet,
                request=guichet.requests.get(official=adjointe, round=2),
                verdict=Verdict.FAVOURABLE,
                text="",
                today=_d(today, -5),
            )
        if elu_arr is not None:
            services.opinion_give(
                actor=elu_arr,
                request=guichet.requests.get(official=maire12, round=2),
                verdict=Verdict.UNFAVOURABLE,
                text="Les permanences physiques en mairie d'arrondissement doivent rester.",
                today=_d(today, -4),
            )
        services.consultations_close_due(today=today)

    # Arbitrated, with a launched project.
    ilots = _orientation(sg, today, ILOTS)
    if ilots is not None:
        services.consultation_open(
            actor=sg,
            orientation=ilots,
            officials=[_official(ADJOINT, 7), maire12],
            deadline=_d(today, -25),
            urgency_reason="",
            today=_d(today, -45),
        )
        _backdate(ilots, 45, today)
        services.consultations_close_due(today=today)
        chosen = ilots.scenarios.order_by("position").first()
        assert chosen is not None
        services.arbitration_record(
            actor=sg,
            orientation=ilots,
            outcome="retenu",
            scenario=chosen,
            conditions="Trente cours par an, en priorité dans les quartiers populaires.",
            decided_on=_d(today, -12),
            supersedes_id=None,
        )
        lead = Direction.objects.filter(code="DPA").first()
        if lead is not None and not Project.objects.filter(name="Cours Oasis 2027-2030").exists():
            services.project_launch(
                actor=sg,
                orientation=ilots,
                data={
                    "kind": Project.Kind.ENGAGEMENT,
                    "name": "Cours Oasis 2027-2030",
                    "description": ILOTS["text"],
                    "lead_direction": lead,
                    "chef_projet": User.objects.filter(username="cp.climat").first(),
                    "start_date": _d(today, -5),
                    "planned_end": _d(today, 1100),
                },
            )
    if stdout:
        stdout.write(f"  orientations : {Orientation.objects.count()}")
