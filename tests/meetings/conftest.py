from __future__ import annotations

import pytest

from meetings.models import Body, Meeting
from tests.factories import add_item, make_bodies, make_meeting

__all__ = ["add_item", "make_meeting"]  # importable from here too, as before


@pytest.fixture
def bodies(cast) -> dict[str, Body]:
    """The CDS, one meeting per pôle of the small organisation, the chargés de mission's meeting
    and the auditorium, keyed by code as in the demo."""
    return make_bodies()


@pytest.fixture
def cds(bodies) -> Body:
    return bodies["cds"]


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
