"""The app's blocks on the home page: the next sittings (3 months), the projects (their whole
duration), and for the fortnight the milestones due and the statuses to post or to read."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from directions.models import User
from projects import selectors
from projects.fortnights import fortnight_of
from projects.models import Project, Rating, StatusUpdate
from sg_portal.horizons import HorizonBlock


def blocks(user: User, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    found = [_fortnight(user, today), _three_months(user, today), _projects(user, today)]
    return [block for block in found if block is not None]


def _fortnight(user: User, today: dt.date) -> HorizonBlock | None:
    milestones = list(selectors.milestones_due(user, today=today)[:8])
    fortnight = fortnight_of(today)
    to_post = list(
        selectors.with_latest_status(selectors.projects_status_postable_by(user), today)
        .filter(start_date__lte=today)
        .filter(
            Q(latest_fortnight__isnull=True)
            | Q(latest_fortnight__lt=fortnight.start)
            | Q(status_overdue=True)
        )
        .order_by("-status_overdue", "name")[:8]
    )
    to_read = list(
        selectors.statuses_reviewable_by(user)
        .filter(review=StatusUpdate.Review.PENDING)
        .select_related("project")
        .order_by("posted_at")[:8]
    )
    to_answer = list(selectors.questions_to_answer(user)[:8])
    if not (milestones or to_post or to_read or to_answer):
        return None
    return HorizonBlock(
        horizon="15j",
        title="Projets : jalons et points d'avancement",
        template="projects/_horizon_15j.html",
        context={
            "milestones": milestones,
            "to_post": to_post,
            "to_read": to_read,
            "to_answer": to_answer,
            "fortnight": fortnight,
            "today": today,
        },
        order=40,
    )


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
