import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Body, Meeting
from meetings.services import meetings_generate, slot_dates

pytestmark = pytest.mark.django_db


def _body(**fields) -> Body:
    defaults = {
        "code": "test",
        "name": "Instance de test",
        "kind": Body.Kind.CDS,
        "cadence": Body.Cadence.FORTNIGHTLY,
        "weekday": 1,
        "start_time": dt.time(9, 30),
    }
    defaults.update(fields)
    return Body.objects.create(**defaults)


def _local_days(body):
    return [timezone.localdate(m.starts_at) for m in body.meetings.order_by("starts_at")]


def test_a_fortnightly_body_meets_every_other_week_from_its_anchor():
    body = _body(anchor_date=dt.date(2026, 1, 6))
    days = slot_dates(body, dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    assert days == [
        dt.date(2026, 1, 6),
        dt.date(2026, 1, 20),
        dt.date(2026, 2, 3),
        dt.date(2026, 2, 17),
    ]


def test_a_fortnight_that_falls_on_a_public_holiday_moves_to_the_next_working_day():
    # 14 July 2026 is a Tuesday and the Fête nationale
    body = _body(anchor_date=dt.date(2026, 7, 14))
    created = meetings_generate(body=body, start=dt.date(2026, 7, 1), until=dt.date(2026, 8, 10))
    assert created == 2
    days = _local_days(body)
    assert days[0] == dt.date(2026, 7, 15)
    assert days[1] == dt.date(2026, 7, 28)
    first = body.meetings.order_by("starts_at").first()
    assert first.slot_date == dt.date(2026, 7, 14)
    assert timezone.localtime(first.starts_at).time() == dt.time(9, 30)


def test_the_fortnights_keep_their_rhythm_across_christmas_and_new_year():
    body = _body(anchor_date=dt.date(2026, 12, 22))
    meetings_generate(body=body, start=dt.date(2026, 12, 1), until=dt.date(2027, 1, 31))
    assert _local_days(body) == [
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 22),
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 19),
    ]


def test_a_holiday_on_a_friday_moves_the_meeting_over_the_weekend():
    # 1 May 2026 is a Friday and 8 May too: a weekly Friday meeting moves to Monday
    body = _body(cadence=Body.Cadence.WEEKLY, weekday=4, kind=Body.Kind.POLE)
    meetings_generate(body=body, start=dt.date(2026, 4, 27), until=dt.date(2026, 5, 10))
    assert _local_days(body) == [dt.date(2026, 5, 4), dt.date(2026, 5, 11)]


def test_generating_twice_creates_nothing_the_second_time():
    body = _body(anchor_date=dt.date(2026, 1, 6))
    first = meetings_generate(body=body, start=dt.date(2026, 1, 1), until=dt.date(2026, 6, 30))
    assert first == 13
    assert meetings_generate(body=body, start=dt.date(2026, 1, 1), until=dt.date(2026, 6, 30)) == 0
    assert Meeting.objects.filter(body=body).count() == 13


def test_a_moved_or_cancelled_meeting_is_not_generated_again():
    body = _body(anchor_date=dt.date(2026, 1, 6))
    meetings_generate(body=body, start=dt.date(2026, 1, 1), until=dt.date(2026, 1, 31))
    moved = body.meetings.order_by("starts_at").first()
    moved.starts_at += dt.timedelta(days=2)
    moved.save()
    cancelled = body.meetings.order_by("starts_at").last()
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save()
    assert meetings_generate(body=body, start=dt.date(2026, 1, 1), until=dt.date(2026, 1, 31)) == 0
    assert body.meetings.count() == 2


def test_a_monthly_body_meets_on_the_first_monday_and_an_ad_hoc_one_is_not_generated():
    monthly = _body(code="cm", cadence=Body.Cadence.MONTHLY, weekday=0, week_of_month=1)
    assert slot_dates(monthly, dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == [
        dt.date(2026, 1, 5),
        dt.date(2026, 2, 2),
        dt.date(2026, 3, 2),
    ]
    ad_hoc = _body(code="audit", cadence=Body.Cadence.AD_HOC)
    assert (
        meetings_generate(body=ad_hoc, start=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31)) == 0
    )
