"""The single sign-on's acts in the journal, as sentences (see `sg_portal.journal.sentences`)."""

from __future__ import annotations

from directions import policy
from sg_portal.journal.models import Entry
from sg_portal.journal.sentences import Change, Sentence


def _role(data: dict) -> str:
    return policy.role_label(data.get("role") or "") if data else ""


def _create(entry: Entry) -> Sentence:
    return Sentence(f"a créé le compte à la première connexion ({_role(entry.after)})", tone="ok")


def _scope(entry: Entry) -> Sentence:
    changes = []
    if entry.before.get("role") != entry.after.get("role"):
        changes.append(Change("Rôle", _role(entry.before), _role(entry.after)))
    return Sentence("a mis à jour le rôle et le périmètre depuis l'annuaire", changes=changes)


SENTENCES = {"sso.account.create": _create, "sso.account.scope": _scope}
