"""The journal in French sentences, each written by the app that owns the action.

An app contributes its sentences by defining `<app>/journal.py` with a dict
`SENTENCES = {"<app>.<thing>.<verb>": function}`; each function takes an `Entry` and returns a
`Sentence` (or a plain string): the act as it reads after the actor's name ("a validé le
rapport"), with, where useful, what changed. Functions read the entry only, never the database,
so a page of history costs one query. The kernel imports no app: it finds them by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from sg_portal.contributions import each
from sg_portal.journal.models import Entry

SYSTEM = "Le portail"
EMPTY = "vide"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Sentence:
    text: str  # after the actor's name: "a validé le rapport"
    changes: Sequence[Change] = ()
    tone: str = ""  # "ok", "warn", "bad" or "": the colour of the entry's mark


@dataclass(frozen=True)
class Line:
    """One entry ready to show: who, the sentence, when, what changed, the comment."""

    entry: Entry
    who: str
    text: str
    changes: Sequence[Change] = field(default_factory=tuple)
    tone: str = ""

    @property
    def at(self):
        return self.entry.at

    @property
    def comment(self) -> str:
        return self.entry.comment


Describe = Callable[[Entry], "Sentence | str"]


@cache
def sentences() -> Mapping[str, Describe]:
    found: dict[str, Describe] = {}
    for contributed in each("journal", "SENTENCES"):
        found.update(cast(Mapping[str, Describe], contributed))  # a dict, not a function
    return found


def shown(value: object, empty: str = EMPTY) -> str:
    """A stored value as a reader sees it."""
    if value in (None, "", [], {}):
        return empty
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def who(entry: Entry) -> str:
    if entry.actor is None:
        return SYSTEM
    return entry.actor.get_full_name() or entry.actor.get_username()


def describe(entry: Entry) -> Sentence:
    function = sentences().get(entry.action)
    if function is None:
        return Sentence(f"a enregistré « {entry.action} »")
    result = function(entry)
    return Sentence(result) if isinstance(result, str) else result


def lines(entries: Sequence[Entry]) -> list[Line]:
    out = []
    for entry in entries:
        sentence = describe(entry)
        out.append(
            Line(
                entry=entry,
                who=who(entry),
                text=sentence.text,
                changes=tuple(sentence.changes),
                tone=sentence.tone,
            )
        )
    return out
