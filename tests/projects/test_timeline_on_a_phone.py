"""On a phone the timeline fits the screen, each project's name above its bar."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_on_a_phone_the_timeline_fits_the_screen_with_each_name_above_its_bar(
    client, make_project, charge_mission
):
    from projects.models import Project
    from projects.selectors import projects_for_timeline, with_latest_status
    from projects.timeline import build_timeline

    make_project(
        name="Plan Climat : rénovation énergétique du patrimoine municipal",
        start_date=dt.date(2021, 3, 1),
        planned_end=dt.date(2030, 6, 30),
    )
    today = dt.date(2026, 11, 28)
    projects = list(projects_for_timeline(with_latest_status(Project.objects.all(), today)))
    compact = build_timeline(projects, today, compact=True)
    row = compact.rows[0]
    assert compact.width == 400
    assert row.bar_x >= 0 and row.bar_x + row.bar_w <= compact.width
    assert row.text_y < row.y  # the name above the bar, not in a column beside it
    assert len(row.label) <= 46
    client.force_login(charge_mission)
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        page = client.get(reverse("projects:timeline")).content.decode()
    assert page.count('<svg class="timeline"') == 2
    assert "timeline-scroll--compact" in page and "timeline-scroll--wide" in page
    assert 'data-label="Fin prévisionnelle"' in page  # the table stacks on a phone
