"""Small factories for the tests: each builds the few rows a test speaks of, nothing more.

Plain functions, keyword arguments for what the test cares about, plausible defaults for the rest.
An organisation row given by its natural key (a pôle's or a direction's code, a user's username)
is reused when it already exists, so a test may also load the whole demo (`demo_org`) beside the
cast without colliding with it.

The projects' factories (projects, statuses, milestones, sittings, deliberations) are fixtures of
`tests/projects/conftest.py`.

`small_org()` builds the named cast of `tests/conftest.py`: three pôles, five directions, the SG
with one délégation, and the demo's usernames, emails and password, so that tests, browser
journeys and `make run` speak of the same people.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from directions import demo
from directions.models import Direction, Pole, User

PASSWORD = demo.DEMO_PASSWORD

_serial = itertools.count(1)
_DEMO_POLES = dict(demo.POLES)
_DEMO_DIRECTIONS = {code: (name, pole) for code, name, pole in demo.DIRECTIONS}


# --- The organisation -----------------------------------------------------------------------------


def make_pole(code: str | None = None, *, name: str | None = None, order: int = 0) -> Pole:
    """A pôle; the demo's name when `code` is one of the demo's pôles."""
    code = code or f"pole-{next(_serial)}"
    name = name or _DEMO_POLES.get(code) or f"Pôle {code}"
    pole, _ = Pole.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    return pole


def make_direction(
    code: str | None = None,
    *,
    pole: Pole | None = None,
    name: str | None = None,
    kind: str = Direction.Kind.DIRECTION,
    parent: Direction | None = None,
) -> Direction:
    """A direction of `pole`; the demo's name (and pôle, when none is given) for a demo code."""
    code = code or f"D{next(_serial)}"
    demo_name, demo_pole = _DEMO_DIRECTIONS.get(code, (None, None))
    if pole is None and demo_pole is not None and kind == Direction.Kind.DIRECTION:
        pole = make_pole(demo_pole)
    direction, _ = Direction.objects.get_or_create(
        code=code,
        defaults={
            "name": name or demo_name or f"Direction {code}",
            "kind": kind,
            "pole": pole,
            "parent": parent,
            "email": f"{code.lower()}@paris.fr",
        },
    )
    return direction


def make_user(
    username: str | None = None,
    *,
    role: str = User.Role.CADRE_SUPERIEUR,
    direction: Direction | None = None,
    pole: Pole | None = None,
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    superuser: bool = False,
    password: str = PASSWORD,
) -> User:
    """A person with a role and a scope, who can log in with `password`."""
    username = username or f"user{next(_serial)}"
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = User(
        username=username,
        email=f"{username}@paris.fr",
        first_name=first_name,
        last_name=last_name,
        role=role,
        direction=direction,
        pole=pole,
        job_title=job_title,
        is_staff=superuser,
        is_superuser=superuser,
    )
    user.set_password(password)
    user.save()
    return user


def make_director(direction: Direction, **extra) -> User:
    """The director of `direction`, named `dir.<code>` (and, for a demo code, as in the demo)."""
    first, last = demo.DIRECTOR_NAMES.get(direction.code, ("", ""))
    fields = {
        "first_name": first,
        "last_name": last,
        "job_title": f"Directeur·rice — {direction.name}",
    }
    fields.update(extra)
    return make_user(
        f"dir.{direction.code.lower()}", role=User.Role.DIRECTEUR, direction=direction, **fields
    )


SMALL_ORG = {
    # pôle code: its directions, each with its director dir.<code>
    "solidarites": ["DASES", "DFPE"],
    "espace-public": ["DVD"],
    "ressources": ["DRH", "DF"],
}
SMALL_ORG_ACCOUNTS = [
    "sg.demo",
    "delegue.demo",
    "adjoint.demo",
    "adjoint.espace",
    "cm.demo",
    "cp.demo",
    "cadre.demo",
    "ref.dases",
    "admin.demo",
]


def small_org() -> dict[str, User]:
    """The named cast on a small organisation, keyed by username, as in the demo.

    Pôle Solidarités (DASES, DFPE) under the adjointe `adjoint.demo`, with the chargé de mission
    `cm.demo`; pôle Urbanisme et espace public (DVD) under `adjoint.espace`; pôle Ressources (DRH,
    DF) under the délégué `delegue.demo`. The SG holds the SG staff and the administrator
    `admin.demo`; its délégation DGM holds the cheffe de projet `cp.demo`; `cadre.demo` is in DVD.
    Every direction has its director `dir.<code>`; DASES also has its référente `ref.dases`.
    Names, emails (`<username>@paris.fr`) and the password are the demo's.
    """
    poles = {code: make_pole(code, order=order) for order, code in enumerate(SMALL_ORG, start=1)}
    directions = {
        "SG": make_direction(
            "SG", name="Secrétariat général de la Ville de Paris", kind=Direction.Kind.SG
        )
    }
    directions["DGM"] = make_direction(
        "DGM",
        name="Délégation générale à la modernisation",
        kind=Direction.Kind.DELEGATION,
        parent=directions["SG"],
    )
    cast: dict[str, User] = {}
    for pole_code, codes in SMALL_ORG.items():
        for code in codes:
            directions[code] = make_direction(code, pole=poles[pole_code])
            cast[f"dir.{code.lower()}"] = make_director(directions[code])
    accounts = {row[0]: row for row in demo.DEMO_ACCOUNTS}
    for username in SMALL_ORG_ACCOUNTS:
        _, first, last, role, direction, pole, job = accounts[username]
        cast[username] = make_user(
            username,
            role=role,
            direction=directions[direction],
            pole=poles[pole] if pole else None,
            first_name=first,
            last_name=last,
            job_title=job,
            superuser=username == "admin.demo",
        )
    cast.update(elected_cast())
    return cast


def make_official(office: str, rank: int, *, arrondissements: tuple[int, ...] = ()):
    """The demo's élu·e of this office and rank (same fictional name and délégation)."""
    from directions.models import Arrondissement, ElectedOfficial

    if office == ElectedOfficial.Office.ADJOINT:
        first, last = demo.adjoint_name(rank)
        delegation = demo.ADJOINT_DELEGATIONS[rank - 1]
    else:
        first, last = demo.mayor_name(rank)
        delegation = f"Maire du {rank + 3}e arrondissement"
    official, _ = ElectedOfficial.objects.get_or_create(
        office=office,
        first_name=first,
        last_name=last,
        defaults={"rank": rank, "delegation": delegation},
    )
    if arrondissements:
        official.arrondissements.set(Arrondissement.objects.filter(number__in=arrondissements))
    return official


def elected_cast() -> dict[str, User]:
    """The élu·e·s of the cast: `elu.adjoint` (the adjointe for solidarities) and her cabinet
    member `cab.adjoint`, `elu.arrondissement` (the maire of the 12th), `cab.maire` (the
    Maire's cabinet), as in the demo."""
    from directions.models import ElectedOfficial

    officials = {
        (ElectedOfficial.Office.ADJOINT, 2): make_official(ElectedOfficial.Office.ADJOINT, 2),
        (ElectedOfficial.Office.MAIRE_ARRONDISSEMENT, 9): make_official(
            ElectedOfficial.Office.MAIRE_ARRONDISSEMENT, 9, arrondissements=(12,)
        ),
    }
    return {
        username: demo.elected_account(username, officials.get(office_rank))
        for username, _, office_rank, *_ in demo.ELECTED_ACCOUNTS
    }


# --- Reporting ------------------------------------------------------------------------------------


def make_indicator(
    code: str | None = None,
    *,
    direction: Direction | None = None,
    periodicity: str = "quinzaine",
    **fields,
):
    """An indicator of the catalogue (context family, whole numbers) unless told otherwise."""
    from indicators.models import Indicator

    code = code or f"indicateur-{next(_serial)}"
    defaults = {
        "name": f"Indicateur {code}",
        "family": Indicator.Family.CONTEXT,
        "decimals": 0,
        "periodicity": periodicity,
        "direction": direction,
    }
    defaults.update(fields)
    return Indicator.objects.create(code=code, **defaults)


def make_period(periodicity: str, day: dt.date):
    """The reporting period of `periodicity` that holds `day` (reused when it exists)."""
    from indicators import periods as P
    from indicators.models import Period

    start, end = P.bounds(periodicity, day)
    period, _ = Period.objects.get_or_create(
        periodicity=periodicity, start=start, defaults={"end": end, "due_date": P.due_date(end)}
    )
    return period


def make_report(direction: Direction, period, status=None, *, values=None):
    """The report of `direction` for `period` (reused when it exists), with `values`, a mapping
    {indicator: number}, written for the period's end."""
    from indicators.models import Report, Value

    report, _ = Report.objects.get_or_create(
        direction=direction,
        period=period,
        defaults={"due_date": period.due_date, "status": status or Report.Status.DRAFT},
    )
    for indicator, value in (values or {}).items():
        Value.objects.create(
            report=report, indicator=indicator, period_end=period.end, value=Decimal(str(value))
        )
    return report


# --- Meetings -------------------------------------------------------------------------------------


def make_body(code: str | None = None, *, kind: str | None = None, preparers=(), **fields):
    """A body that meets on a cadence (a fortnightly CDS unless told otherwise)."""
    from meetings.models import Body

    code = code or f"instance-{next(_serial)}"
    defaults = {
        "name": f"Instance {code}",
        "kind": kind or Body.Kind.CDS,
        "cadence": Body.Cadence.FORTNIGHTLY,
        "weekday": 1,
        "start_time": dt.time(9, 30),
        "duration_minutes": 120,
        "place": "Hôtel de Ville",
    }
    defaults.update(fields)
    body, created = Body.objects.get_or_create(code=code, defaults=defaults)
    if created and preparers:
        body.preparers.add(*preparers)
    return body


def make_bodies() -> dict[str, object]:
    """The SG's bodies over the organisation in the database, keyed by code as in the demo:
    the CDS, one weekly meeting per pôle (chaired by its adjoint·e or délégué·e), the monthly
    meeting of the chargés de mission and the auditorium. `cm.demo`, when present, prepares the
    CDS, the chargés de mission's meeting, the auditorium and the pôle Solidarités' meeting."""
    from meetings.demo import POLE_DAYS
    from meetings.models import Body

    sg = User.objects.filter(username="sg.demo").first()
    cm = User.objects.filter(username="cm.demo").first()
    preparers = [cm] if cm else []
    bodies = {
        "cds": make_body(
            "cds",
            name="Comité de direction des services",
            kind=Body.Kind.CDS,
            anchor_date=dt.date(2026, 1, 6),
            place="Hôtel de Ville, salon des Arcades",
            chair=sg,
            preparers=preparers,
        )
    }
    for pole in Pole.objects.all():
        chair = (
            User.objects.filter(pole=pole, role__in=[User.Role.SG_ADJOINT, User.Role.SG_DELEGUE])
            .order_by("role", "username")
            .first()
        )
        bodies[f"pole-{pole.code}"] = make_body(
            f"pole-{pole.code}",
            name=f"Réunion du {pole.name[0].lower()}{pole.name[1:]}",
            kind=Body.Kind.POLE,
            pole=pole,
            cadence=Body.Cadence.WEEKLY,
            weekday=POLE_DAYS.get(pole.code, 3),
            start_time=dt.time(10, 0),
            duration_minutes=90,
            chair=chair,
            preparers=preparers if pole.code == "solidarites" else (),
        )
    bodies["charges-mission"] = make_body(
        "charges-mission",
        name="Réunion des chargés de mission",
        kind=Body.Kind.CHARGES_MISSION,
        cadence=Body.Cadence.MONTHLY,
        weekday=0,
        week_of_month=1,
        start_time=dt.time(14, 30),
        duration_minutes=90,
        chair=sg,
        preparers=preparers,
    )
    bodies["auditorium"] = make_body(
        "auditorium",
        name="Réunion des cadres supérieurs à l'auditorium",
        kind=Body.Kind.AUDITORIUM,
        cadence=Body.Cadence.AD_HOC,
        weekday=3,
        start_time=dt.time(17, 0),
        duration_minutes=90,
        place="Auditorium de l'Hôtel de Ville",
        chair=sg,
        preparers=preparers,
    )
    return bodies


def make_meeting(body, days: int = 7, hour: int = 9, **extra):
    """A meeting of `body` `days` from now (negative: in the past), at `hour`:30."""
    from meetings.models import Meeting

    start = timezone.localtime().replace(hour=hour, minute=30, second=0, microsecond=0)
    start += dt.timedelta(days=days)
    return Meeting.objects.create(
        body=body,
        slot_date=timezone.localdate(start),
        starts_at=start,
        duration_minutes=120,
        place=body.place,
        **extra,
    )


def add_item(meeting, title: str, *, minutes: int = 15, status=None, **extra):
    """An agenda item at the end of `meeting`'s agenda (accepted unless told otherwise)."""
    from meetings.models import AgendaItem

    return AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        duration_minutes=minutes,
        status=status or AgendaItem.Status.ACCEPTED,
        position=meeting.items.count() + 1,
        **extra,
    )
