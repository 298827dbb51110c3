"""The reporting's acts in the journal, as sentences (see `sg_portal.journal.sentences`)."""

from __future__ import annotations

from django.template.defaultfilters import truncatechars

from sg_portal.journal.models import Entry
from sg_portal.journal.sentences import Change, Sentence, shown


def _value(entry: Entry) -> Sentence:
    name = entry.after.get("indicator_name") or "un indicateur"
    place = entry.after.get("arrondissement_label")
    label = f"{name} ({place})" if place else name
    return Sentence(
        f"a modifié la valeur « {label} »",
        [Change("Valeur", shown(entry.before.get("value")), shown(entry.after.get("value")))],
    )


def _comment(entry: Entry) -> Sentence:
    name = entry.after.get("indicator_name") or "un indicateur"
    before, after = entry.before.get("text", ""), entry.after.get("text", "")
    return Sentence(
        f"a modifié le commentaire sur « {name} »",
        [
            Change(
                "Commentaire",
                f"« {truncatechars(before, 120)} »" if before else "vide",
                f"« {truncatechars(after, 120)} »" if after else "effacé",
            )
        ],
    )


def _import(entry: Entry) -> Sentence:
    created = " (rapport créé validé)" if entry.after.get("created") else ""
    return Sentence(f"a importé l'historique du rapport{created}", tone="ok")


SENTENCES = {
    "indicators.value.save": _value,
    "indicators.comment.save": _comment,
    "indicators.report.submit": lambda e: Sentence("a soumis le rapport", tone="warn"),
    "indicators.report.validate": lambda e: Sentence("a validé le rapport", tone="ok"),
    "indicators.report.return": lambda e: Sentence("a renvoyé le rapport", tone="bad"),
    "indicators.report.reopen": lambda e: Sentence("a rouvert le rapport validé", tone="bad"),
    "indicators.report.import": _import,
}
