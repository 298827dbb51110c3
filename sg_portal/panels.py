"""Panels a later app adds to an earlier app's page (a project's risks on the project page),
without the earlier app importing it.

An app contributes by defining `<app>/panels.py` with

    def panels(*, obj, user, today) -> list[Panel]

returning the panels it has for `obj` (often none: it checks the object's type itself), each
read through its own selectors so that a panel shows only what `user` may see. The page that
shows `obj` calls `panels_for(obj, user=..., today=...)` and includes each panel's template with
`panel` in its context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sg_portal.contributions import each


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def panels_for(obj: Any, *, user: Any, today: dt.date) -> list[Panel]:
    found: list[Panel] = []
    for contribute in each("panels", "panels"):
        found.extend(contribute(obj=obj, user=user, today=today))
    return sorted(found, key=lambda panel: (panel.order, panel.title))
