"""Scoped reads of risks: the one place that decides who sees, edits and accepts which risk.

Who sees what (`directions.policy.risks_read_q`): the SG's staff, the chargés de mission and the
administrators read every risk; a direction's director and référents its own risks and those of
the projects it leads; a chef de projet the risks of their projects. Anyone else reads none,
except the risks they own or contribute to (ownership, not role). Out of scope answers 404.

Editing follows ownership: the owner, the contributors, the reviewer, and by role
`policy.risks_edited_q`. Acceptance follows the authority the net level requires
(`required_authority`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from directions import policy
from directions.models import User
from risks.models import (
    DEFAULT_COLOURS,
    DEFAULT_GRID,
    DEFAULT_IMPACTS,
    DEFAULT_INTERVALS,
    DEFAULT_PROBABILITIES,
    DEFAULT_TOLERANCE,
    LEVEL_RANK,
    LEVELS_BY_RANK,
    STRICT_CATEGORIES,
    Campaign,
    Category,
    CategoryTolerance,
    Level,
    Matrix,
    Measure,
    ReviewInterval,
    Risk,
    Treatment,
    level_rank,
)

#: The authority a net level requires to be accepted (`directions.policy`).
REQUIRED_AUTHORITY: dict[str, int] = {
    Level.FAIBLE: policy.AUTHORITY_DIRECTOR,
    Level.MODERE: policy.AUTHORITY_DIRECTOR,
    Level.ELEVE: policy.AUTHORITY_POLE,
    Level.CRITIQUE: policy.AUTHORITY_SG,
}
AUTHORITY_LABELS = {
    policy.AUTHORITY_DIRECTOR: "le directeur ou la directrice",
    policy.AUTHORITY_POLE: "le ou la SG adjoint·e du pôle",
    policy.AUTHORITY_SG: "la Secrétaire générale",
}


# --- Settings of the system --------------------------------------------------------------------


def current_matrix() -> Matrix:
    """The matrix in force; the default 4 × 4 when none was ever saved (a fresh database whose
    data migration was flushed, as transactional tests do)."""
    matrix = Matrix.objects.filter(is_current=True).first()
    if matrix is None:
        matrix, _ = Matrix.objects.get_or_create(
            version=1,
            defaults={
                "probability_labels": DEFAULT_PROBABILITIES,
                "impact_labels": DEFAULT_IMPACTS,
                "grid": DEFAULT_GRID,
                "colours": DEFAULT_COLOURS,
                "is_current": not Matrix.objects.filter(is_current=True).exists(),
            },
        )
    return matrix


def review_intervals() -> dict[str, int]:
    days = dict(DEFAULT_INTERVALS)
    days.update(dict(ReviewInterval.objects.values_list("level", "days")))
    return days


def tolerances() -> dict[str, str]:
    found = dict(CategoryTolerance.objects.values_list("category", "tolerance"))
    return {
        category: found.get(category)
        or (Level.FAIBLE if category in STRICT_CATEGORIES else DEFAULT_TOLERANCE)
        for category in Category.values
    }


def next_review(level: str, after: dt.date, intervals: dict[str, int] | None = None) -> dt.date:
    intervals = intervals or review_intervals()
    return after + dt.timedelta(days=intervals.get(level, 365))


def above_tolerance(risk: Risk, tolerance: dict[str, str] | None = None) -> bool:
    tolerance = tolerance or tolerances()
    return level_rank(risk.net_level) > level_rank(tolerance.get(risk.category))


def treatment(
    risk: Risk, today: dt.date, tolerance: dict[str, str], open_measures: bool | None = None
) -> Treatment:
    if not above_tolerance(risk, tolerance):
        return Treatment.WITHIN
    if risk.acceptance_id and risk.acceptance.applies(risk, today):  # type: ignore[union-attr]
        return Treatment.ACCEPTED
    if open_measures is None:
        open_measures = risk.measures.filter(open_measures_q()).exists()
    return Treatment.TREATING if open_measures else Treatment.TO_TREAT


# --- Scope -------------------------------------------------------------------------------------


def _owned_q(user: User) -> Q:
    if not policy.is_active_user(user):
        return policy.NOTHING
    return Q(owner=user) | Q(
        Exists(Risk.contributors.through.objects.filter(risk=OuterRef("pk"), user=user))
    )


def reads_any_risk(user: User) -> bool:
    return policy.reads_risks(user)


def _with_owned(rule: Q, user: User) -> QuerySet[Risk]:
    if not rule:  # an empty Q matches every row (and would vanish in an OR)
        return Risk.objects.all()
    return Risk.objects.filter(rule | _owned_q(user))


def risks_visible_to(user: User) -> QuerySet[Risk]:
    if not policy.is_active_user(user):
        return Risk.objects.none()
    return _with_owned(policy.risks_read_q(user), user)


def risk_for_page(user: User, pk: int) -> Risk:
    """Raises Risk.DoesNotExist outside the user's scope (the view answers 404)."""
    return (
        risks_visible_to(user)
        .select_related(
            "direction__pole",
            "project__lead_direction",
            "pole",
            "owner",
            "reviewer",
            "matrix",
            "acceptance__decided_by",
        )
        .get(pk=pk)
    )


def risks_edited_by(user: User) -> QuerySet[Risk]:
    if not policy.is_active_user(user):
        return Risk.objects.none()
    rule = policy.risks_edited_q(user)
    return _with_owned(rule | Q(reviewer=user) if rule else rule, user)


def can_edit(user: User, risk: Risk) -> bool:
    return risks_edited_by(user).filter(pk=risk.pk).exists()


def can_create(user: User) -> bool:
    return policy.creates_risks(user)


def can_declare_on_project(user: User, project: Any) -> bool:
    """A project's risks are declared by whoever edits the project (its chef de projet, its
    lead direction, the SG's staff)."""
    from projects.models import Project

    return Project.objects.filter(policy.edited_projects_q(user), pk=project.pk).exists()


def authority_of(user: User, risk: Risk) -> int:
    return policy.acceptance_authority(
        user, direction_id=risk.direction_in_charge_id, pole_id=risk.pole_id
    )


def required_authority(level: str) -> int:
    return REQUIRED_AUTHORITY.get(level, policy.AUTHORITY_SG)


def can_accept(user: User, risk: Risk) -> bool:
    return risk.is_open and authority_of(user, risk) >= required_authority(risk.net_level)


def can_escalate(user: User, risk: Risk) -> bool:
    """Raising a risk to the SG's consolidated map: whoever edits it."""
    return risk.is_open and not risk.on_sg_map and can_edit(user, risk)


# --- The list and its filters ------------------------------------------------------------------

SORTS = {
    "title": ["title", "pk"],
    "net": ["-net_rank", "title"],
    "gross": ["-gross_rank", "title"],
    "review": ["next_review_on", "title"],
    "category": ["category", "title"],
    "scope": ["pole__order", "direction__code", "title"],
}


def _rank_annotation(field: str):
    from django.db.models import Case, IntegerField, Value, When

    return Case(
        *[When(**{field: level}, then=Value(rank)) for level, rank in LEVEL_RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def filter_risks(queryset: QuerySet[Risk], params: dict[str, Any], *, today: dt.date):
    qs = queryset
    if q := params.get("q"):
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if pole := params.get("pole"):
        qs = qs.filter(pole=pole)
    if direction := params.get("direction"):
        qs = qs.filter(Q(direction=direction) | Q(project__lead_direction=direction))
    if category := params.get("category"):
        qs = qs.filter(category=category)
    if project := params.get("project"):
        qs = qs.filter(project=project)
    if level := params.get("net"):
        qs = qs.filter(net_level=level)
    if level := params.get("gross"):
        qs = qs.filter(gross_level=level)
    if cell := params.get("cell"):
        kind, p, i = cell
        qs = qs.filter(**{f"{kind}_probability": p, f"{kind}_impact": i})
    state = params.get("state") or "ouvert"
    if state != "tous":
        qs = qs.filter(state=state)
    if params.get("due"):
        qs = qs.filter(next_review_on__lte=today)
    if params.get("sg_map"):
        qs = qs.filter(on_sg_map=True)
    if params.get("escalated"):
        qs = qs.exclude(escalation="")
    qs = qs.annotate(
        net_rank=_rank_annotation("net_level"), gross_rank=_rank_annotation("gross_level")
    )
    sort = params.get("sort") or "net"
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["net"])
    if descending:
        fields = [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    return qs.order_by(*fields)


def with_list_data(queryset: QuerySet[Risk]) -> QuerySet[Risk]:
    return queryset.select_related(
        "direction", "project", "pole", "owner", "acceptance", "matrix"
    ).annotate(open_measures=Exists(Measure.objects.filter(open_measures_q(), risk=OuterRef("pk"))))


@dataclass
class ListedRisk:
    risk: Risk
    treatment: Treatment
    review_late: bool
    days_to_review: int


def listed(risks: list[Risk], today: dt.date) -> list[ListedRisk]:
    tolerance = tolerances()
    return [
        ListedRisk(
            risk=risk,
            treatment=treatment(risk, today, tolerance, getattr(risk, "open_measures", None)),
            review_late=risk.is_open and risk.next_review_on < today,
            days_to_review=risk.days_to_review(today),
        )
        for risk in risks
    ]


# --- The heat map --------------------------------------------------------------------------------


@dataclass
class Cell:
    probability: int
    impact: int
    level: Level
    colour: str
    count: int
    rising: int
    label: str
    probability_label: str


@dataclass
class Move:
    """Risks whose net cell changed at their last review, drawn as one arrow from the previous
    cell to the current one. Coordinates are percentages of the grid (rows from the top)."""

    source: tuple[int, int]
    target: tuple[int, int]
    count: int
    x1: float
    y1: float
    x2: float
    y2: float
    rising: bool


@dataclass
class HeatMaps:
    gross: list[list[Cell]]
    net: list[list[Cell]]
    net_counts: list[tuple[Level, int]]
    net_moves: list[Move] = field(default_factory=list)


def heat_maps(queryset: QuerySet[Risk], matrix: Matrix) -> HeatMaps:
    """Both heat maps and the count per net level, from one grouped query. Rows run from the
    most to the least probable, columns from the least to the most serious impact."""
    counts: dict[str, Counter[tuple[int, int]]] = {"gross": Counter(), "net": Counter()}
    rising: dict[str, Counter[tuple[int, int]]] = {"gross": Counter(), "net": Counter()}
    by_level: Counter[str] = Counter()
    rows = (
        queryset.order_by()
        .values(
            "gross_probability",
            "gross_impact",
            "net_probability",
            "net_impact",
            "previous_net_probability",
            "previous_net_impact",
            "previous_net_level",
            "net_level",
        )
        .annotate(n=Count("pk"))
    )
    moves: Counter[tuple[tuple[int, int], tuple[int, int]]] = Counter()
    for row in cast("list[dict[str, Any]]", list(rows)):
        before = (row["previous_net_probability"], row["previous_net_impact"])
        after = (row["net_probability"], row["net_impact"])
        if row["previous_net_level"] and None not in before and before != after:
            moves[(before, after)] += row["n"]
        up = bool(row["previous_net_level"]) and level_rank(row["net_level"]) > level_rank(
            row["previous_net_level"]
        )
        by_level[row["net_level"]] += row["n"]
        for kind in ("gross", "net"):
            key = (row[f"{kind}_probability"], row[f"{kind}_impact"])
            counts[kind][key] += row["n"]
            if up:
                rising[kind][key] += row["n"]
    n_p, n_i = matrix.size

    def grid(kind: str) -> list[list[Cell]]:
        out = []
        for p in range(n_p, 0, -1):
            line = []
            for i in range(1, n_i + 1):
                level = matrix.level(p, i)
                line.append(
                    Cell(
                        probability=p,
                        impact=i,
                        level=level,
                        colour=matrix.colour(level),
                        count=counts[kind][(p, i)],
                        rising=rising[kind][(p, i)],
                        label=f"{matrix.probability_label(p)} × {matrix.impact_label(i)}",
                        probability_label=matrix.probability_label(p),
                    )
                )
            out.append(line)
        return out

    def centre(cell: tuple[int, int]) -> tuple[float, float]:
        probability, impact = cell
        return (impact - 0.5) * 100 / n_i, (n_p - probability + 0.5) * 100 / n_p

    def move(source: tuple[int, int], target: tuple[int, int], count: int) -> Move:
        (x1, y1), (x2, y2) = centre(source), centre(target)
        # The arrow stops short of the target's centre so the count stays readable.
        x2, y2 = x1 + (x2 - x1) * 0.72, y1 + (y2 - y1) * 0.72
        rising = source[0] * source[1] < target[0] * target[1]
        return Move(source, target, count, x1, y1, x2, y2, rising)

    inside = {(p, i) for p in range(1, n_p + 1) for i in range(1, n_i + 1)}
    return HeatMaps(
        gross=grid("gross"),
        net=grid("net"),
        net_counts=[(level, by_level[level]) for level in reversed(LEVELS_BY_RANK)],
        net_moves=[
            move(source, target, count)
            for (source, target), count in sorted(moves.items())
            if source in inside and target in inside
        ],
    )


# --- Reviews and measures due --------------------------------------------------------------------


def risks_to_review(user: User, *, until: dt.date) -> QuerySet[Risk]:
    """Open risks the user owns whose review falls by `until` (or is flagged)."""
    return (
        Risk.objects.filter(owner=user, state=Risk.State.OPEN)
        .filter(Q(next_review_on__lte=until) | ~Q(review_flag=""))
        .select_related("direction", "project", "pole")
        .order_by("next_review_on", "pk")
    )


def open_measures_q() -> Q:
    """Measures still to do: open themselves, and not followed through a meeting action now
    closed or a project milestone now reached."""
    from meetings.models import Action

    return (
        Q(status__in=Measure.OPEN)
        & ~Q(action__status=Action.Status.CLOSED)
        & ~Q(milestone__actual_date__isnull=False)
    )


def measures_of_user(user: User, *, until: dt.date) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(open_measures_q())
        .filter(owner=user, due_date__lte=until, risk__state=Risk.State.OPEN)
        .select_related("risk")
        .order_by("due_date", "pk")
    )


def critical_risks(user: User) -> QuerySet[Risk]:
    return (
        risks_visible_to(user)
        .filter(state=Risk.State.OPEN, net_level=Level.CRITIQUE)
        .select_related("direction", "project", "pole")
        .order_by("-on_sg_map", "title")
    )


def campaigns_of_year(year: int) -> QuerySet[Campaign]:
    return Campaign.objects.filter(year=year).select_related("direction", "started_by")


# --- The yearly campaign -------------------------------------------------------------------------


@dataclass
class CampaignView:
    """A direction's year compared with the map it started from."""

    direction: Any
    campaign: Campaign | None
    new: list[Risk]
    changed: list[tuple[Risk, dict[str, Any]]]
    closed: list[tuple[str, Risk | None]]
    to_review: list[Risk]
    unchanged: int

    @property
    def state_label(self) -> str:
        if self.campaign is None:
            return "Non commencée"
        return str(self.campaign.status_choice.label)


def campaign_views(directions: list[Any], year: int) -> list[CampaignView]:
    """Each direction's campaign of `year` and what moved since its start: risks new, changed
    (their gross or net level), closed, and those not yet reviewed this year (two queries)."""
    campaigns = {
        c.direction_id: c for c in Campaign.objects.filter(year=year, direction__in=directions)
    }
    ids = [d.pk for d in directions]
    risks = list(
        Risk.objects.filter(Q(direction_id__in=ids) | Q(project__lead_direction_id__in=ids))
        .select_related("project")
        .order_by("title")
    )
    by_direction: dict[int, list[Risk]] = {}
    for risk in risks:
        key = risk.direction_in_charge_id
        if key is not None:
            by_direction.setdefault(key, []).append(risk)
    views = []
    for direction in directions:
        campaign = campaigns.get(direction.pk)
        mine = by_direction.get(direction.pk, [])
        if campaign is None:
            views.append(CampaignView(direction, None, [], [], [], [], 0))
            continue
        baseline = campaign.baseline
        start = campaign.started_at.date()
        current = {str(r.pk): r for r in mine}
        new = [r for r in mine if str(r.pk) not in baseline and r.is_open]
        closed = [
            (entry["title"], current.get(pk))
            for pk, entry in baseline.items()
            if pk not in current or not current[pk].is_open
        ]
        changed: list[tuple[Risk, dict[str, Any]]] = []
        to_review: list[Risk] = []
        unchanged = 0
        for pk, entry in baseline.items():
            found = current.get(pk)
            if found is None or not found.is_open:
                continue
            risk = found
            if (risk.gross_level, risk.net_level) != (entry["gross_level"], entry["net_level"]):
                changed.append((risk, {**entry, "net_label": Level.label_of(entry["net_level"])}))
            else:
                unchanged += 1
            if not risk.last_reviewed_on or risk.last_reviewed_on < start:
                to_review.append(risk)
        views.append(CampaignView(direction, campaign, new, changed, closed, to_review, unchanged))
    return views


def campaign_directions(user: User) -> list[Any]:
    """The directions whose campaign the user follows: every direction for a City-wide reader,
    their own for a director or référent."""
    from directions.models import Direction

    qs = Direction.objects.filter(is_active=True, kind=Direction.Kind.DIRECTION).select_related(
        "pole"
    )
    if policy.reads_whole_city(user):
        return list(qs.order_by("pole__order", "code"))
    direction_id = policy.filing_direction_id(user)
    return list(qs.filter(pk=direction_id)) if direction_id else []


def runs_campaign(user: User, direction_id: int) -> bool:
    """A direction's campaign is started and declared done by its director or référent, or by
    the SG's staff."""
    return policy.creates_risks_anywhere(user) or policy.filing_direction_id(user) == direction_id
