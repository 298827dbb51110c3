from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from directions.models import Direction
from projects import selectors, services, tables
from projects.forms import (
    AnswerForm,
    DeliberationForm,
    MilestoneForm,
    PortfolioFilterForm,
    ProjectForm,
    QuestionForm,
    StatusForm,
)
from projects.models import Deliberation, Milestone, Project, Rating, StatusUpdate
from projects.timeline import build_timeline
from sg_portal.exports import export_response, requested_format
from sg_portal.http import PortalRequest
from sg_portal.panels import panels_for

if TYPE_CHECKING:
    from projects.selectors import PortfolioProject


def _portfolio(request: PortalRequest):
    if not selectors.follows_portfolio(request.user):
        raise Http404("Le portefeuille de projets ne vous concerne pas")
    today = timezone.localdate()
    form = PortfolioFilterForm(request.GET or None)
    projects = selectors.filter_portfolio(
        selectors.projects_visible_to(request.user, today=today), form.params(), user=request.user
    )
    return today, form, projects


@require_GET
def project_list(request: PortalRequest) -> HttpResponse:
    fmt = requested_format(request)
    today, form, projects = _portfolio(request)
    if fmt:
        return export_response(
            fmt,
            filename=f"projets-{today.isoformat()}",
            header=tables.PORTFOLIO_HEADER,
            rows=tables.portfolio_rows(projects),
            title="Portefeuille de projets",
            frozen_columns=1,
        )
    projects = list(projects)
    context = {
        "today": today,
        "form": form,
        "projects": projects,
        "summary": _summary(projects),
        "query": request.GET.urlencode(),
        "can_create": selectors.can_create_project(request.user),
        "current_sort": request.GET.get("sort", "name"),
    }
    # the back button restores a pushed URL through htmx too: that request wants the whole page
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "projects/project_list.html#results", context)
    return render(request, "projects/project_list.html", context)


def _summary(projects: list[PortfolioProject]) -> dict:
    by_rating = [(r, sum(p.latest_overall == r for p in projects)) for r in Rating]
    return {
        "total": len(projects),
        **{rating.name.lower(): count for rating, count in by_rating},
        "by_rating": by_rating,
        "overdue": sum(bool(p.status_overdue) for p in projects),
    }


@require_GET
def project_export_moved(request: PortalRequest, fmt: str) -> HttpResponse:
    """The portfolio's former export address (`/projets/export.csv`), kept for bookmarks."""
    query = request.GET.copy()
    query["format"] = fmt
    return HttpResponsePermanentRedirect(f"{reverse('projects:list')}?{query.urlencode()}")


@require_GET
def project_timeline(request: PortalRequest) -> HttpResponse:
    today, form, projects = _portfolio(request)
    projects = list(selectors.projects_for_timeline(projects))
    return render(
        request,
        "projects/project_timeline.html",
        {
            "today": today,
            "form": form,
            "timeline": build_timeline(projects, today),
            "compact": build_timeline(projects, today, compact=True),
            "query": request.GET.urlencode(),
        },
    )


def _load(request: PortalRequest, pk: int) -> Project:
    try:
        return selectors.project_for_page(request.user, pk, today=timezone.localdate())
    except Project.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def project_detail(request: PortalRequest, pk: int) -> HttpResponse:
    project = _load(request, pk)
    today = timezone.localdate()
    user = request.user
    reviewable = set(
        selectors.statuses_reviewable_by(user).filter(project=project).values_list("pk", flat=True)
    )
    can_post = selectors.projects_status_postable_by(user).filter(pk=pk).exists()
    current = selectors.current_status(project, today)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "today": today,
            "due": selectors.status_due(project, today),
            "milestones": [
                (m, m.state(today), m.slippage_days(today)) for m in project.milestones.all()
            ],
            "statuses": list(project.statuses.all()),
            "reviewable": reviewable,
            "can_edit": selectors.can_edit_project(user, project),
            "can_post": can_post,
            "current_status": current,
            "question_form": QuestionForm(),
            "answer_form": AnswerForm(),
            "panels": panels_for(project, user=user, today=today),
        },
    )


def _project_form(request: PortalRequest, project: Project | None) -> HttpResponse:
    user = request.user
    form = ProjectForm(request.POST or None, instance=project, user=user)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"partner_directions", "arrondissements"}
        }
        extra = {
            "partner_directions": list(form.cleaned_data["partner_directions"]),
            "arrondissements": list(form.cleaned_data["arrondissements"]),
        }
        try:
            if project is None:
                project = services.project_create(by=user, data=data, **extra)
                messages.success(request, "Le projet a été créé.")
            else:
                services.project_update(project=project, by=user, data=data, **extra)
                messages.success(request, "Le projet a été mis à jour.")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def project_create(request: PortalRequest) -> HttpResponse:
    if not selectors.can_create_project(request.user):
        raise PermissionDenied
    return _project_form(request, None)


def project_edit(request: PortalRequest, pk: int) -> HttpResponse:
    project = _load(request, pk)
    if not selectors.can_edit_project(request.user, project):
        raise PermissionDenied
    return _project_form(request, project)


def milestone_form(
    request: PortalRequest, pk: int, milestone_pk: int | None = None
) -> HttpResponse:
    project = _load(request, pk)
    if not selectors.can_edit_project(request.user, project):
        raise PermissionDenied
    milestone = (
        get_object_or_404(Milestone, pk=milestone_pk, project=project) if milestone_pk else None
    )
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(
                project=project, by=request.user, milestone=milestone, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Le jalon a été enregistré.")
            return redirect(project.get_absolute_url() + "#jalons")
    return render(
        request,
        "projects/milestone_form.html",
        {"form": form, "project": project, "milestone": milestone},
    )


def status_new(request: PortalRequest, pk: int) -> HttpResponse:
    project = _load(request, pk)
    if not selectors.projects_status_postable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    current = selectors.current_status(project, timezone.localdate())
    if request.method == "GET" and current is not None and "rectifier" not in request.GET:
        # The fortnight's point is published: open it, rather than an empty form that would
        # post a second one. A correcting point starts from it (« Publier un point rectificatif »).
        messages.info(
            request,
            f"Le point de la quinzaine du {current.fortnight_start:%d/%m/%Y} est déjà publié : le voici.",
        )
        return redirect(current.get_absolute_url())
    initial = {}
    if current is not None:
        initial = {
            name: getattr(current, name)
            for name in ("schedule", "budget", "scope", "narrative", "next_steps", "needs_from_sg")
        }
    form = StatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_post(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Votre point d'avancement est publié.")
            return redirect(project)
    return render(
        request,
        "projects/status_form.html",
        {
            "form": form,
            "project": project,
            "due": selectors.status_due(project, timezone.localdate()),
            "previous": project.statuses.all()[:1],
        },
    )


def _reviewable_status(request: PortalRequest, status_pk: int) -> StatusUpdate:
    status = selectors.status_for(request.user, status_pk)
    if not selectors.can_review_status(request.user, status):
        raise PermissionDenied
    return status


def _after_review(request: PortalRequest, status: StatusUpdate) -> HttpResponse:
    if request.htmx:
        status.refresh_from_db()
        return render(
            request,
            "projects/project_detail.html#status",
            {
                "status": status,
                "project": status.project,
                "reviewable": {status.pk},
                "question_form": QuestionForm(),
            },
        )
    return redirect(status.get_absolute_url())


@require_POST
def status_acknowledge(request: PortalRequest, status_pk: int) -> HttpResponse:
    status = _reviewable_status(request, status_pk)
    if services.status_acknowledge(status=status, by=request.user):
        messages.success(request, "Point d'avancement pris en compte.")
    else:
        messages.info(request, "Ce point d'avancement avait déjà été lu.")
    return _after_review(request, status)


@require_POST
def status_answer(request: PortalRequest, status_pk: int) -> HttpResponse:
    status = selectors.status_for(request.user, status_pk)
    if (
        not selectors.projects_status_postable_by(request.user)
        .filter(pk=status.project_id)
        .exists()
    ):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["answer"][0]))
        return redirect(status.get_absolute_url())
    if services.status_answer(status=status, by=request.user, **form.cleaned_data):
        messages.success(request, f"Votre réponse est transmise à {status.reviewed_by}.")
    else:
        messages.info(request, "Cette question a déjà reçu une réponse.")
    return redirect(status.get_absolute_url())


@require_POST
def status_question(request: PortalRequest, status_pk: int) -> HttpResponse:
    status = _reviewable_status(request, status_pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request,
                "projects/project_detail.html#status",
                {
                    "status": status,
                    "project": status.project,
                    "reviewable": {status.pk},
                    "question_form": form,
                },
            )
        messages.error(request, str(form.errors["question"][0]))
        return redirect(status.get_absolute_url())
    if services.status_ask_question(status=status, by=request.user, **form.cleaned_data):
        messages.success(request, "Votre question a été transmise au chef de projet.")
    else:
        messages.info(request, "Ce point d'avancement avait déjà été lu.")
    return _after_review(request, status)


# --- Deliberations -------------------------------------------------------------------------------


@require_GET
def deliberation_forecast(request: PortalRequest) -> HttpResponse:
    if not selectors.follows_portfolio(request.user):
        raise Http404("Les prévisions de délibérations ne vous concernent pas")
    today = timezone.localdate()
    user = request.user
    code = request.GET.get("direction", "")
    direction = Direction.objects.filter(code=code).first() if code else None
    mine_scope = selectors.directions_declaring_for(user).first()
    mine = []
    if mine_scope is not None:
        mine = list(
            selectors.deliberations_visible_to(user)
            .filter(direction=mine_scope)
            .exclude(status__in=Deliberation.CLOSED, sitting__end_date__lt=today)
            .order_by("sitting__start_date", "number")
        )
    return render(
        request,
        "projects/deliberation_forecast.html",
        {
            "today": today,
            "forecasts": selectors.three_month_view(user, today=today, direction=direction),
            "horizon_end": selectors.add_months(today, 3),
            "directions": Direction.objects.filter(deliberations__isnull=False)
            .distinct()
            .order_by("code"),
            "direction": direction,
            "mine": mine,
            "mine_direction": mine_scope,
            "can_declare": mine_scope is not None,
        },
    )


def deliberation_new(request: PortalRequest) -> HttpResponse:
    direction = selectors.directions_declaring_for(request.user).first()
    if direction is None:
        raise PermissionDenied
    form = DeliberationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deliberation = services.deliberation_declare(
                by=request.user,
                direction=direction,
                title=data["title"],
                sitting=data["sitting"],
                project=data["project"],
                status=data["status"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Délibération {deliberation.reference} déclarée.")
            return redirect(deliberation)
    return render(
        request, "projects/deliberation_form.html", {"form": form, "direction": direction}
    )


def _load_deliberation(request: PortalRequest, pk: int) -> Deliberation:
    try:
        return selectors.deliberation_for_page(request.user, pk)
    except Deliberation.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def deliberation_detail(request: PortalRequest, pk: int) -> HttpResponse:
    deliberation = _load_deliberation(request, pk)
    return render(
        request,
        "projects/deliberation_detail.html",
        {
            "deliberation": deliberation,
            "can_edit": selectors.can_edit_deliberation(request.user, deliberation),
        },
    )


def deliberation_edit(request: PortalRequest, pk: int) -> HttpResponse:
    deliberation = _load_deliberation(request, pk)
    if not selectors.can_edit_deliberation(request.user, deliberation):
        raise PermissionDenied
    initial = {
        "title": deliberation.title,
        "sitting": deliberation.sitting,
        "project": deliberation.project,
        "status": deliberation.status,
    }
    form = DeliberationForm(
        request.POST or None,
        initial=initial,
        deliberation=deliberation,
        council=selectors.records_council_decisions(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.deliberation_update(
                deliberation=deliberation, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "La délibération a été mise à jour.")
            return redirect(deliberation)
    return render(
        request,
        "projects/deliberation_form.html",
        {"form": form, "direction": deliberation.direction, "deliberation": deliberation},
    )
