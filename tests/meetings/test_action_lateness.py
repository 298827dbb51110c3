"""An action's lateness: working days, the kernel's one rule, on the page and in suggestions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from meetings import selectors, services
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DUE = dt.date(2026, 4, 30)  # a Thursday; Friday 1 May is a public holiday


def _action(cds, charge_mission):
    past = make_meeting(cds, days=-10)
    return services.action_create(
        meeting=past,
        actor=charge_mission,
        title="Envoyer la note",
        owner=charge_mission,
        due_date=DUE,
    )


@pytest.mark.parametrize(
    ("day", "late"),
    [(dt.date(2026, 5, 1), 0), (dt.date(2026, 5, 3), 0), (dt.date(2026, 5, 4), 1)],
)
def test_an_action_due_before_a_holiday_and_a_weekend_is_late_from_the_next_working_day(
    cds, charge_mission, day, late
):
    with time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=PARIS), tick=False):
        action = _action(cds, charge_mission)
        assert action.days_late == late
        assert action.is_late == bool(late)


def test_the_agenda_suggestion_says_the_days_late_in_working_days(cds, charge_mission):
    moment = dt.datetime(2026, 5, 11, 10, tzinfo=PARIS)  # 4, 5, 6, 7, 11 (8 May is a holiday)
    with time_machine.travel(moment, tick=False):
        _action(cds, charge_mission)
        nxt = make_meeting(cds, days=2)
        [suggestion] = selectors.pending_suggestions(meeting=nxt, today=moment.date())
    assert suggestion.reason.startswith("Action en retard de 5 jours ouvrés")
