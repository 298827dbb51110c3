"""Reading the journal: the history of one object, with the entries of its sub-objects."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from sg_portal.journal.models import Entry

DEFAULT_LIMIT = 200


def journal_of(obj: models.Model, *, limit: int | None = DEFAULT_LIMIT) -> list[Entry]:
    """The entries about `obj` and those whose parent is `obj`, newest first, with their actors.

    One query (plus the content type's, cached by Django after the first), whatever the number
    of entries: sentences are written from the entries alone.
    """
    content_type = ContentType.objects.get_for_model(obj)
    entries = (
        Entry.objects.filter(
            Q(content_type=content_type, object_id=obj.pk)
            | Q(parent_type=content_type, parent_id=obj.pk)
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    return list(entries[:limit] if limit else entries)
