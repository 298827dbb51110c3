"""The one iCalendar writer: timed events with their SEQUENCE and STATUS, due dates as all-day
events that leave the day free, and texts folded and escaped as the format requires."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from sg_portal.ics import IcsEvent, calendar_bytes

START = dt.datetime(2026, 12, 3, 8, 30, tzinfo=dt.UTC)


def _events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_a_moved_then_cancelled_event_keeps_its_uid_and_raises_its_sequence():
    event = IcsEvent(
        uid="reunion-7",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        summary="Comité de direction des services",
        sequence=2,
        cancelled=True,
    )
    [written] = _events(calendar_bytes([event]))
    assert str(written["uid"]) == "reunion-7@portail-sg.paris.fr"
    assert int(written["sequence"]) == 2 and str(written["status"]) == "CANCELLED"
    assert "TRANSP" not in written


def test_a_due_date_is_a_free_all_day_event_without_a_schedule_to_confirm():
    day = dt.date(2026, 12, 4)
    event = IcsEvent(
        uid="echeance-abc",
        starts_at=day,
        ends_at=day + dt.timedelta(days=1),
        summary="Action : Relancer la DASES",
    )
    data = calendar_bytes([event], name="Réunions et échéances")
    assert b"DTSTART;VALUE=DATE:20261204" in data and b"DTEND;VALUE=DATE:20261205" in data
    [written] = _events(data)
    assert str(written["transp"]) == "TRANSPARENT"
    assert "SEQUENCE" not in written and "STATUS" not in written


def test_long_texts_are_folded_and_their_separators_escaped():
    description = "Ordre du jour ; points 1, 2 et 3\n" + "Préparation du Conseil de Paris " * 6
    event = IcsEvent(
        uid="reunion-8",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=1),
        summary="CDS",
        description=description,
    )
    data = calendar_bytes([event])
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"Ordre du jour \\; points 1\\, 2 et 3\\n" in data
    [written] = _events(data)
    assert str(written["description"]) == description
