"""Writing the index: one object at a time as it changes, or every object of every kind."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from sg_portal.search.kinds import Entry, SearchKind, all_kinds, kinds_of_model
from sg_portal.search.models import Document
from sg_portal.search.text import code_of, normalise

#: The PostgreSQL text search configuration the migration creates: French stems, accents off.
CONFIG = "french_unaccent"

BATCH = 2000


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _vector() -> Any:
    return (
        SearchVector(Coalesce("code", Value("")), weight="A", config=CONFIG)
        + SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("context", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )


def _row(kind: SearchKind, obj: Any, entry: Entry) -> Document:
    title = entry.title[:400]
    context = entry.context[:300]
    code = code_of(entry.code)
    body = entry.body[:20000]
    return Document(
        kind=kind.key,
        object_id=obj.pk,
        title=title,
        code=code,
        context=context,
        body=body,
        url=entry.url[:300],
        normalised=normalise(" ".join((code, title, context, body))),
        title_normalised=normalise(f"{code} {title}")[:400],
    )


FIELDS = ["title", "code", "context", "body", "url", "normalised", "title_normalised"]


def _upsert(rows: list[Document]) -> None:
    if rows:
        Document.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=[*FIELDS, "updated_at"],
        )


def index_objects(kind: SearchKind, pks: Iterable[Any]) -> None:
    """Re-reads these objects of one kind into the index: a few queries for any number."""
    wanted = set(pks)
    if not wanted:
        return
    rows, gone = [], set(wanted)
    for obj in kind.queryset().filter(pk__in=list(wanted)):
        entry = kind.document(obj)
        if entry is not None:
            rows.append(_row(kind, obj, entry))
            gone.discard(obj.pk)
    if gone:
        Document.objects.filter(kind=kind.key, object_id__in=gone).delete()
    if rows:
        _upsert(rows)
        if uses_postgres():
            Document.objects.filter(
                kind=kind.key, object_id__in=[row.object_id for row in rows]
            ).update(vector=_vector())


# --- Following changes: what a transaction touched is re-read once, when it commits -----------


def _mark(kind_key: str, pk: Any) -> None:
    """Remembers an object to re-read when the surrounding transaction commits (at once when
    there is none): an act that saves a report ten times re-reads it once, and an act that
    rolls back changes nothing in the index."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        _flush({kind_key: {pk}})
        return
    flush = getattr(conn, "_search_flush", None)
    # A rolled-back savepoint drops the callbacks registered inside it: register anew then.
    if flush is None or not any(entry[1] is flush for entry in conn.run_on_commit):
        flush = partial(_flush, {})
        conn._search_flush = flush
        transaction.on_commit(flush)
    flush.args[0].setdefault(kind_key, set()).add(pk)


def _flush(pending: dict[str, set[Any]]) -> None:
    conn = transaction.get_connection()
    flush = getattr(conn, "_search_flush", None)
    if flush is not None and flush.args[0] is pending:
        conn._search_flush = None
    known = {kind.key: kind for kind in all_kinds()}
    for kind_key, pks in list(pending.items()):
        index_objects(known[kind_key], pks)


def index_instance(instance: models.Model) -> None:
    """Marks the object (and those of other kinds that follow its model) to re-read."""
    for kind in kinds_of_model(type(instance)):
        _mark(kind.key, instance.pk)
    for kind in all_kinds():
        for followed, related in kind.follows:
            if isinstance(instance, followed):
                for obj in related(instance):
                    if obj is not None:
                        _mark(kind.key, obj.pk)


def unindex_instance(instance: models.Model) -> None:
    index_instance(instance)  # re-reading an object that is gone deletes its document


def index_journalled(entry: Any) -> None:
    """A journalled state change re-reads its object (and the page it belongs to)."""
    for type_id, object_id in (
        (entry.content_type_id, entry.object_id),
        (entry.parent_type_id, entry.parent_id),
    ):
        if not type_id or object_id is None:
            continue
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for kind in kinds_of_model(model):
            _mark(kind.key, object_id)


def rebuild(*, kinds: Iterable[SearchKind] | None = None, stdout: Any = None) -> dict[str, int]:
    """Rewrites the index of the given kinds (all by default) from the database; returns the
    number of documents per kind. Each kind is replaced in one transaction: a search during a
    rebuild sees the old documents or the new ones, never none."""
    counts: dict[str, int] = {}
    for kind in kinds or all_kinds():
        with transaction.atomic():
            # Rows are rewritten in place, so a document keeps its id (and what points to it)
            # across rebuilds; those not rewritten since the start are gone from the database.
            started = timezone.now()
            rows: list[Document] = []
            total = 0
            for obj in kind.queryset().iterator(chunk_size=BATCH):
                entry = kind.document(obj)
                if entry is None:
                    continue
                rows.append(_row(kind, obj, entry))
                if len(rows) >= BATCH:
                    _upsert(rows)
                    total += len(rows)
                    rows = []
            _upsert(rows)
            total += len(rows)
            Document.objects.filter(kind=kind.key, updated_at__lt=started).delete()
            if uses_postgres():
                Document.objects.filter(kind=kind.key).update(vector=_vector())
        counts[kind.key] = total
        if stdout is not None:
            stdout.write(f"{kind.label} : {total}")
    if uses_postgres():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")  # the planner learns the new rows
    return counts


def flush_pending() -> None:
    """Re-reads now what the current transaction touched (the tests' transaction never commits)."""
    flush = getattr(transaction.get_connection(), "_search_flush", None)
    if flush is not None:
        flush()
