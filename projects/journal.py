"""Projects' and deliberations' acts in the journal, as sentences (see
`sg_portal.journal.sentences`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.formats import date_format

from projects.models import Deliberation, Milestone, Project, Rating
from sg_portal.journal.models import Entry
from sg_portal.journal.sentences import Change, Sentence

NONE = "—"
_SHOWN: dict[type[models.Model], list[str]] = {
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
}


def _field(model: type[models.Model], name: str) -> models.Field:
    """A concrete field of the shown ones (never a reverse relation)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _value(model: type[models.Model], name: str, raw) -> str:
    if raw in (None, ""):
        return NONE
    field = _field(model, name)
    kind = field.get_internal_type()
    try:
        if kind == "DateField":
            return dt.date.fromisoformat(raw).strftime("%d/%m/%Y")
        if kind == "DecimalField":
            return f"{Decimal(raw):,.0f} €".replace(",", "\u202f")
    except (ValueError, InvalidOperation):
        return str(raw)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    return str(raw)


def _changes(model: type[models.Model], entry: Entry) -> list[Change]:
    return [
        Change(
            str(_field(model, name).verbose_name).capitalize(),
            _value(model, name, entry.before.get(name)),
            _value(model, name, entry.after.get(name)),
        )
        for name in _SHOWN[model]
        if name in entry.before
    ]


def _milestone(phrase: str):
    def sentence(entry: Entry) -> Sentence:
        title = entry.after.get("title")
        subject = f"le jalon « {title} »" if title else "un jalon"
        return Sentence(phrase.format(subject=subject), _changes(Milestone, entry))

    return sentence


def _fortnight(entry: Entry) -> str:
    start = entry.after.get("fortnight_start")
    try:
        return f" de la quinzaine du {date_format(dt.date.fromisoformat(start), 'j F Y')}"
    except (TypeError, ValueError):
        return ""


def _status_post(entry: Entry) -> Sentence:
    overall = entry.after.get("overall")
    label = f" ({Rating(overall).label.lower()})" if overall in Rating.values else ""
    return Sentence(f"a publié le point d'avancement{_fortnight(entry)}{label}")


def _status_review(phrase: str, tone: str):
    def sentence(entry: Entry) -> Sentence:
        return Sentence(f"{phrase}{_fortnight(entry)}", tone=tone)

    return sentence


def _status_label(code) -> str:
    return str(Deliberation.Status(code).label) if code in Deliberation.Status.values else NONE


def _declare(entry: Entry) -> Sentence:
    reference = entry.after.get("reference")
    text = f"a déclaré la délibération {reference}" if reference else "a déclaré la délibération"
    if sitting := entry.after.get("sitting_label"):
        text += f" — première séance visée : {sitting}"
    return Sentence(text)


def _deliberation_update(entry: Entry) -> Sentence:
    before, after = entry.before, entry.after
    changes = []
    if "sitting" in before:
        moved_to = after.get("sitting_label") or NONE
        if after.get("slipped"):
            moved_to += " (reportée)"
        changes.append(Change("Séance visée", before.get("sitting_label") or NONE, moved_to))
    if "status" in before:
        changes.append(
            Change("État", _status_label(before["status"]), _status_label(after.get("status")))
        )
    if "title" in before:
        changes.append(Change("Intitulé", before["title"] or NONE, after.get("title") or NONE))
    if "project" in before:
        changes.append(
            Change(
                "Projet servi",
                before.get("project_label") or NONE,
                after.get("project_label") or NONE,
            )
        )
    if after.get("slipped"):
        return Sentence("a reporté la délibération à une séance plus tardive", changes, "warn")
    return Sentence("a mis à jour la délibération", changes)


SENTENCES = {
    "projects.project.create": lambda e: Sentence("a créé le projet"),
    "projects.project.update": lambda e: Sentence("a modifié le projet", _changes(Project, e)),
    "projects.milestone.create": _milestone("a ajouté {subject}"),
    "projects.milestone.update": _milestone("a modifié {subject}"),
    "projects.status.post": _status_post,
    "projects.status.acknowledge": _status_review("a pris en compte le point d'avancement", "ok"),
    "projects.status.question": _status_review(
        "a posé une question sur le point d'avancement", "warn"
    ),
    "projects.status.answer": _status_review(
        "a répondu à la question sur le point d'avancement", "ok"
    ),
    "projects.deliberation.declare": _declare,
    "projects.deliberation.update": _deliberation_update,
}
