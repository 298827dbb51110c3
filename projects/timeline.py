"""The timeline of /projets/calendrier/: positions computed on the server as SVG attributes
(the CSP forbids style attributes), so the page needs no script."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.formats import date_format

from projects.models import Milestone, Project, Rating
from sg_portal.states import Badge

LABEL_WIDTH = 300
CHART_WIDTH = 900
HEADER = 36
ROW = 30
BAR = 12

# The phone layout: each project's name above its bar, the chart as wide as the screen (the SVG
# is scaled to the screen's width by CSS, so these are the units of a 400 px wide drawing).
COMPACT_WIDTH = 400
COMPACT_MARGIN = 8
COMPACT_ROW = 42
COMPACT_LABEL = 46


@dataclass
class MilestoneMark:
    milestone: Milestone
    x: float
    y: float
    state: str
    badge: str
    title: str

    @property
    def points(self) -> str:
        """A diamond (polygon points) centred on (x, y)."""
        r = 6
        return f"{self.x:.1f},{self.y - r:.1f} {self.x + r:.1f},{self.y:.1f} {self.x:.1f},{self.y + r:.1f} {self.x - r:.1f},{self.y:.1f}"


@dataclass
class Row:
    project: Project
    top: float
    y: float
    text_y: float
    bar_x: float
    bar_w: float
    slip_x: float
    slip_w: float
    badge: str
    label: str
    title: str
    milestones: list[MilestoneMark] = field(default_factory=list)


@dataclass
class Tick:
    x: float
    label: str
    major: bool


@dataclass
class Timeline:
    width: int
    height: int
    label_width: int
    row_height: int
    compact: bool
    today_x: float
    today_label: str
    ticks: list[Tick]
    rows: list[Row]
    start: dt.date
    end: dt.date


def status_label_of(project: Project) -> str:
    """The project's status in words, from the annotations of `with_latest_status`."""
    if getattr(project, "status_overdue", False):
        return "Point en retard"
    overall = getattr(project, "latest_overall", None)
    return Rating(overall).label if overall else "Aucun point publié"


def status_badge_of(project: Project) -> Badge:
    """The badge of `status_label_of`: an overdue status is late (bad), else the rating's."""
    if getattr(project, "status_overdue", False):
        return Badge.BAD
    return Rating.badge_of(getattr(project, "latest_overall", None))


def _shorten(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_timeline(projects: list[Project], today: dt.date, *, compact: bool = False) -> Timeline:
    """The drawing's geometry. `compact` lays it out for a phone: no label column, each name
    above its bar, so the whole duration of every project fits the screen's width."""
    label_width = COMPACT_MARGIN if compact else LABEL_WIDTH
    chart_width = COMPACT_WIDTH - 2 * COMPACT_MARGIN if compact else CHART_WIDTH
    row_height = COMPACT_ROW if compact else ROW
    dates = [today]
    for project in projects:
        dates += [project.start_date, project.planned_end, project.expected_end]
        for milestone in project.milestones.all():
            dates += [milestone.planned_date, milestone.expected_date(today)]
    start = dt.date(min(dates).year, 1, 1)
    end = dt.date(max(dates).year, 12, 31)
    span = (end - start).days or 1

    def x(day: dt.date) -> float:
        return label_width + (day - start).days / span * chart_width

    years = end.year - start.year + 1
    ticks = []
    for year in range(start.year, end.year + 1):
        ticks.append(Tick(x(dt.date(year, 1, 1)), str(year), True))
        if years <= 6:
            ticks.append(Tick(x(dt.date(year, 7, 1)), "", False))

    rows = []
    for index, project in enumerate(projects):
        top = HEADER + index * row_height
        # compact: the name on the first line, the bar and its milestones below it
        middle = top + 28 if compact else top + ROW / 2
        bar_x = x(project.start_date)
        planned_x = x(project.planned_end)
        expected_x = x(project.expected_end)
        badge = Rating.badge_of(getattr(project, "latest_overall", None))
        status_label = status_label_of(project)
        slip = project.slippage_days
        title = (
            f"{project.name} ({project.lead_direction.code}) : du "
            f"{date_format(project.start_date, 'j F Y')} au "
            f"{date_format(project.expected_end, 'j F Y')}"
            + (f", glissement de {slip} jours" if slip > 0 else "")
            + (f" — {status_label}" if status_label else "")
        )
        row = Row(
            project=project,
            top=top,
            y=middle - BAR / 2,
            text_y=top + 14 if compact else middle + 4,
            bar_x=bar_x,
            bar_w=max(min(planned_x, expected_x) - bar_x, 2),
            slip_x=min(planned_x, expected_x),
            slip_w=abs(expected_x - planned_x),
            badge=badge,
            label=_shorten(project.name, COMPACT_LABEL if compact else 38),
            title=title,
        )
        for milestone in project.milestones.all():
            state = milestone.state(today)
            label = state.label
            expected = milestone.expected_date(today)
            row.milestones.append(
                MilestoneMark(
                    milestone=milestone,
                    x=x(expected),
                    y=middle,
                    state=label,
                    badge=state.badge,
                    title=f"{milestone.title} : {date_format(expected, 'j F Y')} ({label})",
                )
            )
        rows.append(row)
    return Timeline(
        width=COMPACT_WIDTH if compact else LABEL_WIDTH + CHART_WIDTH + 20,
        height=HEADER + max(len(rows), 1) * row_height + 10,
        label_width=label_width,
        row_height=row_height,
        compact=compact,
        today_x=x(today),
        today_label=f"Aujourd'hui, {date_format(today, 'j F Y')}",
        ticks=ticks,
        rows=rows,
        start=start,
        end=end,
    )
