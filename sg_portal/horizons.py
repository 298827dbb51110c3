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
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from directions import policy
from sg_portal.batch import Batched, fetch_all, resolved
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
    """A block of a horizon (or a notice). Its `context` values may be `Batched` reads: the kernel
    reads them with every other read of the page (one query on PostgreSQL) and puts the result in
    their place; then `prepare(context)` may derive what the template shows. A block whose
    `unless_empty` context value is empty once read is left out."""

    horizon: str  # one of the keys of HORIZONS
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    prepare: Callable[[dict], dict] | None = None
    unless_empty: str | None = None


def _contributed(point: str, *args) -> list:
    found: list = []
    for contribute in each("horizons", point):
        found.extend(contribute(*args))
    return found


def _reads_of(blocks: list[HorizonBlock]) -> list[Batched]:
    return [
        value for block in blocks for value in block.context.values() if isinstance(value, Batched)
    ]


def _resolved(blocks: list[HorizonBlock]) -> list[HorizonBlock]:
    shown = []
    for block in blocks:
        context = {
            key: value.result if isinstance(value, Batched) else value
            for key, value in block.context.items()
        }
        if block.prepare is not None:
            context = block.prepare(context)
        if block.unless_empty and not context.get(block.unless_empty):
            continue
        block.context = context
        shown.append(block)
    return sorted(shown, key=lambda b: b.order)


def home_page(user, today: dt.date, scope: Scope | None = None) -> dict:
    """The notices and the three columns of the reader's home page. Every app's contribution is
    gathered first, then every read they describe is done at once (`sg_portal.batch`): the page
    costs the same few queries whatever the number of apps and rows."""
    notices: list[HorizonBlock] = _contributed("notices", user, today)
    blocks: list[HorizonBlock] = _contributed("blocks", user, today)
    dated = _Dated(user, today, scope) if scope is not None else None
    fetch_all([*_reads_of(notices), *_reads_of(blocks), *(dated.reads if dated else [])])
    urgencies = _urgencies(dated.items(), today) if dated else {}
    shown = _resolved(blocks)
    return {
        "notices": _resolved(notices),
        "columns": [
            {
                "key": key,
                "title": title,
                "subtitle": subtitle,
                "blocks": [b for b in shown if b.horizon == key],
                "urgencies": urgencies.get(key, []),
            }
            for key, title, subtitle in HORIZONS
        ],
    }


def horizon_columns(user, today: dt.date, scope: Scope | None = None) -> list[dict]:
    return home_page(user, today, scope)["columns"]


# --- Dated items: the home page by urgency --------------------------------------------------------
#
# Each app may also define, in `<app>/horizons.py`, `dated_items(user, today, scope)` returning
# `DatedItem`s, or `Batched` reads whose `then` turns the rows read into `DatedItem`s (read with
# the page's other reads): the kernel sorts them by urgency within each horizon, leaves out those
# the reader put aside, and the personal iCalendar feed carries them
# (docs/search-and-notifications.md). `resolved(dated_items(...))` gives one app's items with its
# reads done, as a test calling the app directly wants them.


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


class _Dated:
    """The dated items contributed by the apps, some as `Batched` reads still to be done, and the
    keys the reader put aside (read with them)."""

    def __init__(self, user, today: dt.date, scope: Scope):
        from sg_portal.notifications.models import Snooze

        self.contributed: list[DatedItem | Batched] = _contributed(
            "dated_items", user, today, scope
        )
        self.aside = Batched(
            Snooze.objects.filter(user=user, until__gt=today).order_by("pk"),
            then=lambda rows: {snooze.key for snooze in rows},
        )
        self.reads = [i for i in self.contributed if isinstance(i, Batched)] + [self.aside]

    def items(self) -> list[DatedItem]:
        fetch_all(self.reads)
        items = [i for i in resolved(self.contributed) if i.key not in self.aside.result]
        return sorted(items, key=lambda item: (item.due, item.title))


def scopes_for(user) -> list[Scope]:
    return [Scope(value) for value in policy.home_scopes(user)]


def dated_items_shown(user, today: dt.date, scope: Scope) -> list[DatedItem]:
    """The reader's dated items, without those put aside until a later date: the home page's
    and the personal iCalendar feed's."""
    return _Dated(user, today, scope).items()


def _urgencies(items: list[DatedItem], today: dt.date) -> dict[str, list[dict]]:
    """Per horizon, the reader's dated items in the four urgencies."""
    grouped: dict[str, dict[str, list[DatedItem]]] = {}
    for item in items:
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
