"""The journal of a project, read from its audit events, in words a reader understands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from projects.models import AuditEvent, Milestone, Project, Rating, StatusUpdate

ACTIONS = {
    "project.create": "Projet créé",
    "project.update": "Projet modifié",
    "milestone.create": "Jalon ajouté",
    "milestone.update": "Jalon modifié",
    "status.post": "Point d'avancement publié",
    "status.acknowledged": "Point d'avancement pris en compte",
    "status.question": "Question posée sur un point d'avancement",
}
_SHOWN = {
    Project: [
        "name",
        "start_date",
        "planned_end",
        "forecast_end",
        "phase",
        "budget_planned",
        "budget_committed",
    ],
    Milestone: ["title", "planned_date", "forecast_date", "actual_date"],
    StatusUpdate: ["overall"],
}


@dataclass
class Entry:
    event: AuditEvent
    label: str
    subject: str
    changes: list[tuple[str, str, str]]


def _value(model, name: str, raw) -> str:
    if raw in (None, ""):
        return "—"
    field = model._meta.get_field(name)
    if field.get_internal_type() == "DateField":
        return dt.date.fromisoformat(raw).strftime("%d/%m/%Y")
    if name == "overall":
        return Rating(raw).label
    if field.choices:
        return dict(field.choices).get(raw, raw)
    if field.get_internal_type() == "DecimalField":
        return f"{float(raw):,.0f} €".replace(",", "\u202f")
    return str(raw)


def project_history(project: Project, *, limit: int = 15) -> list[Entry]:
    milestones = {m.pk: m for m in project.milestones.all()}
    statuses = {s.pk: s for s in project.statuses.all()}
    types = ContentType.objects.get_for_models(Project, Milestone, StatusUpdate)
    events = (
        AuditEvent.objects.filter(
            Q(content_type=types[Project], object_id=project.pk)
            | Q(content_type=types[Milestone], object_id__in=list(milestones))
            | Q(content_type=types[StatusUpdate], object_id__in=list(statuses))
        )
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )
    model_of = {ct.pk: model for model, ct in types.items()}
    entries = []
    for event in events:
        model = model_of[event.content_type_id]
        subject = ""
        if model is Milestone and event.object_id in milestones:
            subject = milestones[event.object_id].title
        elif model is StatusUpdate and event.object_id in statuses:
            subject = f"quinzaine du {statuses[event.object_id].fortnight_start:%d/%m/%Y}"
        changes = [
            (
                str(model._meta.get_field(name).verbose_name).capitalize(),
                _value(model, name, event.before.get(name)),
                _value(model, name, event.after.get(name)),
            )
            for name in _SHOWN[model]
            if name in event.after and event.action.endswith(".update")
        ]
        entries.append(Entry(event, ACTIONS.get(event.action, event.action), subject, changes))
    return entries
