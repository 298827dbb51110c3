"""Agenda suggestions (sg_portal/agenda.py): the critical risks and those rising since their
last review, for the directions in the meeting's scope; City-wide and SG-map risks for the CDS.
The list is a `Batched` read, done with every other app's (`sg_portal.agenda`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from risks.models import Level, Risk, level_rank
from sg_portal.agenda import AgendaSuggestion
from sg_portal.batch import Batched


def suggestions(*, meeting, directions, today: dt.date) -> list[AgendaSuggestion | Batched]:
    scope = Q(direction__in=directions) | Q(project__lead_direction__in=directions)
    if getattr(meeting.body, "kind", "") == "cds":
        scope |= Q(on_sg_map=True) | Q(scope=Risk.Scope.VILLE)
    elif getattr(meeting.body, "pole_id", None):
        scope |= Q(scope=Risk.Scope.POLE, pole_id=meeting.body.pole_id)
    risks = (
        Risk.objects.filter(scope, state=Risk.State.OPEN)
        .filter(Q(net_level=Level.CRITIQUE) | ~Q(previous_net_level=""))
        .order_by("title")
    )
    # The project gives the direction in charge of a risk that has none of its own.
    return [Batched(risks, related=("project",), then=_risks)]


def _risks(risks: list[Risk]) -> list[AgendaSuggestion]:
    found: list[AgendaSuggestion] = []
    for risk in risks:
        rising = bool(risk.previous_net_level) and level_rank(risk.net_level) > level_rank(
            risk.previous_net_level
        )
        critical = risk.net_level == Level.CRITIQUE
        if not (critical or rising):
            continue
        presenter = risk.direction_in_charge_id
        reason = "Risque net critique" if critical else "Risque en hausse depuis sa dernière revue"
        if critical and rising:
            reason = "Risque net critique, en hausse depuis sa dernière revue"
        found.append(
            AgendaSuggestion(
                key=f"risks.risk:{risk.pk}:{risk.net_level}:{risk.last_reviewed_on or ''}",
                title=f"Risque : {risk.title}",
                reason=reason,
                item_type="decision" if critical else "information",
                presenter_direction_id=presenter,
                subject=risk,
                url=risk.get_absolute_url(),
                weight=15 if critical else 35,
            )
        )
    return found
