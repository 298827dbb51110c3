"""Suggestions for a meeting's agenda, gathered from every app (meetings issue, item 4).

An app proposes items by defining `<app>/agenda_suggestions.py` with

    def suggestions(*, meeting, directions, today) -> list[AgendaSuggestion | Batched]

where `directions` is the queryset of directions in the meeting's scope (all of them for the CDS,
the pôle's for a pôle meeting) and `meeting` is a `meetings.Meeting`. The meetings app shows them
to the chargé de mission preparing the agenda, who adds one with a click. `subject` is the object
the item is about; the agenda item keeps a generic link to it, so meetings imports no later app.

An app does not evaluate its lists: it returns them as `Batched` reads (`sg_portal.batch`) whose
`then` turns the rows read into `AgendaSuggestion`s, and the kernel reads every app's lists in
one query on PostgreSQL, as the home page does; the number of apps then costs no query. A `then`
may still read what depends on the rows (the figures of the indicators read). `resolved(...)`
gives one app's suggestions with its reads done, as a test calling the app directly wants them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sg_portal.batch import Batched, fetch_all, resolved
from sg_portal.contributions import each


@dataclass(frozen=True)
class AgendaSuggestion:
    key: str  # stable identity, e.g. "indicators.report:42": never suggested twice for a meeting
    title: str  # the agenda item's title as proposed
    reason: str  # why now, e.g. "Rapport en retard de 6 jours"
    item_type: str = "information"  # information / decision / tour_de_table / intervention
    # How long the item is given on the agenda, by its source: a late report is a reminder
    # (5 min), a drifting project asks for a decision (15 min)...
    duration_minutes: int = 10
    presenter_direction_id: int | None = None
    subject: Any = None  # a model instance, linked generically from the agenda item
    url: str = ""  # where to read more
    weight: int = 50  # lower comes first


def collect_suggestions(
    *, meeting, directions, today: dt.date, reads: Iterable[Batched] = ()
) -> list[AgendaSuggestion]:
    """Every app's suggestions, the lightest `weight` first. Their reads and the caller's `reads`
    (the rest of the meeting page) are done together: one query on PostgreSQL."""
    found: list[AgendaSuggestion | Batched] = []
    for suggest in each("agenda_suggestions", "suggestions"):
        found.extend(suggest(meeting=meeting, directions=directions, today=today))
    fetch_all([*(entry for entry in found if isinstance(entry, Batched)), *reads])
    return sorted(resolved(found), key=lambda s: (s.weight, s.title))
