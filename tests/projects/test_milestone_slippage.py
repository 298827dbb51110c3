import datetime as dt

import pytest

from projects.models import Milestone, Project

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def milestone(**kwargs) -> Milestone:
    return Milestone(title="Jalon", **kwargs)


def test_a_milestone_on_its_planned_date_has_no_slippage():
    assert milestone(planned_date=dt.date(2027, 1, 10)).slippage_days(TODAY) == 0


def test_slippage_is_the_forecast_minus_the_planned_date():
    m = milestone(planned_date=dt.date(2027, 1, 10), forecast_date=dt.date(2027, 2, 9))
    assert m.slippage_days(TODAY) == 30
    assert (m.state(TODAY).label, m.state(TODAY).badge) == ("Décalé", "warn")


def test_a_reached_milestone_slips_by_its_actual_date():
    m = milestone(planned_date=dt.date(2026, 10, 1), actual_date=dt.date(2026, 10, 8))
    assert m.slippage_days(TODAY) == 7
    assert (m.state(TODAY).label, m.state(TODAY).badge) == (
        "Atteint",
        "warn",
    )  # late: the slippage column says by how much
    early = milestone(planned_date=dt.date(2026, 10, 1), actual_date=dt.date(2026, 9, 25))
    assert early.slippage_days(TODAY) == -6
    assert (early.state(TODAY).label, early.state(TODAY).badge) == ("Atteint", "ok")


def test_a_milestone_not_reached_keeps_slipping_every_day_past_its_date():
    m = milestone(planned_date=dt.date(2026, 11, 8), forecast_date=dt.date(2026, 11, 18))
    assert m.slippage_days(TODAY) == 20  # expected no earlier than today
    assert m.slippage_days(TODAY + dt.timedelta(days=5)) == 25
    assert (m.state(TODAY).label, m.state(TODAY).badge) == ("En retard", "bad")


def test_project_slippage_compares_forecast_and_planned_end():
    project = Project(
        start_date=dt.date(2025, 1, 1),
        planned_end=dt.date(2027, 6, 30),
        forecast_end=dt.date(2027, 9, 28),
    )
    assert project.slippage_days == 90
    project.forecast_end = None
    assert project.slippage_days == 0


def test_slippage_is_not_a_field_anyone_can_type():
    names = {f.name for f in Milestone._meta.get_fields()} | {
        f.name for f in Project._meta.get_fields()
    }
    assert not any("slip" in name for name in names)
