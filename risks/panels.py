"""The risks' panel on a project's page: the project's risks the reader may see, and a way to
declare one from the project's latest status when it is at risk or off track."""

from __future__ import annotations

import datetime as dt
from typing import Any

from projects.models import Project, Rating
from risks import selectors
from risks.models import Risk
from sg_portal.panels import Panel


def panels(*, obj: Any, user: Any, today: dt.date) -> list[Panel]:
    if not isinstance(obj, Project):
        return []
    risks = list(
        selectors.risks_visible_to(user)
        .filter(project=obj, state=Risk.State.OPEN)
        .select_related("owner")
        .order_by("title")
    )
    can_declare = selectors.can_create(user) and selectors.can_declare_on_project(user, obj)
    if not risks and not can_declare:
        return []
    latest = obj.statuses.order_by("-posted_at").first()
    worrying = latest if latest and latest.overall != Rating.ON_TRACK else None
    return [
        Panel(
            title="Risques du projet",
            template="risks/_project_panel.html",
            context={
                "project": obj,
                "risks": risks,
                "can_declare": can_declare,
                "status": worrying,
                "today": today,
            },
            order=10,
        )
    ]
