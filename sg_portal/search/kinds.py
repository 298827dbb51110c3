"""The kinds of searchable documents, contributed by the apps (`<app>/search.py`).

An app defines `searchable() -> list[SearchKind]`. Each kind says which model it indexes, how one
object reads in the index (`document`), and which objects a reader may see (`visible`): that
function calls the app's own selector (`reports_visible_to(user)`...), so the search never
decides visibility itself; it keeps only the hits whose object the selector returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import models

from sg_portal.contributions import each


@dataclass(frozen=True)
class Entry:
    """How one object reads in the index."""

    title: str
    url: str
    context: str = ""  # one line under the title: « DASES · Rapport de la 1re quinzaine »
    body: str = ""  # the text searched and excerpted (comments, descriptions…)
    code: str = ""  # exact codes and acronyms, shown first when typed as they are


@dataclass(frozen=True)
class SearchKind:
    key: str  # "<app>.<thing>", such as "indicators.report"
    label: str  # the group's heading, plural: « Rapports »
    model: type[models.Model]
    #: Every object to index (for the rebuild), with what `document` reads already joined.
    queryset: Callable[[], models.QuerySet]
    #: The object as a document, or None when it must not be found (a cancelled draft…).
    document: Callable[[Any], Entry | None]
    #: The reader's objects: the app's selector; None when the reader sees none of this kind.
    visible: Callable[[Any], models.QuerySet | None]
    order: int = 100  # among the groups of equal relevance
    #: Other models whose change re-reads objects of this kind: (model, instance -> objects).
    follows: tuple[tuple[type[models.Model], Callable[[Any], Iterable[Any]]], ...] = field(
        default_factory=tuple
    )


@cache
def all_kinds() -> tuple[SearchKind, ...]:
    from sg_portal.search.organisation import searchable as organisation_kinds

    found: list[SearchKind] = list(organisation_kinds())
    for contribute in each("search", "searchable"):
        found.extend(contribute())
    keys = [kind.key for kind in found]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"search kinds declared twice: {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda kind: kind.order))


def kind_by_key() -> dict[str, SearchKind]:
    return {kind.key: kind for kind in all_kinds()}


def kinds_of_model(model: type[models.Model]) -> list[SearchKind]:
    return [kind for kind in all_kinds() if kind.model is model]
