"""The app's blocks on the home page: the next sittings (3 months), the projects (their whole
duration); and as dated items sorted by urgency, the milestones due, the statuses to post or
to read and the SG's questions to answer (15 days) and the deliberations expected at the coming sittings (3 months)."""

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
from sg_portal.horizons import DatedItem, HorizonBlock, Scope


def blocks(user: User, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    return [_three_months(user, today), _projects(user, today)]


def _three_months(user: User, today: dt.date) -> HorizonBlock:
    forecasts = selectors.three_month_view(user, today=today)
    return HorizonBlock(
        horizon="3m",
        title="Conseil de Paris : délibérations attendues",
        template="projects/_horizon_3m.html",
        context={"forecasts": forecasts},
        order=10,
    )


def _projects(user: User, today: dt.date) -> HorizonBlock:
    projects = list(
        selectors.with_latest_status(
            Project.objects.exclude(phase=Project.Phase.CLOTURE).select_related("lead_direction"),
            today,
        ).order_by("-status_overdue", "-status_rank", "expected_end_on", "name")
    )
    counts = {
        "total": len(projects),
        "by_rating": [
            (rating, sum(p.latest_overall == rating for p in projects))
            for rating in (Rating.OFF_TRACK, Rating.AT_RISK)
        ],
        "overdue": sum(bool(p.status_overdue) for p in projects),
    }
    return HorizonBlock(
        horizon="projets",
        title="Projets de mandature et de modernisation",
        template="projects/_horizon_projets.html",
        context={"projects": projects[:8], "counts": counts},
        order=10,
    )


def dated_items(user: User, today: dt.date, scope: Scope) -> list[DatedItem]:
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
            .select_related("project__lead_direction")
        )
        deliberations = selectors.deliberations_visible_to(user)
        if scope == Scope.POLE:
            milestones = milestones.filter(
                policy.pole_directions_q(user, direction="project__lead_direction")
            )
            deliberations = deliberations.filter(
                policy.pole_directions_q(user, direction="direction")
            )
    items = _statuses(user, today) if scope == Scope.ME else []
    items += [
        DatedItem(
            key=f"projects.milestone:{m.pk}:{m.forecast_date or m.planned_date:%Y%m%d}",
            horizon="15j",
            due=m.forecast_date or m.planned_date,
            title=m.title,
            url=f"/projets/{m.project_id}/",
            what="Jalon",
            context=m.project.name,
        )
        for m in milestones.order_by(Coalesce("forecast_date", "planned_date"), "pk")[:40]
    ]
    if scope != Scope.ME:
        return items  # the 3-month block shows every deliberation, sitting by sitting
    coming = (
        deliberations.exclude(status__in=Deliberation.CLOSED)
        .filter(
            sitting__start_date__gte=today,
            sitting__start_date__lte=selectors.add_months(today, 3),
        )
        .select_related("direction", "sitting")
        .order_by("sitting__start_date", "direction__code", "number")[:40]
    )
    for d in coming:
        items.append(
            DatedItem(
                key=f"projects.deliberation:{d.pk}:{d.sitting_id}",
                horizon="3m",
                due=d.sitting.start_date,
                title=d.title,
                url=f"/deliberations/{d.pk}/",
                what=f"Délibération {d.reference}",
                context=f"{d.get_status_display()} · {d.sitting.label}",
                late=False,
            )
        )
    return items


def _statuses(user: User, today: dt.date) -> list[DatedItem]:
    """The fortnightly statuses the reader must post (due at the fortnight's end) or read."""
    fortnight = fortnight_of(today)
    to_post = (
        selectors.with_latest_status(selectors.projects_status_postable_by(user), today)
        .filter(start_date__lte=today)
        .filter(
            Q(latest_fortnight__isnull=True)
            | Q(latest_fortnight__lt=fortnight.start)
            | Q(status_overdue=True)
        )
        .order_by("-status_overdue", "name")[:20]
    )
    items = [
        DatedItem(
            key=f"projects.status_due:{p.pk}:{fortnight.start:%Y%m%d}",
            horizon="15j",
            due=fortnight.end,
            title=p.name,
            url=f"/projets/{p.pk}/point/",
            what="Point d'avancement à publier",
            context=f"Quinzaine jusqu'au {fortnight.end:%d/%m}",
            late=bool(p.status_overdue),
        )
        for p in to_post
    ]
    to_read = (
        selectors.statuses_reviewable_by(user)
        .filter(review=StatusUpdate.Review.PENDING)
        .select_related("project")
        .order_by("posted_at")[:20]
    )
    items += [
        DatedItem(
            key=f"projects.status_read:{s.pk}",
            horizon="15j",
            due=max(timezone.localtime(s.posted_at).date(), today),
            title=s.project.name,
            url=s.get_absolute_url(),
            what="Point d'avancement à lire",
            late=False,
        )
        for s in to_read
    ]
    # The SG's questions wait for the answer of who posts the project's status.
    items += [
        DatedItem(
            key=f"projects.status_question:{s.pk}",
            horizon="15j",
            due=max(timezone.localtime(s.reviewed_at).date(), today) if s.reviewed_at else today,
            title=s.project.name,
            url=s.get_absolute_url(),
            what="Question du SG à répondre",
            context=f"« {truncatechars(s.question, 90)} » — {s.reviewed_by}",
            late=False,
        )
        for s in selectors.questions_to_answer(user)[:20]
    ]
    return items
