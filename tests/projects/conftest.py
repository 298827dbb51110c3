"""Factories for the projects tests: projects, statuses, sittings and deliberations in volume."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from directions.models import Direction, User
from projects.fortnights import fortnight_of
from projects.models import (
    Deliberation,
    Milestone,
    Project,
    Rating,
    Sitting,
    SittingChange,
    StatusUpdate,
)

PARIS = ZoneInfo("Europe/Paris")
_names = itertools.count(1)


def paris(year, month, day, hour=10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=PARIS)


@pytest.fixture
def make_project(cast):
    def _make(**kwargs) -> Project:
        today = timezone.localdate()
        defaults = {
            "name": f"Projet {next(_names)}",
            "kind": Project.Kind.ENGAGEMENT,
            "lead_direction": Direction.objects.get(code="DASES"),
            "start_date": today - dt.timedelta(days=200),
            "planned_end": today + dt.timedelta(days=400),
            "phase": Project.Phase.REALISATION,
        }
        defaults.update(kwargs)
        return Project.objects.create(**defaults)

    return _make


@pytest.fixture
def make_status(cast):
    def _make(project: Project, *, overall=Rating.ON_TRACK, posted_at=None, author=None, **kwargs):
        posted_at = posted_at or timezone.now()
        return StatusUpdate.objects.create(
            project=project,
            fortnight_start=fortnight_of(timezone.localtime(posted_at).date()).start,
            author=author or User.objects.get(username="cp.demo"),
            posted_at=posted_at,
            schedule=overall,
            budget=Rating.ON_TRACK,
            scope=Rating.ON_TRACK,
            overall=overall,
            narrative="Avancement.",
            **kwargs,
        )

    return _make


@pytest.fixture
def make_sitting(db):
    def _make(start: dt.date, days: int = 3) -> Sitting:
        sitting, _ = Sitting.objects.get_or_create(
            start_date=start, defaults={"end_date": start + dt.timedelta(days=days)}
        )
        return sitting

    return _make


@pytest.fixture
def make_deliberation(cast):
    numbers = itertools.count(1)

    def _make(
        direction: Direction,
        sitting: Sitting,
        *,
        title="Délibération",
        status=None,
        moved_from=None,
    ):
        author = User.objects.get(username=f"dir.{direction.code.lower()}")
        deliberation = Deliberation.objects.create(
            direction=direction,
            year=sitting.start_date.year,
            number=next(numbers),
            title=title,
            sitting=sitting,
            status=status or Deliberation.Status.PREPARATION,
            created_by=author,
        )
        SittingChange.objects.create(
            deliberation=deliberation, to_sitting=moved_from or sitting, changed_by=author
        )
        if moved_from is not None:
            SittingChange.objects.create(
                deliberation=deliberation,
                from_sitting=moved_from,
                to_sitting=sitting,
                slipped=sitting.start_date > moved_from.start_date,
                changed_by=author,
            )
        return deliberation

    return _make


@pytest.fixture
def make_milestone(db):
    def _make(project: Project, **kwargs) -> Milestone:
        kwargs.setdefault("title", f"Jalon {next(_names)}")
        kwargs.setdefault("planned_date", timezone.localdate())
        return Milestone.objects.create(project=project, **kwargs)

    return _make
