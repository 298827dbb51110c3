"""The app's blocks on the home page: the next sittings (3 months), the projects (their whole
duration); and as dated items sorted by urgency, the milestones due, the statuses to post or
to read and the SG's questions to answer (15 days) and the deliberations expected at the coming
sittings (3 months). Every read is a `Batched` one, done with the page's other reads."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.template.defaultfilters import truncatechars
from django.utils import timezone

from directions import policy
from directions.models import User
from projects import selectors
from projects.fortnights import fortnight_of
from projects.models import Deliberation, Milestone, Project, Rating, StatusUpdate
from sg_portal.batch import Batched
from sg_portal.horizons import DatedItem, HorizonBlock, Scope

ITEMS_MAX = 40


def blocks(user: User, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    return [_three_months(user, today), _projects(today)]


def _three_months(user: User, today: dt.date) -> HorizonBlock:
    return HorizonBlock(
        horizon="3m",
        title="Conseil de Paris : délibérations attendues",
        template="projects/_horizon_3m.html",
        context=dict(selectors.three_month_reads(user, today=today)),
        prepare=lambda reads: {"forecasts": selectors.three_month_forecasts(**reads)},
        order=10,
    )


def _portfolio(projects: list) -> dict:
    return {
        "projects": projects[:8],
        "counts": {
            "total": len(projects),
            "by_rating": [
                (rating, sum(p.latest_overall == rating for p in projects))
                for rating in (Rating.OFF_TRACK, Rating.AT_RISK)
            ],
            "overdue": sum(bool(p.status_overdue) for p in projects),
        },
    }


def _projects(today: dt.date) -> HorizonBlock:
    projects = selectors.with_latest_status(
        Project.objects.exclude(phase=Project.Phase.CLOTURE), today
    ).order_by("-status_overdue", "-status_rank", "expected_end_on", "name")
    return HorizonBlock(
        horizon="projets",
        title="Projets de mandature et de modernisation",
        template="projects/_horizon_projets.html",
        context={"projects": Batched(projects, related=("lead_direction",))},
        prepare=lambda context: _portfolio(context["projects"]),
        order=10,
    )


def dated_items(user: User, today: dt.date, scope: Scope) -> list[DatedItem | Batched]:
    """Milestones due and the deliberations expected at the coming sittings, in the scope."""
    if not user.is_authenticated:
        return []
    if scope == Scope.ME:
        milestones = selectors.milestones_due(user, today=today)
        # A direction's own deliberations; the SG reads them all in the 3-month block.
        deliberations = selectors.deliberations_visible_to(user).filter(
            direction__in=selectors.directions_declaring_for(user)
        )
    else:
        milestones = (
            Milestone.objects.filter(actual_date__isnull=True)
            .filter(
                Q(forecast_date__lte=today + dt.timedelta(days=15))
                | Q(forecast_date__isnull=True, planned_date__lte=today + dt.timedelta(days=15))
            )
            .exclude(project__phase=Project.Phase.CLOTURE)
            .filter(project__in=selectors.projects_visible_to(user, today=today).values("pk"))
        )
        deliberations = selectors.deliberations_visible_to(user)
        if scope == Scope.POLE:
            milestones = milestones.filter(
                policy.pole_directions_q(user, direction="project__lead_direction")
            )
            deliberations = deliberations.filter(
                policy.pole_directions_q(user, direction="direction")
            )
    reads: list[DatedItem | Batched] = [*_statuses(user, today)] if scope == Scope.ME else []
    reads.append(
        Batched(
            milestones.order_by(Coalesce("forecast_date", "planned_date"), "pk"),
            limit=ITEMS_MAX,
            related=("project",),
            then=lambda rows: [_milestone_item(m) for m in rows],
        )
    )
    if scope != Scope.ME:
        return reads  # the 3-month block shows every deliberation, sitting by sitting
    coming = (
        deliberations.exclude(status__in=Deliberation.CLOSED)
        .filter(
            sitting__start_date__gte=today,
            sitting__start_date__lte=selectors.add_months(today, 3),
        )
        .order_by("sitting__start_date", "direction__code", "number", "pk")
    )
    reads.append(
        Batched(
            coming,
            limit=ITEMS_MAX,
            related=("direction", "sitting"),
            then=lambda rows: [_deliberation_item(d) for d in rows],
        )
    )
    return reads


def _milestone_item(m: Milestone) -> DatedItem:
    due = m.forecast_date or m.planned_date
    return DatedItem(
        key=f"projects.milestone:{m.pk}:{due:%Y%m%d}",
        horizon="15j",
        due=due,
        title=m.title,
        url=f"/projets/{m.project_id}/",
        what="Jalon",
        context=m.project.name,
    )


def _deliberation_item(d: Deliberation) -> DatedItem:
    return DatedItem(
        key=f"projects.deliberation:{d.pk}:{d.sitting_id}",
        horizon="3m",
        due=d.sitting.start_date,
        title=d.title,
        url=f"/deliberations/{d.pk}/",
        what=f"Délibération {d.reference}",
        context=f"{d.get_status_display()} · {d.sitting.label}",
        late=False,
    )


def _statuses(user: User, today: dt.date) -> list[Batched]:
    """The fortnightly statuses the reader must post (due at the fortnight's end) or read, and
    the SG's questions they must answer."""
    fortnight = fortnight_of(today)
    to_post = (
        selectors.with_latest_status(selectors.projects_status_postable_by(user), today)
        .filter(start_date__lte=today)
        .filter(
            Q(latest_fortnight__isnull=True)
            | Q(latest_fortnight__lt=fortnight.start)
            | Q(status_overdue=True)
        )
        .order_by("-status_overdue", "name", "pk")
    )

    def post_item(p: Project) -> DatedItem:
        return DatedItem(
            key=f"projects.status_due:{p.pk}:{fortnight.start:%Y%m%d}",
            horizon="15j",
            due=fortnight.end,
            title=p.name,
            url=f"/projets/{p.pk}/point/",
            what="Point d'avancement à publier",
            context=f"Quinzaine jusqu'au {fortnight.end:%d/%m}",
            late=bool(p.status_overdue),  # type: ignore[attr-defined]  # with_latest_status
        )

    def read_item(s: StatusUpdate) -> DatedItem:
        return DatedItem(
            key=f"projects.status_read:{s.pk}",
            horizon="15j",
            due=max(timezone.localtime(s.posted_at).date(), today),
            title=s.project.name,
            url=s.get_absolute_url(),
            what="Point d'avancement à lire",
            late=False,
        )

    # The SG's questions wait for the answer of who posts the project's status.
    def question_item(s: StatusUpdate) -> DatedItem:
        return DatedItem(
            key=f"projects.status_question:{s.pk}",
            horizon="15j",
            due=max(timezone.localtime(s.reviewed_at).date(), today) if s.reviewed_at else today,
            title=s.project.name,
            url=s.get_absolute_url(),
            what="Question du SG à répondre",
            context=f"« {truncatechars(s.question, 90)} » — {s.reviewed_by}",
            late=False,
        )

    return [
        Batched(to_post, limit=20, then=lambda rows: [post_item(p) for p in rows]),
        Batched(
            selectors.statuses_reviewable_by(user)
            .filter(review=StatusUpdate.Review.PENDING)
            .order_by("posted_at", "pk"),
            limit=20,
            related=("project",),
            then=lambda rows: [read_item(s) for s in rows],
        ),
        Batched(
            selectors.questions_to_answer(user),
            limit=20,
            related=("project", "reviewed_by"),
            then=lambda rows: [question_item(s) for s in rows],
        ),
    ]
