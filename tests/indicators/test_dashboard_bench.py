"""`make bench` on a tiny data set: it builds, times, counts and explains without failing."""

from __future__ import annotations

import pytest

from bench import data, measure
from bench.__main__ import table
from indicators.models import Indicator, Value

pytestmark = pytest.mark.django_db


def test_the_bench_builds_its_data_set_and_measures_every_page(demo_org):
    shape = data.SHAPES["tiny"]
    built = data.build(shape, log=lambda *a: None)
    assert Indicator.objects.filter(code__startswith=data.PREFIX).count() == 10
    assert built["values"] == Value.objects.count() > 0
    assert data.present(shape)
    results = measure.measure("tiny", ["sg.demo", data.director_username(shape)], runs=2, warmup=1)
    # every user gets the five reporting pages, then whatever the other functions add
    assert {(r.user, r.page) for r in results} >= {
        (user, page)
        for user in ("sg.demo", data.director_username(shape))
        for page in ("/tableau-de-bord/", "/tableau-de-bord/completude/", "/rapports/")
    }
    assert all(r.queries < 15 and r.sql_ms > 0 for r in results)  # "under 15"
    printed = table(measure.as_dicts(results))
    assert "/tableau-de-bord/completude/" in printed and printed.count("\n") == len(results) + 1


def test_the_large_shape_holds_well_over_a_million_values():
    assert data.expected_values(data.SHAPES["large"]) > 1_100_000
    assert data.expected_values(data.SHAPES["small"]) < 15_000
