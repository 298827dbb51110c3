import datetime as dt
import re

import pytest
import time_machine

from projects.timeline import build_timeline

from .conftest import paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(make_project, make_milestone):
    project = make_project(
        name="Tramway",
        start_date=dt.date(2025, 1, 1),
        planned_end=dt.date(2027, 12, 31),
        forecast_end=dt.date(2028, 6, 30),
    )
    make_milestone(
        project, title="DUP", planned_date=dt.date(2025, 6, 1), actual_date=dt.date(2025, 6, 1)
    )
    make_milestone(project, title="Mise en service", planned_date=dt.date(2027, 12, 1))
    return project


def test_the_timeline_spans_whole_years_and_marks_today(project):
    from projects.models import Project
    from projects.selectors import projects_for_timeline, with_latest_status

    today = dt.date(2026, 11, 28)
    projects = list(projects_for_timeline(with_latest_status(Project.objects.all(), today)))
    timeline = build_timeline(projects, today)
    assert timeline.start == dt.date(2025, 1, 1) and timeline.end == dt.date(2028, 12, 31)
    row = timeline.rows[0]
    assert row.bar_x < timeline.today_x < row.bar_x + row.bar_w
    assert row.slip_w > 0  # forecast end beyond the planned end
    assert [m.milestone.title for m in row.milestones] == ["DUP", "Mise en service"]
    assert row.milestones[0].x < row.milestones[1].x


def test_the_timeline_page_is_an_accessible_svg_without_style_attributes(
    client, project, charge_mission
):
    client.force_login(charge_mission)
    with time_machine.travel(paris(2026, 11, 28), tick=False):
        page = client.get("/projets/calendrier/").content.decode()
    assert "<svg" in page and 'class="tl-today"' in page
    assert '<polygon class="tl-milestone' in page  # milestones as diamonds
    assert f'<a href="/projets/{project.pk}/" class="tl-row">' in page  # focusable rows
    assert "<title>Tramway" in page
    assert 'id="tableau-calendrier"' in page  # the table alternative
    assert not re.search(r"\sstyle=", page)
    assert "<script" not in page.split("</head>")[1]
