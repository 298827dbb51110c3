"""Demo catalogue (about forty indicators) with two years of validated history, and the current
periods' reports in a mix of states. Idempotent: existing rows are never altered; on a later day
only the new periods' rows are added.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from directions.models import Arrondissement, Direction, User
from indicators.models import Indicator, Period, Report, Value
from indicators.services import periods_ensure
from sg_portal.journal.services import journal_record

F, M, Q, Y = "quinzaine", "mois", "trimestre", "annee"
CTX, RES, ENG = "contexte", "ressources", "engagements"
UP, DOWN, NEUTRAL = "hausse", "baisse", "neutre"

# code, name, family, unit, decimals, periodicity, direction, by arrondissement, polarity,
# typical value, target, plausible min, plausible max, source
INDICATORS = [
    (
        "croissance-pib-france",
        "Taux de croissance du PIB (France)",
        CTX,
        "%",
        1,
        Q,
        "DDEEES",
        False,
        UP,
        0.3,
        None,
        -5,
        5,
        "Insee, comptes trimestriels",
    ),
    (
        "chomage-idf",
        "Taux de chômage en Île-de-France",
        CTX,
        "%",
        1,
        Q,
        "DDEEES",
        False,
        DOWN,
        7.1,
        6.5,
        3,
        15,
        "Insee, taux de chômage localisés",
    ),
    (
        "chomage-paris",
        "Taux de chômage à Paris",
        CTX,
        "%",
        1,
        Q,
        "DDEEES",
        False,
        DOWN,
        6.6,
        6.0,
        3,
        15,
        "Insee",
    ),
    (
        "demandeurs-emploi-paris",
        "Demandeurs d'emploi de catégorie A à Paris",
        CTX,
        "personnes",
        0,
        M,
        "DDEEES",
        True,
        DOWN,
        5600,
        None,
        1000,
        15000,
        "France Travail",
    ),
    (
        "occupation-hoteliere",
        "Taux d'occupation hôtelière à Paris",
        CTX,
        "%",
        1,
        M,
        "DDEEES",
        False,
        UP,
        78.0,
        80,
        30,
        100,
        "Insee, enquête de fréquentation hôtelière",
    ),
    (
        "creations-entreprises",
        "Créations d'entreprises à Paris",
        CTX,
        "entreprises",
        0,
        M,
        "DDEEES",
        False,
        UP,
        6200,
        None,
        1000,
        15000,
        "Insee, Sirene",
    ),
    (
        "beneficiaires-rsa",
        "Bénéficiaires du RSA à Paris",
        CTX,
        "foyers",
        0,
        M,
        "DASES",
        True,
        DOWN,
        3300,
        None,
        300,
        9000,
        "CAF de Paris",
    ),
    (
        "mises-a-l-abri",
        "Personnes mises à l'abri (hébergement d'urgence)",
        CTX,
        "personnes",
        0,
        F,
        "DASES",
        False,
        NEUTRAL,
        4800,
        None,
        1000,
        12000,
        "Samu social de Paris",
    ),
    (
        "delai-aides-sociales",
        "Délai moyen de traitement des aides sociales facultatives",
        RES,
        "jours",
        1,
        F,
        "DASES",
        False,
        DOWN,
        21.5,
        15,
        1,
        90,
        "DASES, applicatif métier",
    ),
    (
        "visites-pmi",
        "Consultations en PMI",
        RES,
        "consultations",
        0,
        M,
        "DASES",
        False,
        UP,
        14200,
        None,
        3000,
        30000,
        "DASES",
    ),
    (
        "places-creches",
        "Places en crèche municipale ouvertes",
        ENG,
        "places",
        0,
        Q,
        "DFPE",
        False,
        UP,
        37400,
        38500,
        30000,
        45000,
        "DFPE",
    ),
    (
        "taux-occupation-creches",
        "Taux d'occupation des crèches",
        RES,
        "%",
        1,
        F,
        "DFPE",
        False,
        UP,
        91.0,
        95,
        50,
        100,
        "DFPE",
    ),
    (
        "effectifs-ecoles",
        "Élèves scolarisés dans les écoles publiques",
        CTX,
        "élèves",
        0,
        Y,
        "DASCO",
        True,
        NEUTRAL,
        6500,
        None,
        1000,
        20000,
        "Rectorat de Paris",
    ),
    (
        "cantine-bio",
        "Part de l'alimentation durable en restauration scolaire",
        ENG,
        "%",
        1,
        Q,
        "DASCO",
        False,
        UP,
        62.0,
        75,
        0,
        100,
        "Caisses des écoles",
    ),
    (
        "frequentation-piscines",
        "Entrées dans les piscines municipales",
        RES,
        "entrées",
        0,
        M,
        "DJS",
        False,
        UP,
        410000,
        None,
        50000,
        900000,
        "DJS",
    ),
    (
        "creneaux-sportifs",
        "Taux d'occupation des équipements sportifs",
        RES,
        "%",
        1,
        M,
        "DJS",
        False,
        UP,
        74.0,
        80,
        20,
        100,
        "DJS",
    ),
    (
        "visiteurs-musees",
        "Visiteurs des musées de la Ville",
        CTX,
        "visiteurs",
        0,
        M,
        "DAC",
        False,
        UP,
        420000,
        None,
        50000,
        1500000,
        "Paris Musées",
    ),
    (
        "prets-bibliotheques",
        "Prêts des bibliothèques",
        RES,
        "prêts",
        0,
        M,
        "DAC",
        False,
        UP,
        830000,
        None,
        200000,
        2000000,
        "DAC",
    ),
    (
        "permis-construire",
        "Permis de construire délivrés",
        CTX,
        "permis",
        0,
        M,
        "DU",
        False,
        NEUTRAL,
        190,
        None,
        20,
        600,
        "DU, ADS",
    ),
    (
        "pistes-cyclables",
        "Kilomètres de pistes cyclables réalisés (cumul mandature)",
        ENG,
        "km",
        1,
        Q,
        "DVD",
        False,
        UP,
        95.0,
        180,
        0,
        400,
        "DVD",
    ),
    (
        "vitesse-bus",
        "Vitesse commerciale moyenne des bus",
        RES,
        "km/h",
        1,
        F,
        "DVD",
        False,
        UP,
        10.4,
        12,
        5,
        25,
        "RATP",
    ),
    (
        "pollution-no2",
        "Concentration moyenne de dioxyde d'azote",
        CTX,
        "µg/m³",
        1,
        F,
        "DVD",
        False,
        DOWN,
        31.0,
        25,
        5,
        120,
        "Airparif",
    ),
    (
        "pollution-pm25",
        "Concentration moyenne de particules fines PM2,5",
        CTX,
        "µg/m³",
        1,
        M,
        "DEVE",
        False,
        DOWN,
        11.0,
        10,
        2,
        60,
        "Airparif",
    ),
    (
        "tonnage-dechets",
        "Déchets ménagers collectés",
        RES,
        "tonnes",
        0,
        M,
        "DPE",
        True,
        DOWN,
        4100,
        None,
        500,
        12000,
        "DPE",
    ),
    (
        "taux-tri",
        "Part des déchets triés",
        ENG,
        "%",
        1,
        Q,
        "DPE",
        False,
        UP,
        21.0,
        30,
        5,
        60,
        "DPE",
    ),
    (
        "signalements-proprete",
        "Signalements DansMaRue traités dans les délais",
        RES,
        "%",
        1,
        F,
        "DPE",
        False,
        UP,
        83.0,
        90,
        30,
        100,
        "DansMaRue",
    ),
    (
        "arbres-plantes",
        "Arbres plantés (cumul mandature)",
        ENG,
        "arbres",
        0,
        Q,
        "DEVE",
        False,
        UP,
        52000,
        170000,
        0,
        250000,
        "DEVE",
    ),
    (
        "logements-sociaux",
        "Logements sociaux financés",
        ENG,
        "logements",
        0,
        Q,
        "DLH",
        False,
        UP,
        1300,
        4500,
        0,
        10000,
        "DLH",
    ),
    (
        "demandeurs-logement",
        "Demandeurs de logement social",
        CTX,
        "ménages",
        0,
        Y,
        "DLH",
        True,
        DOWN,
        13000,
        None,
        1000,
        40000,
        "Fichier des demandeurs",
    ),
    (
        "masse-salariale",
        "Masse salariale mensuelle",
        RES,
        "M€",
        1,
        M,
        "DRH",
        False,
        NEUTRAL,
        207.0,
        None,
        150,
        300,
        "DRH, paie",
    ),
    (
        "accidents-travail",
        "Taux de fréquence des accidents du travail",
        RES,
        "‰",
        1,
        Q,
        "DRH",
        False,
        DOWN,
        38.0,
        32,
        5,
        100,
        "DRH, santé et sécurité au travail",
    ),
    (
        "recrutement-handicap",
        "Taux d'emploi de travailleurs handicapés",
        RES,
        "%",
        2,
        Y,
        "DRH",
        False,
        UP,
        6.8,
        7.0,
        2,
        15,
        "Déclaration FIPHFP",
    ),
    ("absenteisme", "Taux d'absentéisme", RES, "%", 1, M, "DRH", False, DOWN, 9.3, 8, 2, 25, "DRH"),
    (
        "dmto",
        "Recettes des droits de mutation (DMTO)",
        RES,
        "M€",
        1,
        M,
        "DF",
        False,
        UP,
        120.0,
        None,
        20,
        400,
        "DF, comptabilité",
    ),
    (
        "delai-paiement",
        "Délai global de paiement des fournisseurs",
        RES,
        "jours",
        1,
        M,
        "DF",
        False,
        DOWN,
        31.0,
        30,
        5,
        120,
        "DF",
    ),
    (
        "demarches-en-ligne",
        "Part des démarches réalisées en ligne",
        ENG,
        "%",
        1,
        Q,
        "DSTI",
        False,
        UP,
        67.0,
        80,
        10,
        100,
        "DSTI",
    ),
    (
        "disponibilite-si",
        "Disponibilité des services numériques aux usagers",
        RES,
        "%",
        2,
        M,
        "DSTI",
        False,
        UP,
        99.6,
        99.8,
        80,
        100,
        "DSTI, supervision",
    ),
    (
        "consommation-energie",
        "Consommation d'énergie des bâtiments municipaux",
        ENG,
        "GWh",
        1,
        Q,
        "DILT",
        False,
        DOWN,
        260.0,
        230,
        50,
        600,
        "DILT",
    ),
    (
        "interventions-police",
        "Interventions de la police municipale",
        RES,
        "interventions",
        0,
        F,
        "DPP",
        False,
        NEUTRAL,
        9800,
        None,
        1000,
        30000,
        "DPP",
    ),
    (
        "delai-accueil-mairies",
        "Délai d'attente moyen dans les mairies d'arrondissement",
        RES,
        "minutes",
        0,
        M,
        "DUCT",
        False,
        DOWN,
        14,
        10,
        1,
        120,
        "DUCT",
    ),
]

# The current periods' reports: one of each state, so the journeys have something to show.
LATE, SUBMITTED, RETURNED = "DVD", "DFPE", "DJS"
RETURN_COMMENT = (
    "La fréquentation des piscines paraît élevée alors que deux bassins étaient fermés pour "
    "travaux : merci de vérifier la valeur et d'ajouter un commentaire."
)


def _value(code: str, typical: float, decimals: int, day: dt.date, salt: str = "") -> Decimal:
    rng = random.Random(f"{code}:{day.isoformat()}:{salt}")
    months = (day.year - 2020) * 12 + day.month
    seasonal = 1 + 0.03 * ((months % 12) - 6) / 6
    value = typical * seasonal * (1 + rng.uniform(-0.04, 0.04))
    if salt:
        value *= 0.6 + (int(salt) % 7) / 7
    step = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(step)


def seed(stdout=None) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        directions = {d.code: d for d in Direction.objects.all()}
        for order, row in enumerate(INDICATORS):
            (code, name, family, unit, decimals, periodicity, direction, by_arr, polarity,
             typical, target, low, high, source) = row  # fmt: skip
            Indicator.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "definition": f"{name}, {dict(Indicator.Family.choices)[family].lower()}. "
                    f"Valeur de la période, source : {source}.",
                    "family": family,
                    "unit": unit,
                    "decimals": decimals,
                    "periodicity": periodicity,
                    "direction": directions[direction],
                    "breakdown": "arrondissement" if by_arr else "aucune",
                    "polarity": polarity,
                    "target_value": target,
                    "target_date": dt.date(2026, 12, 31) if target is not None else None,
                    "min_plausible": low,
                    "max_plausible": high,
                    "source": source,
                    "order": order,
                },
            )
        since = today.replace(year=today.year - 2, day=1)
        periods_ensure(today=today, since=since)
        _reports(today, since)
        from indicators import demo_dashboard

        demo_dashboard.seed(stdout)


def _reports(today: dt.date, since: dt.date) -> None:
    indicators = list(Indicator.objects.filter(is_active=True).select_related("direction"))
    typical = {row[0]: row[9] for row in INDICATORS}
    users = {u.username: u for u in User.objects.filter(username__startswith="dir.")}
    sg = User.objects.filter(username="sg.demo").first()
    arrondissements = list(Arrondissement.objects.all())
    by_periodicity: dict[str, dict[int, list[Indicator]]] = {}
    for indicator in indicators:
        by_periodicity.setdefault(indicator.periodicity, {}).setdefault(
            indicator.direction_id, []
        ).append(indicator)
    existing = set(Report.objects.values_list("direction_id", "period_id"))
    periods = list(Period.objects.filter(start__gte=since, start__lte=today).order_by("start"))
    # The latest period already due, per periodicity: where the special states go.
    last_due = {}
    for period in periods:
        if period.due_date < today:
            last_due[period.periodicity] = period.pk
    now = timezone.now()
    values = []
    for period in periods:
        for direction_id, members in by_periodicity.get(period.periodicity, {}).items():
            if (direction_id, period.pk) in existing:
                continue
            direction = members[0].direction
            director = users.get(f"dir.{direction.code.lower()}")
            status = Report.Status.VALIDATED if period.due_date < today else Report.Status.DRAFT
            special = period.pk == last_due.get(period.periodicity)
            if special and direction.code == LATE:
                status = Report.Status.DRAFT
            elif special and direction.code == SUBMITTED:
                status = Report.Status.SUBMITTED
            elif special and direction.code == RETURNED:
                status = Report.Status.RETURNED
            filled = status != Report.Status.DRAFT
            report = Report.objects.create(
                direction_id=direction_id,
                period=period,
                due_date=period.due_date,
                status=status,
                submitted_at=now if filled else None,
                submitted_by=director if filled else None,
                reviewed_at=now
                if status in {Report.Status.VALIDATED, Report.Status.RETURNED}
                else None,
                reviewed_by=sg
                if status in {Report.Status.VALIDATED, Report.Status.RETURNED}
                else None,
                return_comment=RETURN_COMMENT if status == Report.Status.RETURNED else "",
            )
            if not filled:
                continue
            for indicator in members:
                places = arrondissements if indicator.by_arrondissement else [None]
                for place in places:
                    values.append(
                        Value(
                            report=report,
                            indicator=indicator,
                            arrondissement=place,
                            period_end=period.end,
                            value=_value(
                                indicator.code,
                                typical.get(indicator.code, 100),
                                indicator.decimals,
                                period.start,
                                str(place.number) if place else "",
                            ),
                            updated_by=director,
                        )
                    )
            if status != Report.Status.VALIDATED:
                journal_record(
                    actor=director,
                    action="indicators.report.submit",
                    obj=report,
                    before={"status": Report.Status.DRAFT},
                    after={"status": Report.Status.SUBMITTED},
                )
            if status == Report.Status.RETURNED:
                journal_record(
                    actor=sg,
                    action="indicators.report.return",
                    obj=report,
                    before={"status": Report.Status.SUBMITTED},
                    after={"status": Report.Status.RETURNED},
                    comment=RETURN_COMMENT,
                )
    Value.objects.bulk_create(values, batch_size=2000)
