"""Internal communication's acts in the journal, as sentences (see `sg_portal.journal.sentences`)."""

from __future__ import annotations

from django.template.defaultfilters import truncatechars

from sg_portal.journal.models import Entry
from sg_portal.journal.sentences import Change, Sentence, shown

_LABELS = {
    "title": "Titre",
    "lead": "Chapeau",
    "body_format": "Format",
    "signature": "Signature",
    "category": "Rubrique",
    "audience": "Public",
    "audience_pole": "Pôle visé",
    "publish_at": "Publication",
    "unpublish_at": "Retrait",
    "pinned_until": "Épinglée jusqu'au",
    "is_important": "Bandeau important",
    "asks_acknowledgement": "Prise de connaissance demandée",
    "asks_relay": "À relayer",
    "starts_at": "Début",
    "duration_minutes": "Durée",
    "room": "Salle",
    "capacity": "Places",
    "speakers": "Intervenants",
    "description": "Présentation",
    "video_url": "Retransmission",
    "registration_opens_at": "Ouverture des inscriptions",
    "registration_closes_at": "Clôture des inscriptions",
}

_STATUS = {
    "inscrit": "inscrit·e",
    "place_offerte": "place offerte",
    "attente": "liste d'attente",
    "annule": "annulé",
    "present": "présent·e",
    "absent": "absent·e",
}


def _changes(entry: Entry) -> list[Change]:
    return [
        Change(
            _LABELS.get(name, name),
            shown(truncatechars(str(entry.before.get(name, "")), 120)),
            shown(truncatechars(str(value), 120)),
        )
        for name, value in entry.after.items()
        if name in _LABELS
    ]


def _update(what: str):
    def sentence(entry: Entry) -> Sentence:
        version = entry.after.get("version")
        text = f"a modifié {what}"
        if version and entry.comment:
            text += f" (version {version})"
        return Sentence(text, _changes(entry))

    return sentence


def _relay(entry: Entry) -> Sentence:
    how = entry.after.get("how", "")
    return Sentence(
        f"a relayé l'annonce dans la direction {entry.after.get('direction', '')}"
        + (f" ({how.lower()})" if how else ""),
        tone="ok",
    )


def _status(phrase: str, tone: str = ""):
    def sentence(entry: Entry) -> Sentence:
        before, after = entry.before.get("status"), entry.after.get("status")
        changes = (
            [Change("État", _STATUS.get(before, shown(before)), _STATUS.get(after, shown(after)))]
            if before
            else []
        )
        who = f" ({entry.comment})" if entry.comment and "offer" in entry.action else ""
        return Sentence(phrase + who, changes, tone=tone)

    return sentence


SENTENCES = {
    "communication.announcement.create": lambda e: Sentence(
        f"a rédigé l'annonce « {truncatechars(e.after.get('title', ''), 150)} »", tone="ok"
    ),
    "communication.announcement.update": _update("l'annonce"),
    "communication.announcement.unmark": lambda e: Sentence(
        "a retiré l'annonce du bandeau « important »", tone="warn"
    ),
    "communication.announcement.acknowledge": lambda e: Sentence(
        "a pris connaissance de l'annonce"
    ),
    "communication.announcement.relay": _relay,
    "communication.announcement.remind": lambda e: Sentence(
        f"a relancé les directions qui n'ont pas relayé ({e.after.get('reminders', 0)})",
        tone="warn",
    ),
    "communication.session.create": lambda e: Sentence("a programmé la séance", tone="ok"),
    "communication.session.update": _update("la séance"),
    "communication.session.material": lambda e: Sentence("a joint les documents de la séance"),
    "communication.session.question": lambda e: Sentence("a posé une question en amont"),
    "communication.registration.register": lambda e: Sentence(
        "s'est inscrit·e"
        if e.after.get("status") == "inscrit"
        else "s'est mis·e en liste d'attente"
    ),
    "communication.registration.cancel": _status("a annulé son inscription", "warn"),
    "communication.registration.offer": _status("a offert une place libérée", "ok"),
    "communication.registration.confirm": _status("a confirmé sa place", "ok"),
    "communication.registration.lapse": _status(
        "a libéré une place non confirmée dans les 24 heures", "warn"
    ),
    "communication.registration.attendance": _status("a noté la présence"),
}
