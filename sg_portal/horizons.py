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


def horizon_columns(user, today: dt.date) -> list[dict]:
    blocks: list[HorizonBlock] = []
    for contribute in each("horizons", "blocks"):
        blocks.extend(contribute(user, today))
    columns = []
    for key, title, subtitle in HORIZONS:
        mine = sorted((b for b in blocks if b.horizon == key), key=lambda b: b.order)
        columns.append({"key": key, "title": title, "subtitle": subtitle, "blocks": mine})
    return columns


def home_notices(user, today: dt.date) -> list[HorizonBlock]:
    """The notices shown above the horizons, in their `order`."""
    notices: list[HorizonBlock] = []
    for contribute in each("horizons", "notices"):
        notices.extend(contribute(user, today))
    return sorted(notices, key=lambda b: b.order)
