import datetime as dt

from projects.fortnights import fortnight_of, required_fortnight
from sg_portal.calendar import add_working_days, is_working_day


def test_fortnights_are_fourteen_days_starting_on_a_monday():
    fortnight = fortnight_of(dt.date(2026, 11, 20))
    assert fortnight.start == dt.date(2026, 11, 16)
    assert fortnight.start.weekday() == 0
    assert fortnight.end == dt.date(2026, 11, 29)
    assert fortnight_of(fortnight.end) == fortnight
    assert fortnight_of(fortnight.end + dt.timedelta(days=1)) == fortnight.next()


def test_deadline_is_two_working_days_after_the_fortnight():
    # Fortnight 2 → 15 November 2026 (a Sunday): Monday 16, Tuesday 17.
    assert fortnight_of(dt.date(2026, 11, 2)).deadline == dt.date(2026, 11, 17)


def test_working_days_skip_weekends_and_french_public_holidays():
    assert not is_working_day(dt.date(2026, 12, 25))  # Noël, a Friday
    assert not is_working_day(dt.date(2026, 11, 11))  # Armistice
    assert not is_working_day(dt.date(2026, 11, 28))  # a Saturday
    assert add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 28)
    assert add_working_days(dt.date(2026, 11, 10), 1) == dt.date(2026, 11, 12)


def test_required_fortnight_waits_for_the_grace_to_pass():
    # The fortnight of 2 November is due by 17 November: until then the one before is required.
    assert required_fortnight(dt.date(2026, 11, 17)).start == dt.date(2026, 10, 19)
    assert required_fortnight(dt.date(2026, 11, 18)).start == dt.date(2026, 11, 2)
