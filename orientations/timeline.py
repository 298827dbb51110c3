"""One timeline from the orientation to its opinions, arbitration, projects, deliberations and vote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass
class Step:
    when: dt.date | None
    label: str
    detail: str = ""
    done: bool = True
    url: str = ""


def timeline_of(
    orientation, arbitrations, projects, deliberations, *, today: dt.date
) -> list[Step]:
    local = timezone.localtime
    steps = [Step(local(orientation.created_at).date(), "Orientation créée", orientation.title)]
    if orientation.recommended_at:
        steps.append(Step(local(orientation.recommended_at).date(), "Scénario préconisé par le SG"))
    if orientation.consultation_opened_at:
        steps.append(Step(local(orientation.consultation_opened_at).date(), "Consultation ouverte"))
    if orientation.consultation_deadline:
        steps.append(
            Step(
                orientation.consultation_deadline,
                "Date limite des avis",
                done=orientation.consultation_deadline < today,
            )
        )
    steps.append(
        Step(
            orientation.arbitration_due,
            "Arbitrage attendu",
            done=bool(arbitrations),
        )
    )
    for arbitration in arbitrations:
        steps.append(
            Step(arbitration.decided_on, "Arbitrage de la Maire", arbitration.get_outcome_display())
        )
    for project in projects:
        steps.append(
            Step(
                project.start_date,
                f"Projet « {project.name} »",
                project.get_phase_display(),
                done=project.start_date <= today,
                url=project.get_absolute_url(),
            )
        )
    for deliberation in deliberations:
        voted = deliberation.status == deliberation.Status.VOTEE
        steps.append(
            Step(
                deliberation.sitting.start_date,
                f"Délibération {deliberation.reference}",
                f"{deliberation.status_state.label} — {deliberation.sitting.label}",
                done=voted,
                url=deliberation.get_absolute_url(),
            )
        )
    steps.sort(key=lambda s: s.when or dt.date.max)
    return steps
