"""Overdue statuses, with time frozen: due each fortnight, late after two working days' grace."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from projects.models import Project
from projects.selectors import projects_visible_to, status_due, with_latest_status

from .conftest import paris

pytestmark = pytest.mark.django_db


def overdue(project, today):
    return with_latest_status(Project.objects.filter(pk=project.pk), today).get().status_overdue


def test_a_status_posted_this_fortnight_is_not_overdue(make_project, make_status):
    with time_machine.travel(paris(2026, 11, 20), tick=False):
        project = make_project(start_date=dt.date(2026, 1, 5))
        make_status(project, posted_at=timezone.now())
        assert not overdue(project, timezone.localdate())


def test_a_project_becomes_overdue_once_the_grace_after_its_fortnight_has_passed(
    make_project, make_status
):
    project = make_project(start_date=dt.date(2026, 1, 5))
    # Last status in the fortnight of 19 October → 1 November.
    make_status(project, posted_at=paris(2026, 10, 29))
    # The fortnight of 2 → 15 November is due by Tuesday 17 November (two working days).
    assert not overdue(project, dt.date(2026, 11, 17))
    assert overdue(project, dt.date(2026, 11, 18))


def test_posting_late_clears_the_flag(make_project, make_status):
    project = make_project(start_date=dt.date(2026, 1, 5))
    make_status(project, posted_at=paris(2026, 10, 29))
    assert overdue(project, dt.date(2026, 11, 18))
    make_status(project, posted_at=paris(2026, 11, 18, 9))
    assert not overdue(project, dt.date(2026, 11, 18))


def test_days_late_count_from_the_deadline(make_project, make_status, chef_projet):
    project = make_project(start_date=dt.date(2026, 1, 5), chef_projet=chef_projet)
    make_status(project, posted_at=paris(2026, 10, 29))
    with time_machine.travel(paris(2026, 11, 20), tick=False):
        today = timezone.localdate()
        loaded = projects_visible_to(chef_projet, today=today).get(pk=project.pk)
        due = status_due(loaded, today)
    assert due.overdue
    assert due.fortnight.start == dt.date(2026, 11, 2)
    assert due.days_late == 3  # deadline Tuesday 17 November


def test_a_project_that_never_posted_is_overdue_only_after_its_first_fortnight(make_project):
    project = make_project(start_date=dt.date(2026, 11, 10), planned_end=dt.date(2027, 12, 31))
    assert not overdue(project, dt.date(2026, 11, 12))
    assert overdue(project, dt.date(2026, 11, 18))


def test_a_closed_project_owes_no_status(make_project):
    project = make_project(start_date=dt.date(2025, 1, 6), phase=Project.Phase.CLOTURE)
    assert not overdue(project, dt.date(2026, 11, 18))


def test_the_overdue_flag_shows_on_the_portfolio_and_the_project_page(
    client, make_project, make_status, charge_mission
):
    project = make_project(name="Projet silencieux", start_date=dt.date(2026, 1, 5))
    make_status(project, posted_at=paris(2026, 10, 1))
    client.force_login(charge_mission)
    with time_machine.travel(paris(2026, 11, 20), tick=False):
        listing = client.get("/projets/?status=overdue").content.decode()
        page = client.get(project.get_absolute_url()).content.decode()
    assert "Projet silencieux" in listing and "Point en retard" in listing
    assert "Point en retard de" in page
