"""The risks' acts in the journal, as sentences (see `sg_portal.journal.sentences`)."""

from __future__ import annotations

import datetime as dt

from sg_portal.journal.models import Entry
from sg_portal.journal.sentences import Change, Sentence

NONE = "—"
_LEVELS = {"faible": "Faible", "modere": "Modéré", "eleve": "Élevé", "critique": "Critique"}
_MEASURE = {
    "prevue": "Prévue",
    "en_cours": "En cours",
    "realisee": "Réalisée",
    "abandonnee": "Abandonnée",
}
_ESCALATION = {"": "Non escaladé", "pole": "Pôle", "sg": "Secrétaire générale"}
_FIELDS = {
    "title": "Intitulé",
    "description": "Description",
    "causes": "Causes",
    "consequences": "Conséquences",
    "category": "Catégorie",
    "scope": "Périmètre",
    "owner": "Propriétaire",
    "reviewer": "SG adjoint·e qui le revoit",
    "contributors": "Contributeur·rice·s",
}


def _date(value) -> str:
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return NONE


def _level(code) -> str:
    return _LEVELS.get(code or "", NONE)


def _create(entry: Entry) -> Sentence:
    after = entry.after
    return Sentence(
        "a enregistré le risque",
        [
            Change("Niveau brut", NONE, _level(after.get("gross_level"))),
            Change("Niveau net", NONE, _level(after.get("net_level"))),
        ],
    )


def _update(entry: Entry) -> Sentence:
    shown = [k for k in entry.before if k in _FIELDS and k not in {"description"}]
    changes = [
        Change(_FIELDS[k], str(entry.before.get(k) or NONE), str(entry.after.get(k) or NONE))
        for k in shown
        if k in {"title", "category", "scope"}
    ]
    others = [
        _FIELDS[k] for k in entry.before if k in _FIELDS and k not in {"title", "category", "scope"}
    ]
    text = "a modifié le risque"
    if others:
        text += " (" + ", ".join(others).lower() + ")"
    return Sentence(text, changes)


def _review(entry: Entry) -> Sentence:
    before, after = entry.before, entry.after
    if after.get("unchanged"):
        return Sentence("a revu le risque, sans changement", tone="ok")
    changes = [
        Change(label, _level(before.get(key)), _level(after.get(key)))
        for label, key in (("Niveau brut", "gross_level"), ("Niveau net", "net_level"))
        if before.get(key) != after.get(key)
    ]
    text = "a revu le risque"
    if after.get("acceptance_voided"):
        text += " ; l'acceptation en vigueur ne vaut plus pour ce nouvel état"
    return Sentence(text, changes)


def _accept(entry: Entry) -> Sentence:
    return Sentence(
        f"a accepté le risque au niveau {_level(entry.after.get('level')).lower()} "
        f"jusqu'au {_date(entry.after.get('expires_on'))}",
        tone="ok",
    )


def _escalate(entry: Entry) -> Sentence:
    return Sentence(
        "a escaladé le risque, au-dessus de la tolérance de sa catégorie",
        [
            Change(
                "Escalade",
                _ESCALATION.get(entry.before.get("escalation") or "", NONE),
                _ESCALATION.get(entry.after.get("escalation") or "", NONE),
            )
        ],
        "warn",
    )


def _measure_create(entry: Entry) -> Sentence:
    followed = ", suivie comme action de réunion" if entry.after.get("action") else ""
    return Sentence(f"a prévu la mesure « {entry.after.get('title', '')} »{followed}")


def _measure_status(entry: Entry) -> Sentence:
    return Sentence(
        f"a changé l'état de la mesure « {entry.after.get('title', '')} »",
        [
            Change(
                "État",
                _MEASURE.get(entry.before.get("status") or "", NONE),
                _MEASURE.get(entry.after.get("status") or "", NONE),
            )
        ],
    )


def _crossed(entry: Entry) -> Sentence:
    after = entry.after
    return Sentence(
        f"a signalé que l'indicateur « {after.get('indicator', '')} » a franchi son seuil "
        f"({after.get('value', '')} pour un seuil de {after.get('threshold', '')}) : revue demandée",
        tone="warn",
    )


SENTENCES = {
    "risks.risk.create": _create,
    "risks.risk.update": _update,
    "risks.risk.review": _review,
    "risks.risk.accept": _accept,
    "risks.risk.raise": lambda e: Sentence("a porté le risque à la cartographie consolidée du SG"),
    "risks.risk.close": lambda e: Sentence("a clos le risque", tone="ok"),
    "risks.risk.escalate": _escalate,
    "risks.risk.acceptance_expired": lambda e: Sentence(
        "a constaté l'échéance de l'acceptation : risque à revoir", tone="warn"
    ),
    "risks.risk.occurred": lambda e: Sentence(
        f"a noté que le risque s'est réalisé le {_date(e.after.get('occurred_on'))}", tone="bad"
    ),
    "risks.measure.create": _measure_create,
    "risks.measure.status": _measure_status,
    "risks.indicator.watch": lambda e: Sentence(
        f"a suivi l'indicateur clé « {e.after.get('indicator', '')} »"
    ),
    "risks.indicator.crossed": _crossed,
    "risks.campaign.start": lambda e: Sentence(
        f"a ouvert la cartographie {e.after.get('year', '')} à partir de la précédente"
    ),
    "risks.campaign.finish": lambda e: Sentence(
        "a déclaré la cartographie de l'année terminée", tone="ok"
    ),
}
