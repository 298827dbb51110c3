"""Many small reads in one round trip: the home page's contributions, whatever their number.

The home page gathers a few short lists from every app (reports to fill, actions, milestones,
risks to review, the sittings ahead…). Read one by one, they cost a query each, and the count
grows with the number of apps. An app describes such a read as a `Batched` (a filtered, ordered
queryset and how many rows it needs) instead of evaluating it; `fetch_all` then reads every
`Batched` of the page in ONE query on PostgreSQL: a `UNION ALL` whose branches each select one
JSON object per row (the model's columns, those of the related rows asked for, the annotations
asked for), from which the instances are rebuilt. Elsewhere (the embedded SQLite default, which
cannot order or slice inside a compound statement) each `Batched` is read on its own.

The rebuilt instances are ordinary model instances (`Model.from_db`), with the related rows
asked for in `related` already attached: reading a relation not asked for costs a query, which
the home page's query-count test notices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import F, IntegerField, Model, QuerySet, Value, Window
from django.db.models.functions import JSONObject, RowNumber

#: jsonb_build_object takes at most 100 arguments: a model's columns go in chunks of 40 pairs.
CHUNK = 40


@dataclass(eq=False)
class Batched:
    """A read to be done with the others: `queryset` (filtered and ordered, not sliced), the
    first `limit` rows (all if None), the `related` paths to attach (as `select_related` would),
    the annotations to keep (all of the queryset's by default), and `then` applied to the list of
    instances once read."""

    queryset: QuerySet
    limit: int | None = None
    related: Sequence[str] = ()
    annotations: Sequence[str] | None = None
    then: Callable[[list], Any] | None = None
    result: Any = field(default=None, init=False)
    done: bool = field(default=False, init=False)

    def _set(self, instances: list) -> None:
        self.result = self.then(instances) if self.then is not None else instances
        self.done = True

    def read_alone(self) -> None:
        queryset = self.queryset.select_related(*self.related) if self.related else self.queryset
        self._set(list(queryset if self.limit is None else queryset[: self.limit]))


def fetch_all(batches: Iterable[Batched]) -> None:
    """Reads every batch not read yet; on PostgreSQL in one query, each on its own elsewhere."""
    pending = list({id(batch): batch for batch in batches if not batch.done}.values())
    if not pending:
        return
    for batch in pending:
        if batch.limit == 0:
            batch._set([])
    pending = [batch for batch in pending if not batch.done]
    if not pending:
        return
    alias = pending[0].queryset.db
    if connections[alias].vendor != "postgresql":
        for batch in pending:
            batch.read_alone()
        return
    # DISTINCT would number the duplicates before removing them: such a read goes alone.
    for batch in pending:
        if batch.queryset.query.distinct:
            batch.read_alone()
    pending = [batch for batch in pending if not batch.done]
    if len(pending) < 2:
        for batch in pending:
            batch.read_alone()
        return
    branches = [_branch(index, batch) for index, batch in enumerate(pending)]
    combined = branches[0].union(*branches[1:], all=True).order_by("_b", "_n")
    rows: list[list[dict]] = [[] for _ in pending]
    for row in combined.using(alias):
        rows[row["_b"]].append(row["_row"])
    for batch, found in zip(pending, rows, strict=True):
        batch._set([_rebuild(batch, data, alias) for data in found])


def resolved[T](entries: Iterable[T | Batched]) -> list[T]:
    """A contribution made of plain entries and of `Batched` reads whose `then` gives a list of
    such entries (an app's dated items, its agenda suggestions): the reads done together, each
    list put in its read's place, in order."""
    entries = list(entries)
    fetch_all(entry for entry in entries if isinstance(entry, Batched))
    found: list[T] = []
    for entry in entries:
        if isinstance(entry, Batched):
            found.extend(entry.result)
        else:
            found.append(entry)
    return found


def _paths(model: type[Model], related: Sequence[str]) -> list[tuple[str, list[str], type[Model]]]:
    """(path, names, model) for each related path: « meeting__body » → the Body model."""
    expanded: list[str] = []
    for path in related:  # « meeting__body » attaches « meeting » first
        names = path.split("__")
        for end in range(1, len(names) + 1):
            if "__".join(names[:end]) not in expanded:
                expanded.append("__".join(names[:end]))
    out = []
    for path in expanded:
        current: Any = model
        names = path.split("__")
        for name in names:
            current = current._meta.get_field(name).related_model
        out.append((path, names, current))
    return out


def _columns(model: type[Model], prefix: str) -> JSONObject:
    fields = list(model._meta.concrete_fields)
    chunks = {
        f"c{start // CHUNK}": JSONObject(
            **{f.attname: F(prefix + f.attname) for f in fields[start : start + CHUNK]}
        )
        for start in range(0, len(fields), CHUNK)
    }
    return JSONObject(**chunks)


def _branch(index: int, batch: Batched) -> QuerySet:
    model = batch.queryset.model
    parts: dict[str, Any] = {"o": _columns(model, "")}
    for number, (path, _names, related_model) in enumerate(_paths(model, batch.related)):
        parts[f"r{number}"] = _columns(related_model, path + "__")
    annotations = _annotation_names(batch)
    if annotations:
        parts["a"] = JSONObject(**{name: F(name) for name in annotations})
    queryset = batch.queryset
    ordering = list(queryset.query.order_by or model._meta.ordering or ["pk"])
    if batch.limit is not None:
        # The first rows are chosen on their keys alone (a top-N sort of narrow rows), and only
        # those are turned into JSON: numbering all the rows first would sort them whole.
        queryset = queryset.filter(pk__in=queryset.values("pk")[: batch.limit])
    return queryset.values(
        _b=Value(index, output_field=IntegerField()),
        _n=Window(RowNumber(), order_by=[*ordering, "pk"]),
        _row=JSONObject(**parts),
    )


def _annotation_names(batch: Batched) -> list[str]:
    if batch.annotations is not None:
        return list(batch.annotations)
    return list(batch.queryset.query.annotations)


def _instance(model: type[Model], chunks: dict, alias: str) -> Model | None:
    data: dict = {}
    for chunk in chunks.values():
        data.update(chunk)
    if data.get(model._meta.pk.attname) is None:
        return None  # a nullable relation that is empty
    fields = model._meta.concrete_fields
    return model.from_db(
        alias, [f.attname for f in fields], [f.to_python(data[f.attname]) for f in fields]
    )


def _rebuild(batch: Batched, data: dict, alias: str) -> Model:
    model = batch.queryset.model
    instance = _instance(model, data["o"], alias)
    assert instance is not None
    attached: dict[str, Model | None] = {"": instance}
    for number, (path, names, related_model) in enumerate(_paths(model, batch.related)):
        related = _instance(related_model, data[f"r{number}"], alias)
        parent = attached.get("__".join(names[:-1]))
        if parent is not None:
            setattr(parent, names[-1], related)
        attached[path] = related
    for name, value in (data.get("a") or {}).items():
        setattr(instance, name, _annotation(batch.queryset, name, value))
    return instance


def _annotation(queryset: QuerySet, name: str, value: Any) -> Any:
    """An annotation read back from JSON in its own type (a date, a datetime…)."""
    if value is None:
        return None
    output = queryset.query.annotations[name].output_field
    try:
        return output.to_python(value)
    except Exception:
        return value
