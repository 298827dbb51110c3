from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings import demo
from meetings.models import AgendaItem, Body, Meeting


@pytest.fixture
def bodies(demo_org) -> dict[str, Body]:
    return demo._bodies()


@pytest.fixture
def cds(bodies) -> Body:
    return bodies["cds"]


def make_meeting(body: Body, days: int = 7, hour: int = 9, **extra) -> Meeting:
    """A meeting `days` from now (negative: in the past)."""
    start = timezone.localtime().replace(hour=hour, minute=30, second=0, microsecond=0)
    start += dt.timedelta(days=days)
    return Meeting.objects.create(
        body=body,
        slot_date=timezone.localdate(start),
        starts_at=start,
        duration_minutes=120,
        place=body.place,
        **extra,
    )


def add_item(
    meeting: Meeting, title: str, *, minutes: int = 15, status=AgendaItem.Status.ACCEPTED, **extra
) -> AgendaItem:
    position = meeting.items.count() + 1
    return AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        duration_minutes=minutes,
        status=status,
        position=position,
        **extra,
    )


@pytest.fixture
def next_cds(cds) -> Meeting:
    return make_meeting(cds, days=7)


@pytest.fixture
def eager_celery():
    from sg_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
