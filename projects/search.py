"""The projects' searchable documents: projects (with their latest statuses' words) and the
deliberations (their reference « 2026 DASES 123 » is an exact code). Visibility is the app's:
`projects_visible_to`, `deliberations_visible_to`."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from directions.models import User
from projects.models import Deliberation, Project, StatusUpdate
from projects.selectors import deliberations_visible_to, projects_visible_to
from sg_portal.search.kinds import Entry, SearchKind


def _projects() -> QuerySet[Project]:
    return Project.objects.select_related("lead_direction").prefetch_related(
        Prefetch("statuses", queryset=StatusUpdate.objects.order_by("-fortnight_start"))
    )


def _project(project: Project) -> Entry:
    latest = next(iter(project.statuses.all()), None)
    words = [project.description]
    if latest is not None:
        words += [latest.narrative, latest.next_steps, latest.needs_from_sg]
    return Entry(
        title=project.name,
        context=(
            f"{project.get_kind_display()} · {project.lead_direction.code} · "
            f"{project.get_phase_display()}"
        ),
        body="\n".join(w for w in words if w),
        url=f"/projets/{project.pk}/",
    )


def _deliberation(deliberation: Deliberation) -> Entry:
    return Entry(
        title=deliberation.title,
        code=deliberation.reference,
        context=(
            f"Délibération {deliberation.reference} · {deliberation.sitting.label} · "
            f"{deliberation.get_status_display()}"
        ),
        url=f"/deliberations/{deliberation.pk}/",
    )


def _visible_projects(user: User) -> QuerySet:
    return projects_visible_to(user, today=timezone.localdate())


def _visible_deliberations(user: User) -> QuerySet[Deliberation]:
    return deliberations_visible_to(user)


def searchable() -> list[SearchKind]:
    return [
        SearchKind(
            key="projects.project",
            label="Projets",
            model=Project,
            queryset=_projects,
            document=_project,
            visible=_visible_projects,
            order=40,
            follows=((StatusUpdate, lambda status: [status.project]),),
        ),
        SearchKind(
            key="projects.deliberation",
            label="Délibérations",
            model=Deliberation,
            queryset=lambda: Deliberation.objects.select_related("direction", "sitting"),
            document=_deliberation,
            visible=_visible_deliberations,
            order=41,
        ),
    ]
