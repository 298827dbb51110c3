"""`{% load journal %}{% journal_for report %}`: an object's history, the same on every page."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.db import models

from sg_portal.journal.models import Entry
from sg_portal.journal.selectors import DEFAULT_LIMIT, journal_of
from sg_portal.journal.sentences import lines

register = template.Library()


@register.inclusion_tag("journal/history.html")
def journal_for(
    obj: models.Model,
    entries: Sequence[Entry] | None = None,
    title: str = "Historique",
    limit: int = DEFAULT_LIMIT,
    empty: str = "Aucune modification pour le moment.",
) -> dict:
    """The history of `obj` (and of its sub-objects). A view that must hide some entries from
    the reader passes them already chosen as `entries`."""
    if entries is None:
        entries = journal_of(obj, limit=limit)
    return {
        "lines": lines(entries),
        "title": title,
        "empty": empty,
        "anchor": f"historique-{obj._meta.model_name}-{obj.pk}",
    }
