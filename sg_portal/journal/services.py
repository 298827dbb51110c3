"""The one way to write the journal."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sg_portal.journal.models import ACTION_MAX_LENGTH, COMMENT_MAX_LENGTH, Entry

ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2,}$")


def plain(value: Any) -> Any:
    """A value as JSON keeps it: an object by its id, a date or an amount as text, a set sorted."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime | Decimal):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return items if isinstance(value, list | tuple) else sorted(items, key=str)
    return value


def journal_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
    parent: models.Model | None = None,
    at: dt.datetime | None = None,
) -> Entry:
    """Record one state change of `obj`.

    Call it inside the transaction of the act (`@transaction.atomic` or `with
    transaction.atomic()`), after the change is written: if the act rolls back, so does its entry,
    and an act that did not happen (a conditional update that lost) records nothing.

    `actor` is the person acting, or None for the portal itself (beat, import). `action` is
    namespaced `<app>.<thing>.<verb>`; the owning app's `journal.py` gives its French sentence.
    `parent` is the object whose page shows this entry besides `obj`'s own (a milestone's project).
    Models in `before`/`after` are stored by id, dates as ISO text, amounts as text.
    """
    if len(action) > ACTION_MAX_LENGTH or not ACTION_PATTERN.match(action):
        raise ValueError(f"Action de journal mal formée : {action!r} (app.objet.verbe).")
    if obj.pk is None:
        raise ValueError("Seul un objet enregistré peut être journalisé.")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        comment = comment[: COMMENT_MAX_LENGTH - 1] + "…"
    entry = Entry(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        before=plain(before or {}),
        after=plain(after or {}),
        comment=comment,
    )
    if at is not None:
        entry.at = at
    if parent is not None:
        entry.parent_type = ContentType.objects.get_for_model(parent)
        entry.parent_id = parent.pk
    entry.save(force_insert=True)
    return entry
