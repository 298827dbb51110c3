"""`sg_portal.batch`: many small reads in one query on PostgreSQL, each alone elsewhere, and the
same instances either way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext

from directions.models import Direction, Pole, User
from sg_portal import agenda
from sg_portal.agenda import AgendaSuggestion
from sg_portal.batch import Batched, fetch_all, resolved

pytestmark = pytest.mark.django_db


def _reads(demo_org):
    return [
        Batched(Direction.objects.order_by("-code"), limit=3, related=("pole",)),
        Batched(
            User.objects.filter(username__in=["dir.dases", "sg.demo", "cm.demo", "admin.demo"])
            .annotate(twice=F("pk") * 2)
            .order_by("username"),
            related=("direction__pole",),
        ),
        Batched(Pole.objects.order_by("name"), then=lambda poles: [p.name for p in poles]),
        Batched(Direction.objects.filter(code="AUCUNE")),
    ]


def _plain(reads):
    """What each read gives when done alone (as on SQLite)."""
    for read in reads:
        read.read_alone()
    return [read.result for read in reads]


def test_every_read_is_done_in_one_query_with_the_same_instances(demo_org):
    expected = _plain(_reads(demo_org))
    reads = _reads(demo_org)
    with CaptureQueriesContext(connection) as captured:
        fetch_all(reads)
    assert len(captured.captured_queries) == 1
    assert "UNION ALL" in captured.captured_queries[0]["sql"]
    directions, users, poles, nothing = (read.result for read in reads)
    assert [d.code for d in directions] == [d.code for d in expected[0]]
    assert [u.username for u in users] == ["admin.demo", "cm.demo", "dir.dases", "sg.demo"]
    assert poles == expected[2] and nothing == []
    with CaptureQueriesContext(connection) as captured:
        # the related rows asked for are attached, in their own types, nullable ones included
        poles_of = [d.pole.name if d.pole else None for d in directions]
        assert poles_of == [d.pole.name if d.pole else None for d in expected[0]]
        dases = users[2]
        assert dases.direction.code == "DASES" and dases.direction.pole.name
        assert [u.direction_id for u in users] == [u.direction_id for u in expected[1]]
        assert dases.twice == dases.pk * 2
        assert isinstance(dases.date_joined, dt.datetime) and dases.date_joined.tzinfo
        assert dases.date_joined == User.objects.get(pk=dases.pk).date_joined
    assert len(captured.captured_queries) == 1  # only the last line's own get()


def test_an_empty_nullable_relation_is_none(demo_org):
    without = Direction.objects.create(code="ZZZ", name="Sans pôle", pole=None)
    read = Batched(Direction.objects.filter(pk=without.pk), related=("pole",))
    other = Batched(Pole.objects.all(), limit=1)
    fetch_all([read, other])
    assert read.result == [without] and read.result[0].pole is None


def test_limits_and_order_hold_in_each_branch(demo_org):
    first = Batched(Direction.objects.order_by("code"), limit=2)
    last = Batched(Direction.objects.order_by("-code"), limit=2)
    fetch_all([first, last])
    codes = sorted(Direction.objects.values_list("code", flat=True))
    assert [d.code for d in first.result] == codes[:2]
    assert [d.code for d in last.result] == codes[::-1][:2]


def test_a_distinct_read_goes_alone_and_an_aggregate_stays_typed(demo_org):
    distinct = Batched(Direction.objects.filter(pole__isnull=False).distinct().order_by("code"))
    counted = Batched(
        Pole.objects.annotate(directions_count=Count("directions")).order_by("name"),
        limit=1,
    )
    other = Batched(Pole.objects.order_by("name"), limit=1)
    with CaptureQueriesContext(connection) as captured:
        fetch_all([distinct, counted, other])
    assert len(captured.captured_queries) == 2
    assert distinct.result and isinstance(counted.result[0].directions_count, int)


def test_without_postgresql_each_read_is_done_alone(demo_org, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    reads = _reads(demo_org)
    with CaptureQueriesContext(connection) as captured:
        fetch_all(reads)
    assert len(captured.captured_queries) == len(reads)
    assert [u.username for u in reads[1].result] == [
        "admin.demo",
        "cm.demo",
        "dir.dases",
        "sg.demo",
    ]


def test_a_read_done_already_is_not_done_again(demo_org):
    read = Batched(Pole.objects.all(), limit=0)
    with CaptureQueriesContext(connection) as captured:
        fetch_all([read, read])
    assert read.done and read.result == [] and not captured.captured_queries


@pytest.mark.parametrize("empty_first", [True, False])
def test_an_empty_queryset_among_the_reads(demo_org, empty_first):
    empty = Batched(Pole.objects.none(), limit=5)
    poles = Batched(Pole.objects.order_by("name"), limit=2)
    directions = Batched(Direction.objects.order_by("code"), limit=2)
    fetch_all([empty, poles, directions] if empty_first else [poles, directions, empty])
    assert empty.result == []
    assert [p.name for p in poles.result] == list(
        Pole.objects.order_by("name").values_list("name", flat=True)[:2]
    )
    assert len(directions.result) == 2


def test_only_empty_querysets(demo_org):
    reads = [Batched(Pole.objects.none()), Batched(Direction.objects.none(), limit=3)]
    fetch_all(reads)
    assert [read.result for read in reads] == [[], []]


def test_an_apps_entries_keep_their_order_with_each_read_in_its_place(demo_org):
    codes = Batched(
        Direction.objects.order_by("code"), limit=2, then=lambda ds: [d.code for d in ds]
    )
    names = Batched(Pole.objects.order_by("name"), limit=1, then=lambda ps: [p.name for p in ps])
    first_codes = list(Direction.objects.order_by("code").values_list("code", flat=True)[:2])
    first_pole = Pole.objects.order_by("name").values_list("name", flat=True)[0]
    with CaptureQueriesContext(connection) as captured:
        found = resolved(["début", codes, "milieu", names])
    assert found == ["début", *first_codes, "milieu", first_pole]
    assert len(captured.captured_queries) == 1


def test_every_apps_agenda_suggestions_are_read_in_one_query_with_the_callers(
    demo_org, monkeypatch
):
    def directions(*, meeting, directions, today):
        return [
            AgendaSuggestion(key="a:1", title="Zéro", reason="", weight=90),
            Batched(
                Direction.objects.filter(code__in=["DASES", "DRH"]).order_by("code"),
                then=lambda rows: [
                    AgendaSuggestion(key=f"d:{d.pk}", title=d.code, reason="", weight=20)
                    for d in rows
                ],
            ),
        ]

    def poles(*, meeting, directions, today):
        return [
            Batched(
                Pole.objects.order_by("name"),
                limit=1,
                then=lambda rows: [
                    AgendaSuggestion(key=f"p:{p.pk}", title=p.name, reason="", weight=10)
                    for p in rows
                ],
            )
        ]

    monkeypatch.setattr(agenda, "each", lambda *_: iter([directions, poles]))
    users = Batched(User.objects.filter(username="sg.demo"))
    with CaptureQueriesContext(connection) as captured:
        found = agenda.collect_suggestions(
            meeting=None, directions=None, today=dt.date(2026, 12, 1), reads=[users]
        )
    assert len(captured.captured_queries) == 1
    first_pole = Pole.objects.order_by("name").first()
    assert [(s.weight, s.title) for s in found] == [
        (10, first_pole.name),
        (20, "DASES"),
        (20, "DRH"),
        (90, "Zéro"),
    ]
    assert [u.username for u in users.result] == ["sg.demo"]
