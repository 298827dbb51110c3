import datetime as dt

import pytest
from django.core.management import call_command

from indicators import periods as P
from indicators.models import Period, Report
from indicators.services import periods_ensure, reports_ensure
from sg_portal.calendar import add_working_days, is_working_day

pytestmark = pytest.mark.django_db


def test_fortnights_are_the_first_to_the_fifteenth_and_the_sixteenth_to_the_end():
    assert P.bounds("quinzaine", dt.date(2026, 2, 15)) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 15),
    )
    assert P.bounds("quinzaine", dt.date(2026, 2, 16)) == (
        dt.date(2026, 2, 16),
        dt.date(2026, 2, 28),
    )
    assert P.bounds("quinzaine", dt.date(2028, 2, 20))[1] == dt.date(2028, 2, 29)
    assert P.following("quinzaine", dt.date(2026, 12, 20)) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 15),
    )


def test_months_quarters_and_years():
    assert P.bounds("mois", dt.date(2026, 4, 9)) == (dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert P.bounds("trimestre", dt.date(2026, 8, 9)) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert P.bounds("annee", dt.date(2026, 8, 9)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_french_public_holidays_are_not_working_days():
    assert not is_working_day(dt.date(2026, 5, 1))  # fête du Travail
    assert not is_working_day(dt.date(2026, 7, 14))
    assert not is_working_day(dt.date(2026, 11, 28))  # a Saturday
    assert is_working_day(dt.date(2026, 11, 27))


def test_the_due_date_is_five_working_days_after_the_end_skipping_holidays():
    # April 2026 ends on a Thursday; 1 and 8 May are holidays (Fridays).
    assert P.due_date(dt.date(2026, 4, 30)) == dt.date(2026, 5, 11)
    assert add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)


def test_the_due_date_delay_is_configurable(settings):
    settings.INDICATORS_DUE_WORKING_DAYS = 2
    assert P.due_date(dt.date(2026, 4, 30)) == dt.date(2026, 5, 5)


def test_creating_periods_twice_creates_nothing_twice():
    today = dt.date(2026, 11, 28)
    created = periods_ensure(today=today, since=dt.date(2026, 1, 1))
    assert created == 23 + 12 + 5 + 2  # up to today, plus the next period of each kind
    assert periods_ensure(today=today, since=dt.date(2026, 1, 1)) == 0
    assert Period.objects.filter(periodicity="quinzaine", start=dt.date(2026, 12, 1)).exists()


def test_reports_are_created_once_for_the_directions_reporting_the_periodicity(shelter, by_arr):
    today = dt.date(2026, 11, 28)
    periods_ensure(today=today)
    assert reports_ensure(today=today) == 2  # DASES: the fortnight and the month
    assert reports_ensure(today=today) == 0
    assert set(Report.objects.values_list("period__periodicity", flat=True)) == {
        "quinzaine",
        "mois",
    }


def test_the_command_creates_the_coming_periods(time_machine, shelter):
    time_machine.move_to(dt.datetime(2026, 11, 28, 9, 0))
    call_command("ensure_periods", verbosity=0)
    count = Period.objects.count()
    call_command("ensure_periods", verbosity=0)
    assert Period.objects.count() == count == 8
    assert Report.objects.count() == 1


def test_the_beat_task_calls_the_same_service(time_machine, shelter):
    from indicators.tasks import ensure_reporting_calendar
    from sg_portal.celery import app

    time_machine.move_to(dt.datetime(2026, 11, 28, 9, 0))
    assert ensure_reporting_calendar() == (8, 1)
    assert ensure_reporting_calendar() == (0, 0)
    # ...and the beat sends that very task (not a name that no worker knows).
    assert ensure_reporting_calendar.name in {e["task"] for e in app.conf.beat_schedule.values()}
