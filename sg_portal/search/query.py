"""Searching: one query, whatever the number of kinds, keeping only what the reader may see.

Each kind's hits are filtered by the app's own selector (`SearchKind.visible`), inside the same
SQL statement: a hit the reader may not open is neither shown nor counted nor excerpted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sg_portal.search.index import CONFIG, uses_postgres
from sg_portal.search.kinds import SearchKind, all_kinds
from sg_portal.search.models import Document
from sg_portal.search.text import code_of, normalise, words

PER_KIND = 5
ONE_KIND = 50


@dataclass
class Hit:
    title: str
    url: str
    context: str
    excerpt: SafeString
    exact: bool


@dataclass
class Group:
    kind: SearchKind
    total: int
    hits: list[Hit] = field(default_factory=list)
    best: tuple = ()


@dataclass
class Results:
    query: str
    groups: list[Group]
    kind: SearchKind | None = None

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def visible_q(user: Any, kinds: list[SearchKind]) -> Q:
    allowed = Q(pk__in=[])
    for kind in kinds:
        objects = kind.visible(user)
        if objects is None:
            continue
        allowed |= Q(kind=kind.key, object_id__in=objects.values("pk"))
    return allowed


def _matches(query: str, *, typos: bool = False) -> tuple[Q, dict[str, Any]]:
    """The match and the relevance, on PostgreSQL or on the SQLite fallback.

    On PostgreSQL the words are matched by their French stems first; only when that finds
    nothing are titles compared by trigrams (`typos`), which tolerate a misspelling but cost
    far more on common syllables."""
    code = code_of(query)
    exact = Case(
        When(code=code, then=Value(2)),
        When(code__startswith=f"{code} ", then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    terms = words(query)
    if uses_postgres():
        text = normalise(query)
        relevance: Any
        if typos:
            # `%>`: word similarity above pg_trgm's threshold, through the trigram index.
            match = Q(title_normalised__trigram_word_similar=text)
            relevance = TrigramWordSimilarity(text, "title_normalised")
        else:
            tsquery = SearchQuery(query, config=CONFIG, search_type="websearch")
            match = Q(vector=tsquery)
            relevance = SearchRank(F("vector"), tsquery)
    else:
        match = Q()
        for term in terms:
            match &= Q(normalised__contains=term)
        relevance = Case(
            When(title_normalised__contains=normalise(query), then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    if code:
        match |= Q(code=code) | Q(code__startswith=f"{code} ")
    return match, {"exact": exact, "relevance": relevance}


def search(user: Any, query: str, *, kind_key: str = "") -> Results:
    kinds = list(all_kinds())
    chosen = next((k for k in kinds if k.key == kind_key), None)
    if chosen is not None:
        kinds = [chosen]
    if not words(query):
        return Results(query=query, groups=[], kind=chosen)
    groups = _groups(user, query, kinds, chosen, typos=False)
    if not groups and uses_postgres():
        groups = _groups(user, query, kinds, chosen, typos=True)
    return Results(query=query, groups=groups, kind=chosen)


def _groups(
    user: Any, query: str, kinds: list[SearchKind], chosen: SearchKind | None, *, typos: bool
) -> list[Group]:
    match, annotations = _matches(query, typos=typos)
    ordering = [F("exact").desc(), F("relevance").desc(), F("title").asc(), F("pk").asc()]
    documents = (
        Document.objects.filter(visible_q(user, kinds))
        .filter(match)
        .annotate(**annotations)
        .annotate(
            rank_in_kind=Window(RowNumber(), partition_by=[F("kind")], order_by=ordering),
            total_in_kind=Window(
                expression=_count(), partition_by=[F("kind")], output_field=IntegerField()
            ),
        )
        .filter(rank_in_kind__lte=ONE_KIND if chosen else PER_KIND)
        .only("kind", "title", "url", "context", "body", "code")
        .order_by("kind", "rank_in_kind")
    )
    by_key = {kind.key: kind for kind in kinds}
    groups: dict[str, Group] = {}
    highlight = _highlighter(query)
    doc: Any
    for doc in documents:
        group = groups.get(doc.kind)
        if group is None:
            group = groups[doc.kind] = Group(kind=by_key[doc.kind], total=doc.total_in_kind)
            order = by_key[doc.kind].order
            # Exact codes first (in the kinds' order), then the most relevant group.
            group.best = (-doc.exact, order if doc.exact else 0, -float(doc.relevance or 0), order)
        group.hits.append(
            Hit(
                title=doc.title,
                url=doc.url,
                context=doc.context,
                excerpt=_excerpt(doc.body, highlight),
                exact=doc.exact > 0,
            )
        )
    return sorted(groups.values(), key=lambda group: group.best)


def _count() -> Any:
    from django.db.models import Count

    return Count("pk")


def _highlighter(query: str) -> re.Pattern[str] | None:
    """Words of the text whose normalised form starts like a word of the query (stems: « crèche »
    lights « crèches »)."""
    stems = {w[: max(4, len(w) - 2)] if len(w) > 4 else w for w in words(query) if len(w) > 1}
    return (
        re.compile("|".join(sorted(map(re.escape, stems), key=len, reverse=True)))
        if stems
        else None
    )


EXCERPT = 220


def _excerpt(body: str, pattern: re.Pattern[str] | None) -> SafeString:
    if not body:
        return mark_safe("")
    tokens = list(re.finditer(r"\w+", body))
    first = None
    if pattern is not None:
        for token in tokens:
            if pattern.match(normalise(token.group())):
                first = token.start()
                break
    start = 0 if first is None or first < EXCERPT // 3 else max(0, body.rfind(" ", 0, first - 60))
    piece = body[start : start + EXCERPT]
    out: list[str] = ["… " if start else ""]
    cursor = 0
    for token in re.finditer(r"\w+", piece):
        if pattern is not None and pattern.match(normalise(token.group())):
            out.append(escape(piece[cursor : token.start()]))
            out.append(f"<mark>{escape(token.group())}</mark>")
            cursor = token.end()
    out.append(escape(piece[cursor:]))
    if start + EXCERPT < len(body):
        out.append(" …")
    return mark_safe("".join(out))  # every piece of the text is escaped above
