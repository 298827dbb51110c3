"""Demo risks: a realistic map across directions, projects, pôles and the City, with probity
risks, some late for review, one accepted, one escalated, one that occurred, a KRI crossed.

Idempotent: a risk already there (by title) is left alone. Dates are relative to today.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from directions.models import Direction, Pole, User
from projects.models import Project
from risks import services
from risks.models import Category, ControlStrength, KeyIndicator, Risk

C = Category
S = ControlStrength

# title, category, (scope, ref), owner, gross (p, i), strength, net (p, i), target (p, i),
# controls, extras
RISKS: list[tuple[Any, ...]] = [
    (
        "Conflit d'intérêts dans l'attribution des subventions aux associations",
        C.PROBITE,
        ("direction", "DASES"),
        "dir.dases",
        (3, 4),
        S.PERFECTIBLE,
        (2, 4),
        (1, 3),
        "Déclarations d'intérêts des membres des commissions ; double instruction des dossiers.",
        {"escalate": "pole", "late": 12, "contributors": ["ref.dases"]},
    ),
    (
        "Rupture de prise en charge des mineurs non accompagnés",
        C.CONTINUITE,
        ("direction", "DASES"),
        "dir.dases",
        (4, 4),
        S.INSUFFISANT,
        (3, 4),
        (2, 3),
        "Plateforme d'accueil d'urgence, conventions avec trois associations.",
        {"sg_map": True, "escalate": "sg", "previous": (3, 3), "occurred": True},
    ),
    (
        "Maltraitance en établissement d'accueil de la petite enfance",
        C.SECURITE,
        ("direction", "DFPE"),
        "dir.dfpe",
        (2, 4),
        S.PERFECTIBLE,
        (2, 3),
        (1, 3),
        "Contrôles inopinés, formation des équipes, procédure de signalement.",
        {},
    ),
    (
        "Indisponibilité des cantines scolaires en cas de défaillance d'un prestataire",
        C.CONTINUITE,
        ("direction", "DASCO"),
        "dir.dasco",
        (2, 3),
        S.EFFICACE,
        (1, 3),
        (1, 2),
        "Clauses de substitution dans les marchés, stock de repas froids.",
        {"late": 40},
    ),
    (
        "Accident grave sur un chantier de voirie",
        C.SECURITE,
        ("direction", "DVD"),
        "dir.dvd",
        (3, 4),
        S.PERFECTIBLE,
        (2, 4),
        (2, 3),
        "Plans de prévention, coordination SPS, contrôles de chantier.",
        {"previous": (2, 3)},
    ),
    (
        "Favoritisme dans la passation des marchés de voirie",
        C.PROBITE,
        ("direction", "DVD"),
        "dir.dvd",
        (2, 4),
        S.EFFICACE,
        (1, 3),
        (1, 3),
        "Commission d'appel d'offres, contrôle de la DAJ, traçabilité des échanges.",
        {"accept": "adjoint.espace"},
    ),
    (
        "Crue de la Seine : inondation des équipements riverains",
        C.ENVIRONNEMENT,
        ("direction", "DPE"),
        "dir.dpe",
        (2, 4),
        S.PERFECTIBLE,
        (2, 3),
        (2, 2),
        "Plan de continuité crue, batardeaux, exercice annuel.",
        {},
    ),
    (
        "Cyberattaque paralysant les services en ligne",
        C.SI,
        ("direction", "DSTI"),
        "dir.dsti",
        (4, 4),
        S.PERFECTIBLE,
        (3, 4),
        (2, 3),
        "Sauvegardes hors ligne, supervision 24/7, plan de reprise testé.",
        {"sg_map": True, "late": 5, "previous": (2, 4)},
    ),
    (
        "Fuite de données personnelles des usagers",
        C.JURIDIQUE,
        ("direction", "DSTI"),
        "dir.dsti",
        (3, 3),
        S.PERFECTIBLE,
        (2, 3),
        (1, 3),
        "Registre RGPD, analyses d'impact, chiffrement des bases sensibles.",
        {},
    ),
    (
        "Absentéisme durable dans les services en tension",
        C.RH,
        ("direction", "DRH"),
        "dir.drh",
        (3, 3),
        S.INSUFFISANT,
        (3, 3),
        (2, 2),
        "Suivi mensuel, médecine de prévention, plan de remplacement.",
        {"kri": ("absenteisme", Decimal("9"), "above")},
    ),
    (
        "Erreur de paie massive lors de la bascule du logiciel",
        C.FINANCIER,
        ("direction", "DRH"),
        "dir.drh",
        (2, 4),
        S.PERFECTIBLE,
        (2, 3),
        (1, 3),
        "Paie à blanc en parallèle pendant trois mois.",
        {"late": 3},
    ),
    (
        "Dépassement de l'enveloppe d'investissement votée",
        C.FINANCIER,
        ("direction", "DF"),
        "dir.df",
        (3, 3),
        S.EFFICACE,
        (2, 2),
        (2, 2),
        "Revue trimestrielle des autorisations de programme.",
        {},
    ),
    (
        "Contentieux sur un permis de construire emblématique",
        C.JURIDIQUE,
        ("direction", "DU"),
        "dir.du",
        (3, 3),
        S.PERFECTIBLE,
        (2, 3),
        (2, 2),
        "Relecture juridique systématique des dossiers sensibles par la DAJ.",
        {},
    ),
    (
        "Cadeaux et invitations aux agents instructeurs",
        C.PROBITE,
        ("direction", "DU"),
        "dir.du",
        (2, 3),
        S.INSUFFISANT,
        (2, 3),
        (1, 2),
        "Charte de déontologie ; registre des cadeaux à créer.",
        {"late": 20},
    ),
    (
        "Mouvement de foule lors d'un grand événement",
        C.SECURITE,
        ("direction", "DPP"),
        "dir.dpp",
        (2, 4),
        S.EFFICACE,
        (1, 4),
        (1, 3),
        "Plans de sûreté validés par la Préfecture de police, jauges contrôlées.",
        {},
    ),
    (
        "Polémique sur un message institutionnel",
        C.IMAGE,
        ("direction", "DICOM"),
        "dir.dicom",
        (3, 2),
        S.EFFICACE,
        (2, 2),
        (2, 1),
        "Circuit de validation des messages, veille des réseaux sociaux.",
        {},
    ),
    (
        "Glissement du calendrier des travaux des Halles",
        C.FINANCIER,
        ("project", "Réaménagement du quartier des Halles"),
        "cp.halles",
        (3, 3),
        S.PERFECTIBLE,
        (3, 2),
        (2, 2),
        "Comité de pilotage mensuel, pénalités de retard.",
        {},
    ),
    (
        "Recours contre la déclaration d'utilité publique du tramway",
        C.JURIDIQUE,
        ("project", "Extension du tramway T3 jusqu'à la porte Dauphine"),
        "cp.tram",
        (3, 4),
        S.PERFECTIBLE,
        (3, 3),
        (2, 3),
        "Concertation renforcée, dossier d'enquête publique relu par la DAJ.",
        {"previous": (2, 3)},
    ),
    (
        "Indisponibilité de la plateforme de services numériques",
        C.SI,
        ("project", "Services numériques aux Parisiens"),
        "cp.demo",
        (3, 3),
        S.PERFECTIBLE,
        (2, 3),
        (1, 3),
        "Hébergement redondé, tests de charge avant chaque ouverture.",
        {"late": 8},
    ),
    (
        "Amiante découvert dans les écoles en cours de rénovation",
        C.SECURITE,
        ("project", "Plan de rénovation des écoles"),
        "cp.demo",
        (3, 4),
        S.PERFECTIBLE,
        (2, 4),
        (1, 3),
        "Diagnostics avant travaux, planification pendant les vacances scolaires.",
        {},
    ),
    (
        "Qualité de l'eau insuffisante pour la baignade en Seine",
        C.ENVIRONNEMENT,
        ("project", "Plan Nager à Paris : baignade en Seine et piscines"),
        "dir.djs",
        (3, 3),
        S.PERFECTIBLE,
        (3, 2),
        (2, 2),
        "Mesures quotidiennes, bassin de stockage d'Austerlitz.",
        {},
    ),
    (
        "Pénurie de travailleurs sociaux dans le pôle",
        C.RH,
        ("pole", "solidarites"),
        "adjoint.demo",
        (4, 3),
        S.INSUFFISANT,
        (3, 3),
        (2, 2),
        "Plan d'attractivité, primes ciblées.",
        {},
    ),
    (
        "Dépendance à un prestataire unique de nettoiement",
        C.CONTINUITE,
        ("pole", "espace-public"),
        "adjoint.espace",
        (2, 3),
        S.PERFECTIBLE,
        (2, 2),
        (1, 2),
        "Allotissement du prochain marché.",
        {},
    ),
    (
        "Atteinte à la probité d'un élu ou d'un cadre dirigeant",
        C.PROBITE,
        ("ville", None),
        "sg.demo",
        (2, 4),
        S.PERFECTIBLE,
        (2, 3),
        (1, 3),
        "Déontologue, référent alerte, déclarations à la HATVP.",
        {"sg_map": True},
    ),
    (
        "Canicule extrême : continuité des services et protection des publics fragiles",
        C.CONTINUITE,
        ("ville", None),
        "delegue.demo",
        (4, 4),
        S.PERFECTIBLE,
        (3, 4),
        (2, 3),
        "Plan canicule, registre des personnes vulnérables, salles rafraîchies.",
        {"sg_map": True, "late": 2},
    ),
    (
        "Défaillance d'un grand opérateur de l'énergie",
        C.CONTINUITE,
        ("ville", None),
        "delegue.demo",
        (1, 4),
        S.PERFECTIBLE,
        (1, 4),
        (1, 3),
        "Groupes électrogènes dans les sites prioritaires.",
        {},
    ),
]

MEASURES = {
    "Conflit d'intérêts dans l'attribution des subventions aux associations": [
        ("Publier la charte de déport des membres de commission", "dir.dases", 10),
        ("Contrôle a posteriori d'un échantillon de dossiers", "ref.dases", -6),
    ],
    "Rupture de prise en charge des mineurs non accompagnés": [
        ("Ouvrir 60 places d'hébergement supplémentaires", "dir.dases", 45),
    ],
    "Cyberattaque paralysant les services en ligne": [
        ("Exercice de crise cyber avec la DSTI et la DICOM", "dir.dsti", 12),
        ("Authentification forte pour tous les comptes d'administration", "dir.dsti", -3),
    ],
    "Cadeaux et invitations aux agents instructeurs": [
        ("Créer le registre des cadeaux et invitations", "dir.du", 30),
    ],
}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _scope(kind: str, ref: str | None) -> dict[str, Any] | None:
    if kind == "direction":
        direction = Direction.objects.filter(code=ref).first()
        return {"scope": kind, "direction": direction} if direction else None
    if kind == "project":
        project = Project.objects.filter(name=ref).first()
        return {"scope": kind, "project": project} if project else None
    if kind == "pole":
        pole = Pole.objects.filter(code=ref).first()
        return {"scope": kind, "pole": pole} if pole else None
    return {"scope": Risk.Scope.VILLE}


def _evaluation(spec: tuple[Any, ...]) -> dict[str, Any]:
    _t, _c, _s, _o, gross, strength, net, target, controls, _x = spec
    return {
        "gross_probability": gross[0],
        "gross_impact": gross[1],
        "control_strength": strength,
        "controls": controls,
        "net_probability": net[0],
        "net_impact": net[1],
        "target_probability": target[0],
        "target_impact": target[1],
    }


def _reviewer(scope: dict[str, Any]) -> User | None:
    pole = scope.get("pole")
    if pole is None and scope.get("direction") is not None:
        pole = scope["direction"].pole
    if pole is None and scope.get("project") is not None:
        pole = scope["project"].lead_direction.pole
    if pole is None:
        return _user("delegue.demo")
    return User.objects.filter(role=User.Role.SG_ADJOINT, pole=pole).first() or _user(
        "delegue.demo"
    )


@transaction.atomic
def _seed_one(spec: tuple[Any, ...], today: dt.date, sg: User) -> Risk | None:
    title, category, (kind, ref), owner_name, *_rest, extras = spec
    if Risk.objects.filter(title=title).exists():
        return None
    scope = _scope(kind, ref)
    owner = _user(owner_name)
    if scope is None or owner is None:
        return None
    evaluation = _evaluation(spec)
    previous = extras.get("previous")
    first = dict(evaluation)
    if previous:
        first["net_probability"], first["net_impact"] = previous
    risk = services.risk_create(
        actor=owner,
        data={
            "title": title,
            "description": f"{title}. Risque identifié lors de la cartographie {today.year - 1}.",
            "causes": "",
            "consequences": "",
            "category": category,
            "direction": None,
            "pole": None,
            "project": None,
            **scope,
            "owner": owner,
            "reviewer": _reviewer(scope),
            **first,
        },
        contributors=[u for u in map(_user, extras.get("contributors", [])) if u],
    )
    if previous:
        # A review a few weeks ago raised the net level: the map shows the arrow.
        services.risk_review(
            actor=owner,
            risk=risk,
            reviewed_on=today - dt.timedelta(days=20),
            evaluation=evaluation,
            changes="Nouveaux signalements depuis la dernière revue.",
            comment="Hausse constatée ; mesures complémentaires à l'étude.",
        )
        risk.refresh_from_db()
    for measure_title, who, due_in in MEASURES.get(title, []):
        measure_owner = _user(who) or owner
        services.measure_create(
            actor=owner,
            risk=risk,
            data={
                "title": measure_title,
                "owner": measure_owner,
                "due_date": today + dt.timedelta(days=due_in),
                "action": None,
                "milestone": None,
            },
        )
    if extras.get("late"):
        Risk.objects.filter(pk=risk.pk).update(
            next_review_on=today - dt.timedelta(days=extras["late"]),
            last_reviewed_on=today - dt.timedelta(days=extras["late"] + 90),
        )
    if extras.get("sg_map"):
        services.risk_raise_to_sg_map(actor=owner, risk=risk)
    if extras.get("escalate"):
        Risk.objects.filter(pk=risk.pk).update(
            escalation=extras["escalate"], escalated_at=timezone.now()
        )
    if extras.get("accept"):
        decider = _user(extras["accept"]) or sg
        risk.refresh_from_db()
        services.risk_accept(
            actor=decider,
            risk=risk,
            justification=(
                "Dispositif de contrôle jugé proportionné ; le coût d'un contrôle "
                "supplémentaire excède le bénéfice attendu."
            ),
            expires_on=today + dt.timedelta(days=300),
        )
    if extras.get("occurred"):
        services.occurrence_record(
            actor=owner,
            risk=risk,
            occurred_on=today - dt.timedelta(days=9),
            impact=3,
            what_happened=(
                "Saturation du dispositif d'accueil pendant quatre nuits ; "
                "douze jeunes orientés vers des hôtels."
            ),
        )
    if kri := extras.get("kri"):
        from indicators.models import Indicator

        indicator = Indicator.objects.filter(code=kri[0]).first()
        if indicator is not None:
            KeyIndicator.objects.create(
                risk=risk, indicator=indicator, threshold=kri[1], crossing=kri[2]
            )
    return risk


def _seed_campaigns(today: dt.date, sg: User) -> None:
    """The year's re-evaluation: DASES under way (one risk worse than last year, one closed, one
    new), DVD done, DSTI just opened; the other directions have not started."""
    from risks.models import Campaign

    for code, finished in (("DASES", False), ("DVD", True), ("DSTI", False)):
        direction = Direction.objects.filter(code=code).first()
        director = _user(f"dir.{code.lower()}")
        if direction is None or director is None:
            continue
        campaign = services.campaign_start(
            actor=director, direction_id=direction.pk, year=today.year
        )
        if code == "DASES":
            baseline = dict(campaign.baseline)
            for pk, entry in list(baseline.items()):
                if entry["title"].startswith("Rupture"):
                    baseline[pk] = {**entry, "net_level": "eleve"}
                if entry["title"].startswith("Conflit"):
                    del baseline[pk]  # recorded this year: new
            baseline["0"] = {
                "title": "Fermeture d'un centre d'hébergement pendant les travaux",
                "gross_level": "eleve",
                "net_level": "modere",
            }
            Campaign.objects.filter(pk=campaign.pk).update(baseline=baseline)
        if finished:
            services.campaign_finish(actor=director, campaign=campaign)


def seed(stdout=None) -> None:
    today = timezone.localdate()
    sg = User.objects.filter(role=User.Role.SECRETAIRE_GENERALE).first()
    if sg is None:
        return
    created = [r for spec in RISKS if (r := _seed_one(spec, today, sg))]
    if created:
        _seed_campaigns(today, sg)
    # The KRI whose threshold the demo's values cross: the tick flags its risk.
    from risks.reminders import key_indicators_check

    key_indicators_check(today=today)
    # The measures the demo left past due: their owners find the alert the tick would make.
    from risks.reminders import measures_overdue

    measures_overdue(today=today)
    if stdout:
        stdout.write(f"  risques : {Risk.objects.count()} risques ({len(created)} créés)")
