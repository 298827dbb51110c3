"""Demo projects, statuses, Conseil de Paris sittings and deliberations, relative to today.

Idempotent: every row is found by a natural key (project name, milestone title, sitting date,
deliberation title within its direction); a project's history of statuses is written only when
the project is first created, so a later run (another day) never alters or duplicates a row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from directions.demo import DEMO_PASSWORD
from directions.models import Arrondissement, Direction, User
from projects.fortnights import fortnight_of
from projects.models import (
    Deliberation,
    Milestone,
    Project,
    Rating,
    Sitting,
    SittingChange,
    StatusUpdate,
)
from projects.services import overall_rating
from sg_portal.journal.services import journal_record

ON, RISK, OFF = Rating.ON_TRACK, Rating.AT_RISK, Rating.OFF_TRACK
K_ENG, K_MOD = Project.Kind.ENGAGEMENT, Project.Kind.MODERNISATION
P = Project.Phase

# Extra chefs de projet transverses (cp.demo comes from the organisation's demo).
CHEFS = [
    ("cp.halles", "Romain", "Béranger", "M-HALLES", "Chef de projet, Mission Halles"),
    ("cp.tram", "Sarah", "Kessler", "M-TRAM", "Cheffe de projet, Mission Tramway"),
    ("cp.climat", "Mehdi", "Aït-Ali", "DEVE", "Chef de projet Plan Climat"),
]


def _d(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


# name, kind, lead, partners, chef, adjoint, arrondissements, start, planned end, forecast end
# (days from today), phase, budget planned / committed (M€), description, status trend
# (oldest → latest; "late" = no status for the last fortnights), milestones
# (title, planned, forecast, actual: days from today or None).
PROJECTS = [
    {
        "name": "Réaménagement du quartier des Halles",
        "kind": K_ENG,
        "lead": "M-HALLES",
        "partners": ["DU", "DVD", "DPA", "DEVE"],
        "chef": "cp.halles",
        "adjoint": "adjoint.espace",
        "arr": [1],
        "dates": (-1900, 420, 540),
        "phase": P.REALISATION,
        "budget": (1020, 912),
        "description": "Achèvement du jardin Nelson-Mandela, des accès au pôle d'échanges "
        "Châtelet-les-Halles et de la Canopée ; coordination avec la RATP et Unibail.",
        "trend": [ON, ON, RISK, RISK],
        "milestones": [
            ("Livraison de la Canopée", -1500, None, -1480),
            ("Réouverture de l'accès Marguerite-de-Navarre", -60, -20, None),
            ("Fin des travaux du jardin Nelson-Mandela", 120, 210, None),
            ("Réception définitive du pôle d'échanges", 420, 540, None),
        ],
    },
    {
        "name": "Extension du tramway T3 jusqu'à la porte Dauphine",
        "kind": K_ENG,
        "lead": "M-TRAM",
        "partners": ["DVD", "DU", "DEVE"],
        "chef": "cp.tram",
        "adjoint": "adjoint.espace",
        "arr": [16, 17],
        "dates": (-1100, 760, None),
        "phase": P.REALISATION,
        "budget": (265, 148),
        "description": "Prolongement du T3b de la porte d'Asnières à la porte Dauphine : "
        "3,2 km, 7 stations, plantation de 800 arbres.",
        "trend": [ON, ON, ON, ON],
        "milestones": [
            ("Déclaration d'utilité publique", -700, None, -690),
            ("Déviation des réseaux concessionnaires", -90, None, -95),
            ("Pose des rails, section Asnières–Champerret", 9, None, None),
            ("Essais et marche à blanc", 640, None, None),
            ("Mise en service commerciale", 760, None, None),
        ],
    },
    {
        "name": "Successeur d'Autolib' : autopartage électrique",
        "kind": K_ENG,
        "lead": "DVD",
        "partners": ["DU", "DF", "DAJ"],
        "chef": "cp.tram",
        "adjoint": "adjoint.espace",
        "arr": [],
        "dates": (-420, 560, 730),
        "phase": P.ETUDES,
        "budget": (48, 6),
        "description": "Service public d'autopartage de véhicules électriques en stations, "
        "après la fin du contrat Autolib' ; articulation avec Vélib' Métropole.",
        "trend": [RISK, RISK, OFF, OFF],
        "milestones": [
            ("Étude de marché et scénarios", -300, None, -280),
            ("Avis de la commission consultative des services publics locaux", -30, 45, None),
            ("Attribution de la délégation de service public", 250, 420, None),
            ("Lancement du service", 560, 730, None),
        ],
    },
    {
        "name": "Centres de services partagés comptables",
        "kind": K_MOD,
        "lead": "DF",
        "partners": ["DRH", "DSTI"],
        "chef": "cp.demo",
        "adjoint": "delegue.demo",
        "arr": [],
        "dates": (-760, 180, 270),
        "phase": P.DEPLOIEMENT,
        "budget": Decimal("12.4"),
        "description": "Regroupement de la fonction comptable des directions en quatre CSP "
        "comptables ; dématérialisation de la chaîne de la dépense avec la DRFiP.",
        "trend": [ON, RISK, RISK],
        "skip_current": True,
        "milestones": [
            ("CSP 1 (directions du pôle Ressources) opérationnel", -400, None, -395),
            ("CSP 2 (pôle Solidarités) opérationnel", -120, None, -100),
            ("CSP 3 (pôle Espace public) opérationnel", 12, 40, None),
            ("CSP 4 et bilan avec la DRFiP", 180, 270, None),
        ],
    },
    {
        "name": "Paris Plages 2027",
        "kind": K_ENG,
        "lead": "DEVE",
        "partners": ["DJS", "DPE", "DPP", "DGEP"],
        "chef": None,
        "adjoint": "adjoint.espace",
        "arr": [4, 19],
        "dates": (-120, 250, None),
        "phase": P.CADRAGE,
        "budget": (3, None),
        "description": "Édition 2027 sur les voies Georges-Pompidou et au bassin de la "
        "Villette, avec les sites de baignade en Seine.",
        "trend": [ON, ON],
        "milestones": [
            ("Programme et budget arrêtés", 20, None, None),
            ("Conventions avec les partenaires", 120, None, None),
            ("Ouverture au public", 235, None, None),
        ],
    },
    {
        "name": "Plan Climat : rénovation énergétique du patrimoine municipal",
        "kind": K_ENG,
        "lead": "DEVE",
        "partners": ["DPA", "DLH", "DF", "DASCO"],
        "chef": "cp.climat",
        "adjoint": "adjoint.espace",
        "arr": [],
        "dates": (-700, 1480, None),
        "phase": P.REALISATION,
        "budget": (640, 175),
        "description": "Rénovation de 300 équipements municipaux d'ici la fin de la mandature, "
        "contrat de performance énergétique des écoles, solarisation des toitures.",
        "trend": [ON, RISK, RISK],
        "milestones": [
            ("Audit énergétique de 300 équipements", -400, None, -350),
            ("Premier contrat de performance énergétique notifié", -40, 30, None),
            ("100 équipements rénovés", 500, None, None),
        ],
    },
    {
        "name": "Ouverture au public de la Petite Ceinture",
        "kind": K_ENG,
        "lead": "DEVE",
        "partners": ["DU", "DVD"],
        "chef": "cp.climat",
        "adjoint": "adjoint.espace",
        "arr": [12, 13, 14, 15, 16, 17, 18, 19, 20],
        "dates": (-400, 1100, None),
        "phase": P.ETUDES,
        "budget": (35, 4),
        "description": "Promenade et jardins sur les tronçons de la Petite Ceinture "
        "conventionnés avec SNCF Réseau, en préservant la biodiversité.",
        "trend": [ON, ON],
        "late": 3,  # no status for the last three fortnights: overdue
        "milestones": [
            ("Convention-cadre avec SNCF Réseau", -200, None, -210),
            ("Concertation sur les tronçons du 15e et du 16e", -10, 25, None),
            ("Ouverture du tronçon du 20e", 400, None, None),
        ],
    },
    {
        "name": "Plan de rénovation des écoles",
        "kind": K_ENG,
        "lead": "DASCO",
        "partners": ["DPA", "DFPE"],
        "chef": "cp.demo",
        "adjoint": "adjoint.demo",
        "arr": [10, 11, 13, 18, 19, 20],
        "dates": (-650, 1200, None),
        "phase": P.REALISATION,
        "budget": (410, 130),
        "description": "Rénovation et végétalisation des cours de 120 écoles (cours Oasis), "
        "mise en accessibilité et rénovation thermique.",
        "trend": [ON, ON, ON],
        "milestones": [
            ("Programme des 40 premières écoles", -500, None, -490),
            ("Travaux de l'été : 25 cours Oasis livrées", -90, None, -85),
            ("Marchés de travaux de la vague 2 notifiés", 10, None, None),
            ("60 écoles rénovées", 700, None, None),
        ],
    },
    {
        "name": "Services numériques aux Parisiens",
        "kind": K_MOD,
        "lead": "DSTI",
        "partners": ["DUCT", "DICOM"],
        "chef": "cp.demo",
        "adjoint": "delegue.demo",
        "arr": [],
        "dates": (-380, 350, 420),
        "phase": P.DEPLOIEMENT,
        "budget": (22, 15),
        "description": "Compte unique des Parisiens, démarches en ligne (état civil, "
        "stationnement résidentiel, inscriptions périscolaires) et suivi des demandes.",
        "trend": [ON, ON, ON],
        "milestones": [
            ("Ouverture du compte unique", -200, None, -190),
            ("Démarches d'état civil en ligne", -20, None, -12),
            ("Inscriptions périscolaires en ligne", 60, 130, None),
        ],
    },
    {
        "name": "Maisons des solidarités : refonte de l'accueil social",
        "kind": K_MOD,
        "lead": "DASES",
        "partners": ["DSTI", "DUCT"],
        "chef": None,
        "adjoint": "adjoint.demo",
        "arr": [13, 18, 19, 20],
        "dates": (-240, 800, None),
        "phase": P.ETUDES,
        "budget": (9, Decimal("1.2")),
        "description": "Un accueil social inconditionnel unique dans chaque arrondissement, "
        "prise de rendez-vous en ligne et dossier social partagé.",
        "trend": [ON, ON, RISK],
        "milestones": [
            ("Diagnostic des points d'accueil", -150, None, -140),
            ("Expérimentation dans le 19e", 14, None, None),
            ("Généralisation aux 17 maisons des solidarités", 700, None, None),
        ],
    },
    {
        "name": "Dématérialisation de la paie et du dossier agent",
        "kind": K_MOD,
        "lead": "DRH",
        "partners": ["DSTI", "DF"],
        "chef": None,
        "adjoint": "delegue.demo",
        "arr": [],
        "dates": (-500, 200, 380),
        "phase": P.REALISATION,
        "budget": (18, 14),
        "description": "Bulletin de paie et dossier individuel dématérialisés pour 55 000 "
        "agents, nouveau SIRH.",
        "trend": [RISK, OFF, OFF],
        "milestones": [
            ("Choix de l'éditeur du SIRH", -360, None, -330),
            ("Reprise des données des dossiers agents", -45, 75, None),
            ("Première paie dans le nouveau SIRH", 200, 380, None),
        ],
    },
    {
        "name": "Plan vélo : réseau express vélo",
        "kind": K_ENG,
        "lead": "DVD",
        "partners": ["DEVE", "DPE"],
        "chef": "cp.tram",
        "adjoint": "adjoint.espace",
        "arr": [],
        "dates": (-540, 1300, None),
        "phase": P.REALISATION,
        "budget": (250, 96),
        "description": "180 km d'itinéraires cyclables sécurisés, 130 000 places de "
        "stationnement vélo, pérennisation des coronapistes.",
        "trend": [ON, ON, ON],
        "milestones": [
            ("Axe Nord-Sud pérennisé", -220, None, -230),
            ("Axe Est-Ouest : travaux rue de Rivoli", 5, None, None),
            ("100 km livrés", 600, None, None),
        ],
    },
    {
        "name": "Plan Nager à Paris : baignade en Seine et piscines",
        "kind": K_ENG,
        "lead": "DJS",
        "partners": ["DPE", "DEVE"],
        "chef": None,
        "adjoint": "adjoint.demo",
        "arr": [4, 12, 15, 19],
        "dates": (-900, 300, None),
        "phase": P.DEPLOIEMENT,
        "budget": (85, 71),
        "description": "Trois sites de baignade en Seine pérennisés, rénovation de "
        "huit piscines et ouverture de bassins éphémères.",
        "trend": [ON, ON, ON],
        "milestones": [
            ("Ouverture des trois sites de baignade", -160, None, -160),
            ("Réouverture de la piscine Jean-Taris", 100, None, None),
        ],
    },
]

NARRATIVES = {
    ON: (
        "Avancement conforme au calendrier. Les équipes des directions partenaires sont "
        "mobilisées et les instances de suivi se sont tenues.",
        "Préparer le prochain comité de pilotage ; valider le rétroplanning du jalon suivant.",
        "",
    ),
    RISK: (
        "Un retard de quelques semaines se dessine sur le jalon en cours : la coordination "
        "avec un partenaire extérieur prend plus de temps que prévu. Le budget reste tenu.",
        "Réunion d'arbitrage avec les partenaires ; mise à jour du planning détaillé.",
        "Un appui du SG auprès des directions partenaires pour tenir la date du prochain jalon.",
    ),
    OFF: (
        "Le calendrier n'est plus tenable : un recours et un surcoût imposent de revoir le "
        "phasage. Plusieurs scénarios sont à l'étude.",
        "Présenter les scénarios de replanification au prochain comité de pilotage.",
        "Un arbitrage de la Secrétaire générale sur le scénario de replanification.",
    ),
}


def _chefs() -> dict[str, User]:
    users = {}
    for username, first, last, code, job in CHEFS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@paris.fr",
                "role": User.Role.CHEF_PROJET,
                "direction": Direction.objects.get(code=code),
                "job_title": job,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


def _millions(value) -> Decimal | None:
    return None if value is None else Decimal(value) * 1_000_000


def _seed_statuses(project: Project, spec: dict, today: dt.date, users: dict) -> None:
    author = users.get(spec["chef"]) if spec["chef"] else None
    if author is None:
        author = User.objects.get(username=f"dir.{project.lead_direction.code.lower()}")
    reviewer = users.get(spec["adjoint"])
    trend = spec["trend"]
    current = fortnight_of(today)
    # The latest status belongs to the current fortnight if it is far enough along, else the
    # previous one; "late" projects stopped posting that many fortnights ago.
    latest = current if (today - current.start).days >= 4 else current.previous()
    if spec.get("skip_current"):
        latest = current.previous()
    for _ in range(spec.get("late", 0)):
        latest = latest.previous()
    fortnights = [latest]
    for _ in range(len(trend) - 1):
        fortnights.insert(0, fortnights[0].previous())
    for index, (fortnight, rating) in enumerate(zip(fortnights, trend, strict=True)):
        posted = min(fortnight.start + dt.timedelta(days=9), today)
        posted_at = timezone.make_aware(dt.datetime.combine(posted, dt.time(17, 30)))
        schedule = rating
        budget = ON if rating != OFF else RISK
        scope = ON
        narrative, next_steps, needs = NARRATIVES[rating]
        is_latest = index == len(trend) - 1
        review = StatusUpdate.Review.ACKNOWLEDGED
        question = ""
        if is_latest and rating != ON:
            review = StatusUpdate.Review.PENDING
        if is_latest and rating == OFF and project.lead_direction.code == "DRH":
            review = StatusUpdate.Review.QUESTION
            question = "Pouvez-vous chiffrer le surcoût de chaque scénario avant le CDS ?"
        status = StatusUpdate.objects.create(
            project=project,
            fortnight_start=fortnight.start,
            author=author,
            posted_at=posted_at,
            schedule=schedule,
            budget=budget,
            scope=scope,
            overall=overall_rating(schedule, budget, scope),
            narrative=narrative,
            next_steps=next_steps,
            needs_from_sg=needs,
            review=review,
            reviewed_by=reviewer if review != StatusUpdate.Review.PENDING else None,
            reviewed_at=posted_at + dt.timedelta(days=1)
            if review != StatusUpdate.Review.PENDING
            else None,
            question=question,
        )
        # The journal of the demo's statuses, as the services would have written it.
        journal_record(
            actor=author,
            action="projects.status.post",
            obj=status,
            parent=project,
            after={
                "fortnight_start": fortnight.start,
                "overall": status.overall,
                "schedule": schedule,
                "budget": budget,
                "scope": scope,
            },
            at=posted_at,
        )
        if review != StatusUpdate.Review.PENDING:
            verb = "acknowledge" if review == StatusUpdate.Review.ACKNOWLEDGED else "question"
            journal_record(
                actor=reviewer,
                action=f"projects.status.{verb}",
                obj=status,
                parent=project,
                before={"review": StatusUpdate.Review.PENDING},
                after={"review": review, "fortnight_start": fortnight.start},
                comment=question,
                at=status.reviewed_at,
            )


def _seed_projects(today: dt.date) -> dict[str, Project]:
    users = _chefs()
    users.update({u.username: u for u in User.objects.filter(username__startswith="cp.")})
    users.update(
        {
            u.username: u
            for u in User.objects.filter(
                username__in=["adjoint.demo", "adjoint.espace", "delegue.demo"]
            )
        }
    )
    directions = {d.code: d for d in Direction.objects.all()}
    arrondissements = {a.number: a for a in Arrondissement.objects.all()}
    projects = {}
    for spec in PROJECTS:
        start, planned, forecast = spec["dates"]
        budget = spec["budget"]
        planned_budget, committed = (budget, None) if isinstance(budget, Decimal) else budget
        project, created = Project.objects.get_or_create(
            name=spec["name"],
            defaults={
                "kind": spec["kind"],
                "description": spec["description"],
                "lead_direction": directions[spec["lead"]],
                "chef_projet": users.get(spec["chef"]) if spec["chef"] else None,
                "sg_adjoint": users.get(spec["adjoint"]),
                "start_date": _d(today, start),
                "planned_end": _d(today, planned),
                "forecast_end": _d(today, forecast) if forecast else None,
                "phase": spec["phase"],
                "budget_planned": _millions(planned_budget),
                "budget_committed": _millions(committed),
            },
        )
        projects[spec["name"]] = project
        if not created:
            continue
        project.partner_directions.set([directions[c] for c in spec["partners"]])
        project.arrondissements.set(
            [arrondissements[n] for n in spec["arr"] if n in arrondissements]
        )
        for title, planned_m, forecast_m, actual_m in spec["milestones"]:
            Milestone.objects.create(
                project=project,
                title=title,
                planned_date=_d(today, planned_m),
                forecast_date=_d(today, forecast_m) if forecast_m is not None else None,
                actual_date=_d(today, actual_m) if actual_m is not None else None,
            )
        _seed_statuses(project, spec, today, users)
    return projects


# --- Conseil de Paris ------------------------------------------------------------------------------


def _sitting_start(year: int, month: int) -> dt.date:
    """The second Tuesday of the month: the demo's rhythm of sittings."""
    first = dt.date(year, month, 1)
    first_tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + dt.timedelta(days=7)


def _seed_sittings(today: dt.date) -> list[Sitting]:
    sittings = []
    for offset in range(-2, 13):  # two past months, then the coming year
        month_index = today.month - 1 + offset
        year, month = today.year + month_index // 12, month_index % 12 + 1
        if month == 8:
            continue  # no sitting in August
        start = _sitting_start(year, month)
        sitting, _ = Sitting.objects.get_or_create(
            start_date=start, defaults={"end_date": start + dt.timedelta(days=3)}
        )
        sittings.append(sitting)
    return sittings


# (direction, title, sitting index from the next one (negative: past), project name or None,
# slipped from this index or None, status)
S = Deliberation.Status
DELIBERATIONS = [
    ("DF", "Budget supplémentaire de la Ville de Paris", -2, None, None, S.VOTEE),
    (
        "DASES",
        "Subventions à 12 associations pour l'accueil de jour des personnes sans abri",
        -2,
        None,
        None,
        S.VOTEE,
    ),
    (
        "DVD",
        "Réseau express vélo : aménagement de l'axe Est-Ouest",
        -1,
        "Plan vélo : réseau express vélo",
        None,
        S.VOTEE,
    ),
    ("DRH", "Régime indemnitaire des agents de la filière technique", -1, None, None, S.VOTEE),
    (
        "DASCO",
        "Plan de rénovation des écoles : programme de travaux de la vague 2",
        0,
        "Plan de rénovation des écoles",
        None,
        S.INSCRITE,
    ),
    (
        "DASES",
        "Convention avec l'AP-HP pour les centres de santé municipaux",
        0,
        None,
        None,
        S.INSCRITE,
    ),
    (
        "DASES",
        "Tarification 2027 des établissements d'hébergement pour personnes âgées",
        0,
        None,
        None,
        S.TRANSMISE,
    ),
    ("DF", "Décision modificative n° 2", 0, None, None, S.INSCRITE),
    (
        "DVD",
        "Extension du tramway T3 : avenant à la convention de financement avec IDFM",
        0,
        "Extension du tramway T3 jusqu'à la porte Dauphine",
        None,
        S.INSCRITE,
    ),
    ("DLH", "Garanties d'emprunt pour 450 logements sociaux", 0, None, None, S.TRANSMISE),
    ("DAC", "Subventions aux lieux de musiques actuelles", 0, None, None, S.INSCRITE),
    (
        "DVD",
        "Autopartage électrique : principe de la délégation de service public",
        1,
        "Successeur d'Autolib' : autopartage électrique",
        0,
        S.REPORTEE,
    ),
    (
        "DEVE",
        "Petite Ceinture : convention d'occupation avec SNCF Réseau",
        1,
        "Ouverture au public de la Petite Ceinture",
        0,
        S.PREPARATION,
    ),
    (
        "DU",
        "Quartier des Halles : cession de volumes au-dessus du Forum",
        1,
        "Réaménagement du quartier des Halles",
        None,
        S.TRANSMISE,
    ),
    (
        "DF",
        "Centres de services partagés comptables : convention avec la DRFiP",
        1,
        "Centres de services partagés comptables",
        None,
        S.TRANSMISE,
    ),
    (
        "DASES",
        "Maisons des solidarités : expérimentation de l'accueil unique dans le 19e",
        1,
        "Maisons des solidarités : refonte de l'accueil social",
        None,
        S.PREPARATION,
    ),
    ("DJS", "Tarifs des piscines municipales", 1, None, None, S.PREPARATION),
    (
        "DEVE",
        "Plan Climat : programme d'actions 2027",
        2,
        "Plan Climat : rénovation énergétique du patrimoine municipal",
        None,
        S.PREPARATION,
    ),
    (
        "DRH",
        "Plan de formation des agents 2027",
        2,
        "Dématérialisation de la paie et du dossier agent",
        1,
        S.PREPARATION,
    ),
    ("DASES", "Schéma parisien de protection de l'enfance 2027-2031", 2, None, None, S.PREPARATION),
    (
        "DEVE",
        "Paris Plages : conventions avec les partenaires",
        2,
        "Paris Plages 2027",
        None,
        S.PREPARATION,
    ),
    (
        "DSTI",
        "Services numériques aux Parisiens : marché de maintenance applicative",
        2,
        "Services numériques aux Parisiens",
        None,
        S.PREPARATION,
    ),
    ("DU", "PLU bioclimatique : modification simplifiée", 3, None, None, S.PREPARATION),
    ("DASCO", "Caisses des écoles : subventions de fonctionnement", 3, None, None, S.PREPARATION),
]


def _seed_deliberations(today: dt.date, sittings: list[Sitting], projects: dict) -> None:
    upcoming = [s for s in sittings if s.end_date >= today]
    past = [s for s in sittings if s.end_date < today]
    directions = {d.code: d for d in Direction.objects.all()}
    directors = {u.direction_id: u for u in User.objects.filter(role=User.Role.DIRECTEUR)}

    def sitting_at(index: int) -> Sitting | None:
        if index < 0:
            return past[index] if len(past) >= -index else None
        return upcoming[index] if len(upcoming) > index else None

    for code, title, index, project_name, slipped_from, status in DELIBERATIONS:
        direction = directions[code]
        if Deliberation.objects.filter(direction=direction, title=title).exists():
            continue
        sitting = sitting_at(index)
        if sitting is None:
            continue
        year = sitting.start_date.year
        last = (
            Deliberation.objects.filter(direction=direction, year=year)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        author = directors.get(direction.pk)
        declared = timezone.make_aware(
            dt.datetime.combine(min(today, sitting.start_date) - dt.timedelta(days=70), dt.time(10))
        )
        deliberation = Deliberation.objects.create(
            direction=direction,
            year=year,
            number=(last or 0) + 1,
            title=title,
            project=projects.get(project_name) if project_name else None,
            sitting=sitting,
            status=status,
            created_by=author,
            created_at=declared,
            updated_at=declared,
        )
        first = (sitting_at(slipped_from) if slipped_from is not None else sitting) or sitting
        SittingChange.objects.create(
            deliberation=deliberation,
            from_sitting=None,
            to_sitting=first,
            changed_by=author,
            changed_at=declared,
        )
        journal_record(
            actor=author,
            action="projects.deliberation.declare",
            obj=deliberation,
            after={
                "reference": deliberation.reference,
                "title": title,
                "sitting": first,
                "sitting_label": first.short_label,
                "status": Deliberation.Status.PREPARATION,
            },
            at=declared,
        )
        if first != sitting:
            moved_at = timezone.make_aware(
                dt.datetime.combine(today - dt.timedelta(days=6), dt.time(15))
            )
            reason = "Dossier incomplet : l'avis d'un partenaire est attendu."
            SittingChange.objects.create(
                deliberation=deliberation,
                from_sitting=first,
                to_sitting=sitting,
                slipped=True,
                changed_by=author,
                changed_at=moved_at,
                reason=reason,
            )
            journal_record(
                actor=author,
                action="projects.deliberation.update",
                obj=deliberation,
                before={"sitting": first, "sitting_label": first.short_label},
                after={"sitting": sitting, "sitting_label": sitting.short_label, "slipped": True},
                comment=reason,
                at=moved_at,
            )


@transaction.atomic
def seed(stdout=None) -> None:
    today = timezone.localdate()
    projects = _seed_projects(today)
    sittings = _seed_sittings(today)
    _seed_deliberations(today, sittings, projects)
    if stdout:
        stdout.write(
            f"  projets : {Project.objects.count()} projets, {Milestone.objects.count()} jalons, "
            f"{StatusUpdate.objects.count()} points ; {Sitting.objects.count()} séances, "
            f"{Deliberation.objects.count()} délibérations"
        )
