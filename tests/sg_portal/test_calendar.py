"""The SG's calendar: working days, the named cadences, and the one definition of days late."""

from __future__ import annotations

import datetime as dt

import pytest

from sg_portal import calendar as C

D = dt.date


# --- Working days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),  # Jour de l'an
        D(2026, 4, 6),  # Lundi de Pâques
        D(2026, 5, 1),  # Fête du Travail
        D(2026, 5, 8),  # Victoire 1945
        D(2026, 5, 14),  # Ascension
        D(2026, 5, 25),  # Lundi de Pentecôte
        D(2026, 7, 14),  # Fête nationale
        D(2026, 8, 15),  # Assomption (a Saturday anyway)
        D(2026, 11, 1),  # Toussaint (a Sunday)
        D(2026, 11, 11),  # Armistice
        D(2026, 12, 25),  # Noël
    ],
)
def test_french_public_holidays_are_not_working_days(day):
    assert C.is_public_holiday(day)
    assert not C.is_working_day(day)


def test_weekdays_are_working_days_and_weekends_are_not():
    assert C.is_working_day(D(2026, 11, 27))  # a Friday
    assert not C.is_working_day(D(2026, 11, 28))  # a Saturday
    assert not C.is_working_day(D(2026, 11, 29))  # a Sunday
    assert not C.is_public_holiday(D(2026, 11, 28))


def test_adding_working_days_skips_weekends_and_holidays_both_ways():
    assert C.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)  # over Noël and a weekend
    assert C.add_working_days(D(2026, 11, 10), 1) == D(2026, 11, 12)  # over the Armistice
    assert C.add_working_days(D(2026, 12, 28), -1) == D(2026, 12, 24)
    assert C.add_working_days(D(2026, 12, 23), -3) == D(2026, 12, 18)
    assert C.add_working_days(D(2026, 12, 26), 0) == D(2026, 12, 26)


def test_working_days_between_counts_after_the_start_up_to_the_end():
    # Wednesday 23 → Thursday 31 December 2026: 24, 28, 29, 30, 31 (25 is Noël, then a weekend).
    assert C.working_days_between(D(2026, 12, 23), D(2026, 12, 31)) == 5
    assert C.working_days_between(D(2026, 12, 23), D(2026, 12, 23)) == 0
    assert C.working_days_between(D(2026, 12, 31), D(2026, 12, 23)) == 0


def test_next_and_previous_working_day_keep_a_working_day_and_move_off_a_day_off():
    assert C.next_working_day(D(2026, 7, 14)) == D(2026, 7, 15)
    assert C.next_working_day(D(2026, 5, 1)) == D(2026, 5, 4)  # Friday holiday, weekend
    assert C.next_working_day(D(2026, 5, 4)) == D(2026, 5, 4)
    assert C.previous_working_day(D(2026, 5, 3)) == D(2026, 4, 30)
    assert C.previous_working_day(D(2026, 4, 30)) == D(2026, 4, 30)


# --- Days late ------------------------------------------------------------------------------------


def test_days_late_are_working_days_after_the_due_date():
    due = D(2026, 4, 30)  # a Thursday; Friday 1 May is a holiday
    assert C.days_late(due, due) == 0  # on time on the day itself
    assert C.days_late(due, D(2026, 5, 1)) == 0  # the holiday
    assert C.days_late(due, D(2026, 5, 3)) == 0  # the weekend
    assert C.days_late(due, D(2026, 5, 4)) == 1
    assert C.days_late(due, D(2026, 5, 11)) == 5  # Friday 8 May is a holiday too
    assert C.days_late(due, D(2026, 4, 1)) == 0  # not due yet


def test_late_is_exactly_a_positive_number_of_days_late():
    due = D(2026, 12, 23)
    for offset in range(-3, 20):
        today = due + dt.timedelta(days=offset)
        assert C.is_late(due, today) == (C.days_late(due, today) > 0)


def test_the_query_boundary_selects_exactly_what_is_late():
    # For every due date and day around Christmas and the New Year, "due_date < boundary" (what a
    # database filter does) agrees with the Python rule.
    days = [D(2026, 12, 15) + dt.timedelta(days=n) for n in range(30)]
    for today in days:
        boundary = C.late_when_due_before(today)
        for due in days:
            assert (due < boundary) == C.is_late(due, today), (due, today)


def test_days_late_are_said_in_working_days():
    assert C.days_late_text(1) == "1 jour ouvré"
    assert C.days_late_text(3) == "3 jours ouvrés"
    assert C.days_late_text(0) == "0 jours ouvrés"


# --- Cadences -------------------------------------------------------------------------------------


def test_the_reporting_quinzaine_is_the_first_to_the_fifteenth_and_the_sixteenth_to_the_end():
    assert C.half_month_of(D(2026, 2, 15)) == C.Window(D(2026, 2, 1), D(2026, 2, 15))
    assert C.half_month_of(D(2026, 2, 16)) == C.Window(D(2026, 2, 16), D(2026, 2, 28))
    assert C.half_month_of(D(2028, 2, 20)).end == D(2028, 2, 29)
    assert C.next_half_month(D(2026, 12, 20)) == C.Window(D(2027, 1, 1), D(2027, 1, 15))
    assert C.next_half_month(D(2026, 12, 3)) == C.Window(D(2026, 12, 16), D(2026, 12, 31))


def test_the_cds_fortnight_is_fourteen_days_from_the_reference_monday():
    window = C.cds_fortnight_of(D(2026, 11, 20))
    assert window == C.Window(D(2026, 11, 16), D(2026, 11, 29))
    assert window.start.weekday() == 0 and window.days == 14
    assert C.cds_fortnight_of(window.end) == window
    assert C.next_cds_fortnight(D(2026, 11, 20)) == C.Window(D(2026, 11, 30), D(2026, 12, 13))
    assert (window.start - C.CDS_REFERENCE_MONDAY).days % 14 == 0


def test_a_cds_fortnight_can_count_from_another_reference_week():
    # A body meeting on Tuesday 6 January 2026 counts its fortnights from Monday 5 January.
    window = C.cds_fortnight_of(D(2026, 1, 20), reference=D(2026, 1, 6))
    assert window == C.Window(D(2026, 1, 19), D(2026, 2, 1))
    assert C.next_cds_fortnight(D(2026, 1, 20), reference=D(2026, 1, 6)).start == D(2026, 2, 2)


def test_weeks_run_from_monday_to_sunday():
    assert C.week_of(D(2026, 12, 31)) == C.Window(D(2026, 12, 28), D(2027, 1, 3))
    assert C.next_week(D(2026, 12, 31)) == C.Window(D(2027, 1, 4), D(2027, 1, 10))


def test_months_quarters_and_years():
    assert C.month_of(D(2026, 4, 9)) == C.Window(D(2026, 4, 1), D(2026, 4, 30))
    assert C.next_month(D(2026, 12, 9)) == C.Window(D(2027, 1, 1), D(2027, 1, 31))
    assert C.quarter_of(D(2026, 8, 9)) == C.Window(D(2026, 7, 1), D(2026, 9, 30))
    assert C.next_quarter(D(2026, 11, 9)) == C.Window(D(2027, 1, 1), D(2027, 3, 31))
    assert C.year_of(D(2026, 8, 9)) == C.Window(D(2026, 1, 1), D(2026, 12, 31))
    assert C.next_year(D(2026, 8, 9)).start == D(2027, 1, 1)


def test_a_window_holds_its_two_ends():
    window = C.Window(D(2026, 12, 1), D(2026, 12, 15))
    assert D(2026, 12, 1) in window and D(2026, 12, 15) in window
    assert D(2026, 12, 16) not in window
    assert window.days == 15


def test_the_nth_weekday_of_a_month_falls_back_to_the_last():
    assert C.nth_weekday_of_month(2026, 12, 3, 1) == D(2026, 12, 3)  # first Thursday
    assert C.nth_weekday_of_month(2026, 12, 3, 5) == D(2026, 12, 31)
    assert C.nth_weekday_of_month(2026, 11, 3, 5) == D(2026, 11, 26)  # only four Thursdays
