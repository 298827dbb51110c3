import datetime as dt

import pytest

from directions.models import Direction
from projects.selectors import three_month_view
from tests.factories import make_direction, make_director

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def sittings(make_sitting):
    return {
        "past": make_sitting(dt.date(2026, 11, 10)),
        "dec": make_sitting(dt.date(2026, 12, 8)),
        "jan": make_sitting(dt.date(2027, 1, 12)),
        "feb": make_sitting(dt.date(2027, 2, 9)),
        "mar": make_sitting(dt.date(2027, 3, 9)),  # beyond three months
    }


def test_the_view_lists_the_sittings_of_the_next_three_months(sittings, charge_mission):
    view = three_month_view(charge_mission, today=TODAY)
    assert [f.sitting for f in view] == [sittings["dec"], sittings["jan"], sittings["feb"]]


def test_deliberations_are_grouped_by_direction_within_each_sitting(
    sittings, make_deliberation, charge_mission
):
    dases, dvd, df = (Direction.objects.get(code=c) for c in ("DASES", "DVD", "DF"))
    make_deliberation(dvd, sittings["dec"], title="Tramway")
    make_deliberation(dases, sittings["dec"], title="Santé")
    make_deliberation(dases, sittings["dec"], title="Enfance")
    make_deliberation(df, sittings["jan"], title="Budget")
    make_deliberation(df, sittings["past"], title="Passée")
    make_deliberation(df, sittings["mar"], title="Trop loin")

    dec, jan, feb = three_month_view(charge_mission, today=TODAY)
    assert [(d.code, [x.title for x in items]) for d, items in dec.by_direction] == [
        ("DASES", ["Santé", "Enfance"]),
        ("DVD", ["Tramway"]),
    ]
    assert dec.total == 3
    assert [(d.code, len(items)) for d, items in jan.by_direction] == [("DF", 1)]
    assert feb.total == 0 and feb.by_direction == []


def test_a_deliberation_moved_to_a_later_sitting_shows_as_a_slip_on_both(
    sittings, make_deliberation, charge_mission
):
    dases = Direction.objects.get(code="DASES")
    slipped = make_deliberation(
        dases, sittings["jan"], title="Reportée", moved_from=sittings["dec"]
    )
    make_deliberation(dases, sittings["jan"], title="Prévue en janvier")
    dec, jan, _ = three_month_view(charge_mission, today=TODAY)
    assert [move.deliberation for move in dec.slipped_out] == [slipped]
    assert dec.total == 0
    assert jan.slipped_in == [slipped]
    assert jan.total == 2


def test_a_move_to_an_earlier_sitting_is_not_a_slip(sittings, make_deliberation, charge_mission):
    dases = Direction.objects.get(code="DASES")
    make_deliberation(dases, sittings["dec"], title="Avancée", moved_from=sittings["jan"])
    dec, jan, _ = three_month_view(charge_mission, today=TODAY)
    assert dec.slipped_in == [] and jan.slipped_out == []


def test_the_view_filters_by_direction(sittings, make_deliberation, charge_mission):
    dases, dvd = Direction.objects.get(code="DASES"), Direction.objects.get(code="DVD")
    make_deliberation(dases, sittings["dec"])
    make_deliberation(dvd, sittings["dec"])
    dec = three_month_view(charge_mission, today=TODAY, direction=dvd)[0]
    assert [d.code for d, _ in dec.by_direction] == ["DVD"]


def test_the_view_costs_the_same_few_queries_with_many_deliberations(
    sittings, make_deliberation, charge_mission, django_assert_max_num_queries
):
    directions = list(Direction.objects.filter(kind=Direction.Kind.DIRECTION))
    for _ in range(12 - len(directions)):
        directions.append(make_direction(pole=directions[0].pole))
        make_director(directions[-1])  # who declares its deliberations
    for index in range(150):
        sitting = [sittings["dec"], sittings["jan"], sittings["feb"]][index % 3]
        make_deliberation(
            directions[index % 12], sitting, moved_from=sittings["dec"] if index % 7 == 0 else None
        )
    with django_assert_max_num_queries(4):
        view = three_month_view(charge_mission, today=TODAY)
        sum(f.total for f in view)
