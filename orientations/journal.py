"""The orientations' acts in the journal, as sentences (see `sg_portal.journal.sentences`)."""

from __future__ import annotations

from orientations.models import Orientation, Verdict
from sg_portal.journal.models import Entry
from sg_portal.journal.sentences import Change, Sentence

_OUTCOMES = {
    "retenu": "a enregistré l'arbitrage de la Maire",
    "renvoi": "a enregistré le renvoi de l'orientation pour de nouveaux scénarios",
    "abandon": "a enregistré l'abandon de l'orientation",
}


def _status(entry: Entry) -> list[Change]:
    before, after = entry.before.get("status"), entry.after.get("status")
    if before is None or after is None:
        return []
    return [Change("État", Orientation.Status.label_of(before), Orientation.Status.label_of(after))]


def _create(entry: Entry) -> Sentence:
    return Sentence(f"a créé l'orientation « {entry.after.get('title', '')} »")


def _update(entry: Entry) -> Sentence:
    return Sentence("a modifié l'orientation")


def _scenario(verb: str):
    def sentence(entry: Entry) -> Sentence:
        return Sentence(
            f"a {verb} le scénario {entry.after.get('letter', '')} « {entry.after.get('title', '')} »"
        )

    return sentence


def _recommend(entry: Entry) -> Sentence:
    return Sentence(f"a préconisé le scénario {entry.after.get('scenario', '')}", tone="ok")


def _open(entry: Entry) -> Sentence:
    officials = ", ".join(entry.after.get("officials", []))
    deadline = entry.after.get("deadline", "")
    shown = f"{deadline[8:10]}/{deadline[5:7]}/{deadline[:4]}" if len(deadline) == 10 else deadline
    # A round after the first says so (entries before the rounds existed carry none).
    round_ = entry.after.get("round") or 1
    which = "la consultation" if round_ == 1 else f"une nouvelle consultation (n° {round_})"
    return Sentence(f"a ouvert {which} jusqu'au {shown} ({officials})", changes=_status(entry))


def _opinion(verb: str):
    def sentence(entry: Entry) -> Sentence:
        official = entry.after.get("official", "")
        verdict = Verdict.label_of(entry.after.get("verdict"))
        behalf = f" pour {official}" if entry.after.get("on_behalf") else ""
        return Sentence(f"a {verb} l'avis{behalf} : {verdict.lower()}")

    return sentence


def _deemed(entry: Entry) -> Sentence:
    sent = entry.after.get("sent_at", "")
    shown = f"{sent[8:10]}/{sent[5:7]}/{sent[:4]}" if len(sent) >= 10 else sent
    return Sentence(
        f"a constaté l'absence de réponse de {entry.after.get('official', '')} à la date limite : "
        f"réputé·e sans avis (demande envoyée le {shown})",
        tone="warn",
    )


def _close(entry: Entry) -> Sentence:
    return Sentence("a clos la consultation à la date limite", changes=_status(entry))


def _arbitration(entry: Entry) -> Sentence:
    text = _OUTCOMES.get(entry.after.get("outcome", ""), "a enregistré un arbitrage")
    if entry.after.get("scenario"):
        text += f" : scénario {entry.after['scenario']} retenu"
    if entry.after.get("contrary"):
        text += ", contrairement à la préconisation"
    if entry.after.get("supersedes"):
        text += " (remplace l'arbitrage précédent)"
    if entry.after.get("on_behalf"):
        text += ", au nom de la Maire"
    return Sentence(
        text, changes=_status(entry), tone="warn" if entry.after.get("contrary") else "ok"
    )


def _launch(kind: str):
    def sentence(entry: Entry) -> Sentence:
        name = entry.after.get("name") or entry.after.get("reference") or entry.after.get("title")
        return Sentence(f"a lancé {kind} « {name} »", tone="ok")

    return sentence


SENTENCES = {
    "orientations.orientation.create": _create,
    "orientations.orientation.update": _update,
    "orientations.scenario.create": _scenario("ajouté"),
    "orientations.scenario.update": _scenario("modifié"),
    "orientations.orientation.recommend": _recommend,
    "orientations.consultation.open": _open,
    "orientations.opinion.give": _opinion("donné"),
    "orientations.opinion.amend": _opinion("modifié"),
    "orientations.opinion.deemed": _deemed,
    "orientations.consultation.close": _close,
    "orientations.arbitration.record": _arbitration,
    "orientations.launch.project": _launch("le projet"),
    "orientations.launch.deliberation": _launch("la délibération"),
    "orientations.launch.action": _launch("l'action de suivi"),
    "orientations.action.close": lambda entry: Sentence(
        f"a clos l'action « {entry.after.get('title', '')} »", tone="ok"
    ),
}
