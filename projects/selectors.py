"""Scoped reads of projects and deliberations: the one place that decides who sees and edits what.

Decisions (README, "Roles and scope"):
- every logged-in, active user reads the whole portfolio and every deliberation (the SG wants
  transparency across directions);
- SG staff (Secrétaire générale, délégué·e, adjoint·e·s) and administrators edit every project;
  a director or référent edits the projects their direction leads; a chef de projet edits only the
  projects they lead;
- the chef de projet posts the status of their projects (the lead direction may post it for a
  project without one);
- a status is acknowledged by the SG adjoint·e in charge of the project or of the lead direction's
  pôle, or by the Secrétaire générale and the délégué·e;
- a direction (director or référent) declares only its own deliberations; SG staff and
  administrators may update any of them (inscription, vote).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from directions import policy
from directions.models import Direction, User
from projects.fortnights import Fortnight, fortnight_of, required_fortnight
from projects.models import (
    Deliberation,
    Milestone,
    Project,
    Rating,
    Sitting,
    SittingChange,
    StatusUpdate,
)
from sg_portal.batch import Batched, fetch_all


class PortfolioAnnotations(TypedDict):
    """What `with_latest_status` adds to each project."""

    latest_status_id: int | None
    latest_overall: str | None
    latest_fortnight: dt.date | None
    latest_posted_at: dt.datetime | None
    latest_review: str | None
    status_overdue: bool
    status_rank: int
    expected_end_on: dt.date


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    PortfolioProject = WithAnnotations[Project, PortfolioAnnotations]


def _active(user: User) -> bool:
    return policy.is_active_user(user)


# --- Projects ------------------------------------------------------------------------------------


def with_latest_status(projects: QuerySet[Project], today: dt.date) -> QuerySet[PortfolioProject]:
    """Annotate each project with its latest status and whether a status is overdue."""
    latest = StatusUpdate.objects.filter(project=OuterRef("pk")).order_by("-posted_at", "-pk")
    required = required_fortnight(today)
    return projects.annotate(
        latest_status_id=Subquery(latest.values("pk")[:1]),
        latest_overall=Subquery(latest.values("overall")[:1]),
        latest_fortnight=Subquery(latest.values("fortnight_start")[:1], output_field=DateField()),
        latest_posted_at=Subquery(latest.values("posted_at")[:1]),
        latest_review=Subquery(latest.values("review")[:1]),
        status_overdue=Case(
            When(
                Q(start_date__lte=required.end)
                & ~Q(phase=Project.Phase.CLOTURE)
                & (Q(latest_fortnight__isnull=True) | Q(latest_fortnight__lt=required.start)),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
        status_rank=Case(
            When(latest_overall=Rating.OFF_TRACK, then=Value(3)),
            When(latest_overall=Rating.AT_RISK, then=Value(2)),
            When(latest_overall=Rating.ON_TRACK, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        expected_end_on=Coalesce("forecast_end", "planned_end"),
    )


def projects_visible_to(user: User, *, today: dt.date) -> QuerySet[PortfolioProject]:
    """Every project, for every logged-in user (transparency), with what the lists show."""
    if not _active(user):
        return with_latest_status(Project.objects.none(), today)
    return with_latest_status(
        Project.objects.select_related(
            "lead_direction__pole", "chef_projet", "sg_adjoint"
        ).prefetch_related("arrondissements", "partner_directions"),
        today,
    )


def projects_edited_by(user: User) -> QuerySet[Project]:
    return Project.objects.filter(policy.edited_projects_q(user))


def can_edit_project(user: User, project: Project) -> bool:
    return projects_edited_by(user).filter(pk=project.pk).exists()


def can_create_project(user: User) -> bool:
    return policy.creates_projects(user)


def assigns_project_leads(user: User) -> bool:
    """Who leads and follows a project (lead direction, chef de projet, SG adjoint·e) is the SG's
    decision: SG staff and administrators; a project created by a director is their direction's."""
    return policy.edits_every_project(user)


def projects_status_postable_by(user: User) -> QuerySet[Project]:
    """Projects whose fortnightly status the user posts."""
    return Project.objects.filter(policy.status_posted_q(user)).exclude(phase=Project.Phase.CLOTURE)


def current_status(project: Project, today: dt.date) -> StatusUpdate | None:
    """The latest status posted for the fortnight holding `today`, if any."""
    return (
        project.statuses.filter(fortnight_start=fortnight_of(today).start)
        .order_by("-posted_at", "-pk")
        .first()
    )


def questions_to_answer(user: User) -> QuerySet[StatusUpdate]:
    """The SG's questions waiting for the user's answer: on the statuses of the projects whose
    status they post (the chef de projet's, or a direction's without one)."""
    return (
        StatusUpdate.objects.filter(
            review=StatusUpdate.Review.QUESTION,
            project__in=projects_status_postable_by(user).values("pk"),
        )
        .select_related("project", "reviewed_by")
        .order_by("reviewed_at", "pk")
    )


def statuses_reviewable_by(user: User) -> QuerySet[StatusUpdate]:
    """Statuses the user acknowledges or questions."""
    return StatusUpdate.objects.filter(policy.status_reviewed_q(user, project="project"))


def status_for(user: User, pk: int) -> StatusUpdate:
    """A status of a project the user reads (404 otherwise), with whether the user acknowledges
    it (`can_review_status` reads it back)."""
    statuses = (
        StatusUpdate.objects.filter(
            project__in=projects_visible_to(user, today=dt.date.today()).values("pk")
        )
        .select_related("project", "author")
        .annotate(user_can_review=Exists(statuses_reviewable_by(user).filter(pk=OuterRef("pk"))))
    )
    found = statuses.filter(pk=pk).first()
    if found is None:
        raise Http404("Point d'avancement introuvable")
    return found


def can_review_status(user: User, status: StatusUpdate) -> bool:
    known = getattr(status, "user_can_review", None)
    if known is not None:
        return bool(known)
    return statuses_reviewable_by(user).filter(pk=status.pk).exists()


def project_for_page(user: User, pk: int, *, today: dt.date) -> Project:
    """The project with its milestones and status history, or Project.DoesNotExist."""
    return (
        projects_visible_to(user, today=today)
        .prefetch_related(
            "milestones",
            Prefetch(
                "statuses",
                queryset=StatusUpdate.objects.select_related("author", "reviewed_by"),
            ),
            Prefetch(
                "deliberations",
                queryset=Deliberation.objects.select_related("direction", "sitting"),
            ),
        )
        .get(pk=pk)
    )


@dataclass
class StatusDue:
    fortnight: Fortnight
    overdue: bool
    days_late: int


def status_due(project: Project, today: dt.date) -> StatusDue:
    """What the project owes: the fortnight whose status is awaited and whether it is late.

    Uses the annotations of `with_latest_status`.
    """
    if project.status_overdue:  # type: ignore[attr-defined]  # with_latest_status
        required = required_fortnight(today)
        return StatusDue(required, True, required.days_late(today))
    return StatusDue(fortnight_of(today), False, 0)


# Filters and sorting of the portfolio -------------------------------------------------------------

STATUS_FILTERS = {
    "on_track": Q(latest_overall=Rating.ON_TRACK),
    "at_risk": Q(latest_overall=Rating.AT_RISK),
    "off_track": Q(latest_overall=Rating.OFF_TRACK),
    "overdue": Q(status_overdue=True),
    "none": Q(latest_status_id__isnull=True),
}

SORTS = {
    "name": ("name",),
    "kind": ("kind", "name"),
    "direction": ("lead_direction__code", "name"),
    "phase": ("phase", "name"),
    "status": ("-status_rank", "name"),
    "end": ("expected_end_on", "name"),
    "slippage": ("-slippage", "name"),
    "budget": ("budget_planned", "name"),
}


def filter_portfolio(
    projects: QuerySet[PortfolioProject], params: dict, *, user: User | None = None
) -> QuerySet[PortfolioProject]:
    """Apply the portfolio's filters (already validated by PortfolioFilterForm).

    "mine" keeps the projects the user edits: a chef de projet's own, a direction's.
    """
    if params.get("mine") and user is not None:
        projects = projects.filter(pk__in=projects_edited_by(user).values("pk"))
    if params.get("kind"):
        projects = projects.filter(kind=params["kind"])
    if params.get("pole"):
        projects = projects.filter(lead_direction__pole=params["pole"])
    if params.get("direction"):
        direction = params["direction"]
        projects = projects.filter(
            Q(lead_direction=direction) | Q(partner_directions=direction)
        ).distinct()
    if params.get("status"):
        projects = projects.filter(STATUS_FILTERS[params["status"]])
    if params.get("arrondissement"):
        projects = projects.filter(arrondissements=params["arrondissement"]).distinct()
    if params.get("q"):
        projects = projects.filter(
            Q(name__icontains=params["q"]) | Q(description__icontains=params["q"])
        )
    sort = params.get("sort") or "name"
    descending = sort.startswith("-")
    keys = SORTS.get(sort.lstrip("-"), SORTS["name"])
    projects = projects.annotate(slippage=F("expected_end_on") - F("planned_end"))
    if descending:
        keys = tuple(k[1:] if k.startswith("-") else f"-{k}" for k in keys[:1]) + keys[1:]
    return projects.order_by(*keys, "pk")


def projects_for_timeline(
    projects: QuerySet[PortfolioProject],
) -> QuerySet[PortfolioProject]:
    return projects.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "pk"))
    )


def milestones_due(user: User, *, today: dt.date, days: int = 15) -> QuerySet[Milestone]:
    """Milestones not reached whose expected date falls within `days` (or has passed)."""
    horizon = today + dt.timedelta(days=days)
    milestones = (
        Milestone.objects.filter(actual_date__isnull=True)
        .annotate(expected=Coalesce("forecast_date", "planned_date"))
        .filter(expected__lte=horizon)
        .exclude(project__phase=Project.Phase.CLOTURE)
        .select_related("project__lead_direction")
        .order_by("expected", "pk")
    )
    # the projects followed as a subquery, not a join: no duplicates, hence no DISTINCT
    followed = Project.objects.filter(policy.followed_projects_q(user, project=""))
    return milestones.filter(project__in=followed.values("pk"))


# --- Deliberations and sittings -------------------------------------------------------------------


def deliberations_visible_to(user: User) -> QuerySet[Deliberation]:
    if not _active(user):
        return Deliberation.objects.none()
    return Deliberation.objects.select_related("direction", "sitting", "project").annotate(
        has_slipped=Exists(SittingChange.objects.filter(deliberation=OuterRef("pk"), slipped=True))
    )


def deliberations_edited_by(user: User) -> QuerySet[Deliberation]:
    return Deliberation.objects.filter(policy.edited_deliberations_q(user, direction="direction"))


def directions_declaring_for(user: User) -> QuerySet[Direction]:
    """Directions on whose behalf the user declares deliberations: their own only."""
    return Direction.objects.filter(policy.filed_directions_q(user))


def records_council_decisions(user: User) -> bool:
    """Whether the user records a deliberation's inscription and vote (the SG's)."""
    return policy.records_council_decisions(user)


def can_edit_deliberation(user: User, deliberation: Deliberation) -> bool:
    return deliberations_edited_by(user).filter(pk=deliberation.pk).exists()


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def upcoming_sittings(today: dt.date, months: int = 3) -> QuerySet[Sitting]:
    """Sittings that have not ended and start within `months` months."""
    return Sitting.objects.filter(end_date__gte=today, start_date__lte=add_months(today, months))


@dataclass
class SittingForecast:
    sitting: Sitting
    by_direction: list[tuple[Direction, list[Deliberation]]]
    total: int
    slipped_in: list[Deliberation] = field(default_factory=list)  # arrived here by a slip
    slipped_out: list[SittingChange] = field(default_factory=list)  # aimed here, moved later


def three_month_reads(
    user: User, *, today: dt.date, direction: Direction | None = None
) -> dict[str, Batched]:
    """The reads of the three-month view, to be done with others (`sg_portal.batch`): the next
    sittings, their deliberations (directions and sittings joined), the moves out of them."""
    sittings = upcoming_sittings(today)
    deliberations = deliberations_visible_to(user).filter(sitting__in=sittings.values("pk"))
    moves_out = SittingChange.objects.filter(from_sitting__in=sittings.values("pk"), slipped=True)
    if direction is not None:
        deliberations = deliberations.filter(direction=direction)
        moves_out = moves_out.filter(deliberation__direction=direction)
    return {
        "sittings": Batched(sittings.order_by("start_date", "pk")),
        "deliberations": Batched(
            deliberations.order_by("direction__code", "year", "number", "pk"),
            related=("direction", "sitting", "project"),
        ),
        "moves_out": Batched(
            moves_out.order_by("changed_at", "pk"),
            related=("deliberation__direction", "deliberation__sitting", "to_sitting"),
        ),
    }


def three_month_forecasts(
    *, sittings: list[Sitting], deliberations: list[Deliberation], moves_out: list[SittingChange]
) -> list[SittingForecast]:
    """The next sittings, each with its expected deliberations grouped by direction, and slips."""
    grouped: dict[int, dict[Direction, list[Deliberation]]] = defaultdict(lambda: defaultdict(list))
    slipped_in: dict[int, list[Deliberation]] = defaultdict(list)
    for deliberation in deliberations:
        grouped[deliberation.sitting_id][deliberation.direction].append(deliberation)
        if deliberation.has_slipped:  # type: ignore[attr-defined]  # deliberations_visible_to
            slipped_in[deliberation.sitting_id].append(deliberation)
    out: dict[int | None, list[SittingChange]] = defaultdict(list)
    for move in moves_out:
        out[move.from_sitting_id].append(move)
    forecasts = []
    for sitting in sittings:
        by_direction = sorted(grouped[sitting.pk].items(), key=lambda item: item[0].code)
        forecasts.append(
            SittingForecast(
                sitting=sitting,
                by_direction=by_direction,
                total=sum(len(items) for _, items in by_direction),
                slipped_in=slipped_in[sitting.pk],
                slipped_out=out[sitting.pk],
            )
        )
    return forecasts


def three_month_view(
    user: User, *, today: dt.date, direction: Direction | None = None
) -> list[SittingForecast]:
    """The three-month view, read at once: one query on PostgreSQL whatever the volume."""
    reads = three_month_reads(user, today=today, direction=direction)
    fetch_all(reads.values())
    return three_month_forecasts(**{name: read.result for name, read in reads.items()})


def deliberation_for_page(user: User, pk: int) -> Deliberation:
    return deliberations_visible_to(user).get(pk=pk)


def recent_slips(*, today: dt.date, days: int = 45) -> QuerySet[SittingChange]:
    """Moves of a deliberation to a later sitting recorded in the last `days` days."""
    since = today - dt.timedelta(days=days)
    return (
        SittingChange.objects.filter(slipped=True, changed_at__date__gte=since)
        .exclude(deliberation__status__in=Deliberation.CLOSED)
        .select_related("deliberation__direction", "from_sitting", "to_sitting")
        .order_by("-changed_at", "-pk")
    )


def follows_portfolio(user: User) -> bool:
    """Whether the portfolio and the deliberations forecast exist for the user: every account
    of the administration (transparency), not the élus and the cabinets."""
    return policy.follows_the_administration(user)
