"""The meetings' acts in the journal, as sentences (see `sg_portal.journal.sentences`)."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.formats import date_format

from sg_portal.journal.models import Entry
from sg_portal.journal.sentences import Change, Sentence, shown


def _when(value: str | None) -> str:
    if not value:
        return "vide"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "j F Y à G\\hi")


def _move(entry: Entry) -> Sentence:
    before, after = entry.before, entry.after
    changes = []
    if before.get("starts_at") != after.get("starts_at"):
        changes.append(
            Change("Date", _when(before.get("starts_at")), _when(after.get("starts_at")))
        )
    if before.get("place") != after.get("place"):
        changes.append(Change("Lieu", shown(before.get("place")), shown(after.get("place"))))
    return Sentence("a déplacé la réunion", changes, tone="warn")


def _guests(entry: Entry) -> Sentence:
    before = entry.before.get("invited_guests", "")
    after = entry.after.get("invited_guests", "")
    return Sentence(
        "a modifié les personnalités invitées",
        [Change("Invités", shown(truncatechars(before, 200)), shown(truncatechars(after, 200)))],
    )


def _item(phrase: str, tone: str = ""):
    def sentence(entry: Entry) -> Sentence:
        title = entry.after.get("title")
        subject = f"le point « {truncatechars(title, 150)} »" if title else "un point"
        return Sentence(phrase.format(subject=subject), tone=tone)

    return sentence


def _propose(entry: Entry) -> Sentence:
    if entry.after.get("status") == "accepted":
        return _item("a inscrit {subject} à l'ordre du jour")(entry)
    return _item("a proposé {subject}")(entry)


def _decision(entry: Entry) -> Sentence:
    sentence = _item("a consigné la décision sur {subject}")(entry)
    before = entry.before.get("decision", "")
    after = entry.after.get("decision", "")
    return Sentence(
        sentence.text,
        [Change("Décision", shown(truncatechars(before, 200)), shown(truncatechars(after, 200)))],
    )


def _action(phrase: str, tone: str = ""):
    def sentence(entry: Entry) -> Sentence:
        title = entry.after.get("title")
        subject = f"l'action « {truncatechars(title, 150)} »" if title else "une action"
        text = phrase.format(subject=subject)
        if entry.after.get("owner_name"):
            text += f", confiée à {entry.after['owner_name']}"
        if due := entry.after.get("due_date"):
            with contextlib.suppress(ValueError):
                text += f" pour le {date_format(dt.date.fromisoformat(due), 'j F Y')}"
        return Sentence(text, tone=tone)

    return sentence


_ITEM_FIELDS = {
    "title": "Intitulé",
    "item_type": "Type",
    "duration_minutes": "Durée",
    "presenter": "Présenté par",
    "presenter_direction": "Direction",
    "guest": "Personnalité invitée",
    "document_url": "Document",
}


def _item_value(name: str, value) -> str:
    if name == "item_type" and value:
        from meetings.models import AgendaItem

        return str(AgendaItem.Type(value).label) if value in AgendaItem.Type.values else value
    if name == "duration_minutes" and value is not None:
        return f"{value} min"
    return shown(truncatechars(str(value), 200) if value else value)


def _update(entry: Entry) -> Sentence:
    before = entry.before.get("title") or entry.after.get("title")
    subject = f"le point « {truncatechars(before, 150)} »" if before else "un point"
    changes = [
        Change(
            label,
            _item_value(name, entry.before.get(name)),
            _item_value(name, entry.after.get(name)),
        )
        for name, label in _ITEM_FIELDS.items()
        if name in entry.before
    ]
    return Sentence(f"a modifié {subject}", changes)


SENTENCES = {
    "meetings.meeting.move": _move,
    "meetings.meeting.cancel": lambda e: Sentence("a annulé la réunion", tone="bad"),
    "meetings.meeting.guests": _guests,
    "meetings.agenda.publish": lambda e: Sentence("a publié l'ordre du jour", tone="ok"),
    "meetings.agenda.reorder": lambda e: Sentence("a modifié l'ordre des points"),
    "meetings.agenda.suggestion_dismiss": lambda e: Sentence("a écarté une suggestion"),
    "meetings.agenda_item.propose": _propose,
    "meetings.agenda_item.accept": _item("a retenu {subject}", "ok"),
    "meetings.agenda_item.defer": _item("a reporté {subject} à une prochaine réunion", "warn"),
    "meetings.agenda_item.decline": _item("a écarté {subject}", "bad"),
    "meetings.agenda_item.decision": _decision,
    "meetings.agenda_item.update": _update,
    "meetings.attendance.record": lambda e: Sentence("a noté les présences"),
    "meetings.action.create": _action("a décidé {subject}"),
    "meetings.action.close": _action("a clos {subject}", "ok"),
}
