"""The home page's three horizons (seed §2): 15 days, 3 months, the duration of the projects.

Each app may contribute blocks by defining `<app>/horizons.py` with a function
`blocks(user, today) -> list[HorizonBlock]`; the home page collects them in INSTALLED_APPS order.
Keeping the contributions in the apps lets each function own its queries and its template.

Above the horizons, an app may put notices (an « important » banner, news pinned on the home
page) by defining `notices(user, today) -> list[HorizonBlock]` in the same module; their
`horizon` is `NOTICES`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from directions import policy
from sg_portal.contributions import each

HORIZONS = [
    ("15j", "À quinze jours", "La conduite opérationnelle : rapports, réunions, échéances."),
    (
        "3m",
        "À trois mois",
        "Les délibérations attendues aux prochaines séances du Conseil de Paris.",
    ),
    (
        "projets",
        "Sur la durée des projets",
        "Les engagements de mandature et projets de modernisation.",
    ),
]


NOTICES = "une"


@dataclass
class HorizonBlock:
    horizon: str  # one of the keys of HORIZONS
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def horizon_columns(user, today: dt.date, scope: Scope | None = None) -> list[dict]:
    urgencies = urgency_columns(user, today, scope) if scope is not None else {}
    blocks: list[HorizonBlock] = []
    for contribute in each("horizons", "blocks"):
        blocks.extend(contribute(user, today))
    columns = []
    for key, title, subtitle in HORIZONS:
        mine = sorted((b for b in blocks if b.horizon == key), key=lambda b: b.order)
        columns.append(
            {
                "key": key,
                "title": title,
                "subtitle": subtitle,
                "blocks": mine,
                "urgencies": urgencies.get(key, []),
            }
        )
    return columns


def home_notices(user, today: dt.date) -> list[HorizonBlock]:
    """The notices shown above the horizons, in their `order`."""
    notices: list[HorizonBlock] = []
    for contribute in each("horizons", "notices"):
        notices.extend(contribute(user, today))
    return sorted(notices, key=lambda b: b.order)


# --- Dated items: the home page by urgency --------------------------------------------------------
#
# Each app may also define, in `<app>/horizons.py`, `dated_items(user, today, scope)` returning
# `DatedItem`s: the kernel sorts them by urgency within each horizon, leaves out those the reader
# put aside, and the personal iCalendar feed carries them (docs/search-and-notifications.md).


class Scope(StrEnum):
    ME = "moi"
    POLE = "pole"
    SG = "sg"

    @property
    def label(self) -> str:
        return {"moi": "Moi", "pole": "Mon pôle", "sg": "Tout le SG"}[self.value]


@dataclass
class DatedItem:
    key: str  # stable: "<app>.<thing>:<pk>[:<version>]"; a snooze keeps to it
    horizon: str  # one of the keys of HORIZONS
    due: dt.date
    title: str
    url: str
    what: str  # short label of the kind of item: « Rapport à remplir », « Action »
    context: str = ""
    late: bool | None = None  # None: late when due before today; the app may decide otherwise
    state: Any = None  # a StateChoices member, shown as its badge


#: Items shown per urgency of a horizon; the rest is counted (« et 12 autres »).
PER_URGENCY = 10

URGENCIES = [
    ("late", "En retard"),
    ("today", "Aujourd'hui"),
    ("week", "Dans les 7 jours"),
    ("later", "Plus tard"),
]


def urgency_of(item: DatedItem, today: dt.date) -> str:
    late = item.late if item.late is not None else item.due < today
    if late:
        return "late"
    if item.due <= today:
        return "today"
    if item.due <= today + dt.timedelta(days=7):
        return "week"
    return "later"


def collect_dated_items(user, today: dt.date, scope: Scope) -> list[DatedItem]:
    items: list[DatedItem] = []
    for contribute in each("horizons", "dated_items"):
        items.extend(contribute(user, today, scope))
    return sorted(items, key=lambda item: (item.due, item.title))


def scopes_for(user) -> list[Scope]:
    return [Scope(value) for value in policy.home_scopes(user)]


def dated_items_shown(user, today: dt.date, scope: Scope) -> list[DatedItem]:
    """The reader's dated items, without those put aside until a later date: the home page's
    and the personal iCalendar feed's."""
    from sg_portal.notifications.models import Snooze

    aside = set(Snooze.objects.filter(user=user, until__gt=today).values_list("key", flat=True))
    return [item for item in collect_dated_items(user, today, scope) if item.key not in aside]


def urgency_columns(user, today: dt.date, scope: Scope) -> dict[str, list[dict]]:
    """Per horizon, the reader's dated items in the four urgencies."""
    grouped: dict[str, dict[str, list[DatedItem]]] = {}
    for item in dated_items_shown(user, today, scope):
        grouped.setdefault(item.horizon, {}).setdefault(urgency_of(item, today), []).append(item)
    return {
        horizon: [
            {
                "key": key,
                "label": label,
                "count": len(by_urgency[key]),
                "items": by_urgency[key][:PER_URGENCY],
                "more": max(0, len(by_urgency[key]) - PER_URGENCY),
            }
            for key, label in URGENCIES
            if by_urgency.get(key)
        ]
        for horizon, by_urgency in grouped.items()
    }
