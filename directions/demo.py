"""Demo organisation of the SG (seed §§1-3), loaded by `manage.py seed_demo`. Idempotent.

Names of people are fictional. Arrondissements are reference data loaded by a migration.
"""

from __future__ import annotations

from django.db import transaction

from directions.models import Arrondissement, Direction, ElectedOfficial, Pole, User

DEMO_PASSWORD = "paris2026"

POLES = [
    ("solidarites", "Pôle Solidarités, familles et éducation"),
    ("espace-public", "Pôle Urbanisme, environnement et espace public"),
    ("ressources", "Pôle Ressources et fonctionnement"),
    ("territoires", "Pôle Territoires, économie et relations aux Parisiens"),
]

DIRECTIONS = [
    # code, name, pôle code
    ("DASES", "Direction de l'action sociale, de l'enfance et de la santé", "solidarites"),
    ("DFPE", "Direction des familles et de la petite enfance", "solidarites"),
    ("DASCO", "Direction des affaires scolaires", "solidarites"),
    ("DJS", "Direction de la jeunesse et des sports", "solidarites"),
    ("DAC", "Direction des affaires culturelles", "solidarites"),
    ("DU", "Direction de l'urbanisme", "espace-public"),
    ("DVD", "Direction de la voirie et des déplacements", "espace-public"),
    ("DPE", "Direction de la propreté et de l'eau", "espace-public"),
    ("DEVE", "Direction des espaces verts et de l'environnement", "espace-public"),
    ("DLH", "Direction du logement et de l'habitat", "espace-public"),
    ("DRH", "Direction des ressources humaines", "ressources"),
    ("DF", "Direction des finances", "ressources"),
    ("DSTI", "Direction des systèmes et technologies de l'information", "ressources"),
    ("DILT", "Direction de l'immobilier, de la logistique et des transports", "ressources"),
    ("DAJ", "Direction des affaires juridiques", "ressources"),
    ("DPA", "Direction du patrimoine et de l'architecture", "ressources"),
    ("DPP", "Direction de la prévention et de la protection", "territoires"),
    ("DUCT", "Direction des usagers, des citoyens et des territoires", "territoires"),
    ("DICOM", "Direction de l'information et de la communication", "territoires"),
    (
        "DDEEES",
        "Direction du développement économique, de l'emploi et de l'enseignement supérieur",
        "territoires",
    ),
]

SG_ENTITIES = [
    ("DGRI", "Délégation générale aux relations internationales", Direction.Kind.DELEGATION),
    ("DGEP", "Délégation générale à l'événementiel et au protocole", Direction.Kind.DELEGATION),
    (
        "DGPM",
        "Délégation générale à Paris Métropole et aux coopérations interterritoriales",
        Direction.Kind.DELEGATION,
    ),
    ("DGM", "Délégation générale à la modernisation", Direction.Kind.DELEGATION),
    ("M-HALLES", "Mission Halles", Direction.Kind.MISSION),
    ("M-TRAM", "Mission Tramway", Direction.Kind.MISSION),
    ("M-CINEMA", "Mission Cinéma", Direction.Kind.MISSION),
    ("BDT", "Bureau des Temps", Direction.Kind.MISSION),
    ("OEFH", "Observatoire de l'égalité femmes/hommes", Direction.Kind.MISSION),
    ("CHVP", "Comité d'histoire de la Ville de Paris", Direction.Kind.MISSION),
]

# Fictional directors, one per direction (username dir.<code>).
DIRECTOR_NAMES = {
    "DASES": ("Claire", "Vasseur"),
    "DFPE": ("Nadia", "Benali"),
    "DASCO": ("Julien", "Moreau"),
    "DJS": ("Karim", "Haddad"),
    "DAC": ("Sophie", "Lemaire"),
    "DU": ("Antoine", "Rivière"),
    "DVD": ("Isabelle", "Fournier"),
    "DPE": ("Marc", "Delorme"),
    "DEVE": ("Camille", "Garnier"),
    "DLH": ("Thomas", "Nguyen"),
    "DRH": ("Élise", "Perrin"),
    "DF": ("Olivier", "Chevalier"),
    "DSTI": ("Laure", "Besson"),
    "DILT": ("Hugo", "Marchand"),
    "DAJ": ("Anne", "Roussel"),
    "DPA": ("Pierre", "Lambert"),
    "DPP": ("Fatou", "Diallo"),
    "DUCT": ("Luc", "Girard"),
    "DICOM": ("Manon", "Faure"),
    "DDEEES": ("Rachid", "Mansouri"),
}

# The directors above who are women: their title says « Directrice » (the job title is the
# person's own, in their gender, as the City's directory gives it).
DIRECTRICES = frozenset(
    {"Claire", "Nadia", "Sophie", "Isabelle", "Camille", "Élise", "Laure", "Anne", "Fatou", "Manon"}
)

ADJOINT_DELEGATIONS = [
    "Premier adjoint, chargé de l'urbanisme, de l'architecture et du Grand Paris",
    "Solidarités, lutte contre les exclusions et protection de l'enfance",
    "Finances, budget et transparence",
    "Ressources humaines, dialogue social et qualité des services publics",
    "Logement, habitat durable et hébergement d'urgence",
    "Transports, mobilités et espace public",
    "Transition écologique, climat, eau et énergie",
    "Propreté de l'espace public et tri des déchets",
    "Espaces verts, biodiversité et agriculture urbaine",
    "Santé publique et relations avec l'AP-HP",
    "Petite enfance et familles",
    "Éducation, réussite éducative et rythmes scolaires",
    "Enseignement supérieur, recherche et vie étudiante",
    "Culture et patrimoine",
    "Sport, Jeux olympiques et paralympiques et héritage",
    "Jeunesse et engagement",
    "Commerce, artisanat et professions libérales",
    "Développement économique, emploi et économie sociale et solidaire",
    "Tourisme et vie nocturne",
    "Sécurité, prévention et police municipale",
    "Démocratie locale, participation citoyenne et vie associative",
    "Égalité femmes-hommes et lutte contre les discriminations",
    "Personnes âgées et autonomie",
    "Personnes en situation de handicap et accessibilité",
    "Relations internationales et francophonie",
    "Paris Métropole et coopérations territoriales",
    "Innovation, attractivité et numérique",
    "Mémoire et monde combattant",
    "Politique de la ville et quartiers populaires",
    "Seine et berges, fonctionnement des canaux",
    "Construction publique et grands projets",
    "Simplification administrative et relations avec les usagers",
    "Alimentation durable et restauration collective",
    "Lutte contre la grande exclusion",
    "Économie circulaire et réemploi",
    "Mode, métiers d'art et design",
    "Outre-mer et diversité",
]

_FIRST = [
    "Agnès",
    "Bruno",
    "Céline",
    "David",
    "Émilie",
    "François",
    "Gaëlle",
    "Henri",
    "Inès",
    "Jérôme",
    "Karine",
    "Laurent",
    "Mathilde",
    "Nicolas",
    "Océane",
    "Patrick",
    "Quentin",
    "Rose",
    "Samuel",
]
_LAST = [
    "Arnaud",
    "Blanchard",
    "Collin",
    "Dumas",
    "Etienne",
    "Fabre",
    "Gauthier",
    "Hubert",
    "Joly",
    "Klein",
    "Leroy",
    "Masson",
    "Noël",
    "Olivier",
    "Paris",
    "Renaud",
    "Schmitt",
    "Tessier",
    "Vidal",
]

SECTORS = [
    ("Paris Centre", [1, 2, 3, 4]),
    *((f"{n}e arrondissement", [n]) for n in range(5, 21)),
]

# username, first, last, role, direction code, pôle code, job title
DEMO_ACCOUNTS = [
    (
        "sg.demo",
        "Hélène",
        "Marchetti",
        User.Role.SECRETAIRE_GENERALE,
        "SG",
        None,
        "Secrétaire générale de la Ville de Paris",
    ),
    (
        "delegue.demo",
        "Vincent",
        "Aubert",
        User.Role.SG_DELEGUE,
        "SG",
        "ressources",
        "Secrétaire général délégué",
    ),
    (
        "adjoint.demo",
        "Marion",
        "Lefèvre",
        User.Role.SG_ADJOINT,
        "SG",
        "solidarites",
        "Secrétaire générale adjointe",
    ),
    (
        "adjoint.espace",
        "Yann",
        "Carpentier",
        User.Role.SG_ADJOINT,
        "SG",
        "espace-public",
        "Secrétaire général adjoint",
    ),
    (
        "adjoint.territoires",
        "Léa",
        "Brunet",
        User.Role.SG_ADJOINT,
        "SG",
        "territoires",
        "Secrétaire générale adjointe",
    ),
    (
        "cm.demo",
        "Paul",
        "Mercier",
        User.Role.CHARGE_MISSION,
        "SG",
        "solidarites",
        "Chargé de mission auprès de la SG adjointe",
    ),
    (
        "cp.demo",
        "Aurélie",
        "Dupuis",
        User.Role.CHEF_PROJET,
        "DGM",
        None,
        "Cheffe de projet transverse",
    ),
    (
        "cadre.demo",
        "Benoît",
        "Legrand",
        User.Role.CADRE_SUPERIEUR,
        "DVD",
        None,
        "Sous-directeur des déplacements",
    ),
    (
        "ref.dases",
        "Julie",
        "Morel",
        User.Role.REFERENT,
        "DASES",
        None,
        "Référente reporting, bureau du pilotage",
    ),
    (
        "admin.demo",
        "Alex",
        "Martin",
        User.Role.ADMINISTRATEUR,
        "SG",
        None,
        "Administrateur du portail",
    ),
]


# The élu·e·s with an account, their cabinets and the Maire's cabinet (fictional people). An élu·e
# is named by their office and rank in `_seed_elected_officials`; the account takes their name.
ELECTED_ACCOUNTS = [
    # username, role, (office, rank) of the élu·e answered for, first, last (None: the élu·e's), job
    (
        "elu.adjoint",
        User.Role.ELU,
        (ElectedOfficial.Office.ADJOINT, 2),
        None,
        None,
        "Adjointe à la Maire chargée des solidarités",
    ),
    (
        "elu.arrondissement",
        User.Role.ELU,
        (ElectedOfficial.Office.MAIRE_ARRONDISSEMENT, 9),
        None,
        None,
        "Maire du 12e arrondissement",
    ),
    (
        "cab.adjoint",
        User.Role.CABINET_ELU,
        (ElectedOfficial.Office.ADJOINT, 2),
        "Sarah",
        "Benoît",
        "Conseillère au cabinet de l'adjointe chargée des solidarités",
    ),
    (
        "cab.maire",
        User.Role.CABINET_MAIRE,
        None,
        "Romain",
        "Delcourt",
        "Directeur adjoint du cabinet de la Maire",
    ),
]


def adjoint_name(rank: int) -> tuple[str, str]:
    """The fictional name of the adjoint·e of this rank (unique pairs)."""
    return _FIRST[rank % len(_FIRST)], _LAST[(rank * 7 + rank // len(_LAST)) % len(_LAST)]


def mayor_name(rank: int) -> tuple[str, str]:
    """The fictional name of the maire of the sector of this rank."""
    return _FIRST[(rank * 3) % len(_FIRST)], _LAST[(rank * 5 + 2) % len(_LAST)]


def elected_account(username: str, official: ElectedOfficial | None) -> User:
    """One of `ELECTED_ACCOUNTS`, linked to `official` (found by the caller)."""
    row = next(row for row in ELECTED_ACCOUNTS if row[0] == username)
    _, role, _, first, last, job = row
    if first is None and official is not None:
        first, last = official.first_name, official.last_name
    user = _user(
        username,
        first=first or "",
        last=last or "",
        role=role,
        direction=None,
        pole=None,
        job_title=job,
    )
    if user.elected_official_id != (official.pk if official else None):
        user.elected_official = official
        user.save(update_fields=["elected_official"])
    return user


def _user(
    username: str,
    *,
    first: str,
    last: str,
    role: str,
    direction: Direction | None,
    pole: Pole | None,
    job_title: str,
    superuser: bool = False,
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@paris.fr",
            "role": role,
            "direction": direction,
            "pole": pole,
            "job_title": job_title,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed(stdout=None) -> None:
    poles = {}
    for order, (code, name) in enumerate(POLES, start=1):
        poles[code], _ = Pole.objects.update_or_create(
            code=code, defaults={"name": name, "order": order}
        )

    sg, _ = Direction.objects.update_or_create(
        code="SG",
        defaults={
            "name": "Secrétariat général de la Ville de Paris",
            "kind": Direction.Kind.SG,
            "pole": None,
            "parent": None,
            "email": "sg@paris.fr",
        },
    )
    for code, name, kind in SG_ENTITIES:
        Direction.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "parent": sg, "pole": None}
        )
    directions = {"SG": sg}
    for code, name, pole in DIRECTIONS:
        directions[code], _ = Direction.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": Direction.Kind.DIRECTION,
                "pole": poles[pole],
                "email": f"{code.lower()}@paris.fr",
            },
        )
    directions["DGM"] = Direction.objects.get(code="DGM")

    _seed_elected_officials()

    for username, first, last, role, code, pole_code, job in DEMO_ACCOUNTS:
        _user(
            username,
            first=first,
            last=last,
            role=role,
            direction=directions[code],
            pole=poles[pole_code] if pole_code else None,
            job_title=job,
            superuser=username == "admin.demo",
        )
    for code, (first, last) in DIRECTOR_NAMES.items():
        direction = directions[code]
        _user(
            f"dir.{code.lower()}",
            first=first,
            last=last,
            role=User.Role.DIRECTEUR,
            direction=direction,
            pole=None,
            job_title=f"{'Directrice' if first in DIRECTRICES else 'Directeur'} — {direction.name}",
        )
    for username, _, office_rank, *_ in ELECTED_ACCOUNTS:
        official = None
        if office_rank is not None:
            official = ElectedOfficial.objects.get(office=office_rank[0], rank=office_rank[1])
        elected_account(username, official)
    if stdout:
        stdout.write(
            f"  organisation : {Pole.objects.count()} pôles, {Direction.objects.count()} directions, "
            f"{ElectedOfficial.objects.count()} élus, {User.objects.count()} comptes"
        )


def _seed_elected_officials() -> None:
    ElectedOfficial.objects.update_or_create(
        office=ElectedOfficial.Office.MAIRE,
        first_name="Catherine",
        last_name="Delmas",
        defaults={"rank": 0, "delegation": "Maire de Paris"},
    )
    for rank, delegation in enumerate(ADJOINT_DELEGATIONS, start=1):
        first, last = adjoint_name(rank)
        ElectedOfficial.objects.update_or_create(
            office=ElectedOfficial.Office.ADJOINT,
            first_name=first,
            last_name=last,
            defaults={"rank": rank, "delegation": delegation},
        )
    arrondissements = {a.number: a for a in Arrondissement.objects.all()}
    for rank, (sector, numbers) in enumerate(SECTORS, start=1):
        first, last = mayor_name(rank)
        mayor, _ = ElectedOfficial.objects.update_or_create(
            office=ElectedOfficial.Office.MAIRE_ARRONDISSEMENT,
            first_name=first,
            last_name=last,
            defaults={
                "rank": rank,
                "delegation": f"Maire du secteur {sector}"
                if len(numbers) > 1
                else f"Maire du {sector}",
            },
        )
        mayor.arrondissements.set([arrondissements[n] for n in numbers if n in arrondissements])
