"""Agenda suggestions for a meeting (sg_portal/agenda.py): projects off track, statuses overdue
and deliberations that slipped, for the directions in the meeting's scope. Both lists are
`Batched` reads, done with every other app's (`sg_portal.agenda`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q

from projects.fortnights import required_fortnight
from projects.models import Project, Rating, SittingChange
from projects.selectors import recent_slips, with_latest_status
from sg_portal.agenda import AgendaSuggestion
from sg_portal.batch import Batched
from sg_portal.calendar import days_late_text

if TYPE_CHECKING:
    from projects.selectors import PortfolioProject


def suggestions(*, meeting, directions, today: dt.date) -> list[AgendaSuggestion | Batched]:
    projects = (
        with_latest_status(Project.objects.exclude(phase=Project.Phase.CLOTURE), today)
        .filter(lead_direction__in=directions)
        .filter(Q(latest_overall=Rating.OFF_TRACK) | Q(status_overdue=True))
        .order_by("name")
    )
    return [
        Batched(
            projects,
            annotations=("latest_overall", "status_overdue"),
            then=lambda rows: _projects(rows, today),
        ),
        Batched(
            recent_slips(today=today).filter(deliberation__direction__in=directions),
            related=("deliberation__direction", "from_sitting", "to_sitting"),
            then=_slips,
        ),
    ]


def _projects(projects: list[PortfolioProject], today: dt.date) -> list[AgendaSuggestion]:
    found: list[AgendaSuggestion] = []
    required = required_fortnight(today)
    for project in projects:
        if project.latest_overall == Rating.OFF_TRACK:
            found.append(
                AgendaSuggestion(
                    key=f"projects.project:{project.pk}:off_track",
                    title=f"Projet en dérive : {project.name}",
                    reason="Dernier point d'avancement « En dérive »",
                    item_type="decision",
                    duration_minutes=15,
                    presenter_direction_id=project.lead_direction_id,
                    subject=project,
                    url=project.get_absolute_url(),
                    weight=20,
                )
            )
        if project.status_overdue:
            days = required.days_late(today)
            found.append(
                AgendaSuggestion(
                    key=f"projects.project:{project.pk}:overdue:{required.start.isoformat()}",
                    title=f"Point d'avancement en retard : {project.name}",
                    reason=f"Point de la quinzaine du {required.start:%d/%m} en retard de {days_late_text(days)}",
                    item_type="information",
                    duration_minutes=5,
                    presenter_direction_id=project.lead_direction_id,
                    subject=project,
                    url=project.get_absolute_url(),
                    weight=40,
                )
            )
    return found


def _slips(moves: list[SittingChange]) -> list[AgendaSuggestion]:
    """The latest slip of each deliberation (the moves come newest first)."""
    found: list[AgendaSuggestion] = []
    seen: set[int] = set()
    for move in moves:
        deliberation, source = move.deliberation, move.from_sitting
        if deliberation.pk in seen or source is None:  # a first aim is not a slip
            continue
        seen.add(deliberation.pk)
        found.append(
            AgendaSuggestion(
                key=f"projects.deliberation:{deliberation.pk}:slip:{move.pk}",
                title=f"Délibération reportée : {deliberation.reference} — {deliberation.title}",
                reason=(
                    f"Glissée de la séance de {source.short_label} "
                    f"à celle de {move.to_sitting.short_label}"
                ),
                item_type="information",
                duration_minutes=10,
                presenter_direction_id=deliberation.direction_id,
                subject=deliberation,
                url=deliberation.get_absolute_url(),
                weight=30,
            )
        )
    return found
