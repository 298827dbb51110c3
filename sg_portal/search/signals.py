"""The index follows every change: a save or a deletion of an indexed object, and every journal
entry (a state change made by a conditional update sends no `post_save`, but is journalled)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save


def _saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from sg_portal.search.index import index_instance

    if kwargs.get("raw"):
        return  # fixtures and restores: `manage.py search_rebuild` follows
    index_instance(instance)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from sg_portal.search.index import unindex_instance

    unindex_instance(instance)


def _journalled(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    from sg_portal.search.index import index_journalled

    if created and not kwargs.get("raw"):
        index_journalled(instance)


def connect() -> None:
    from sg_portal.journal.models import Entry
    from sg_portal.search.kinds import all_kinds

    models = set()
    for kind in all_kinds():
        models.add(kind.model)
        for followed, _ in kind.follows:
            models.add(followed)
    for model in models:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(
            _deleted, sender=model, dispatch_uid=f"search-delete-{model._meta.label}"
        )
    post_save.connect(_journalled, sender=Entry, dispatch_uid="search-journal")
