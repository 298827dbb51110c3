from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from indicators.models import Indicator
from meetings.models import Action
from projects.models import Milestone, Project, StatusUpdate
from risks import pdf, selectors, services, tables
from risks.forms import (
    AcceptanceForm,
    CloseForm,
    FilterForm,
    KeyIndicatorForm,
    MeasureForm,
    OccurrenceForm,
    ReviewForm,
    RiskForm,
)
from risks.models import Campaign, Measure, Risk
from sg_portal.exports import document_response, export_response, requested_format
from sg_portal.http import PortalRequest


def _require_reader(request: PortalRequest) -> None:
    if (
        not selectors.reads_any_risk(request.user)
        and not selectors.risks_visible_to(request.user).exists()
    ):
        raise Http404


def _selection(request: PortalRequest):
    today = timezone.localdate()
    form = FilterForm(request.GET or None)
    risks = selectors.filter_risks(
        selectors.risks_visible_to(request.user), form.params(), today=today
    )
    return today, form, risks


@require_GET
def risk_list(request: PortalRequest) -> HttpResponse:
    _require_reader(request)
    today, form, risks = _selection(request)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            fmt,
            filename=f"risques-{today.isoformat()}",
            header=tables.HEADER,
            rows=tables.rows(selectors.with_list_data(risks), today),
            title="Cartographie des risques",
            frozen_columns=1,
        )
    listed = selectors.listed(list(selectors.with_list_data(risks)[:LIST_MAX]), today)
    total = len(listed) if len(listed) < LIST_MAX else risks.count()
    context = {
        "today": today,
        "form": form,
        "rows": listed,
        "total": total,
        "shown": len(listed),
        "late": risks.filter(next_review_on__lt=today, state=Risk.State.OPEN).count(),
        "query": request.GET.urlencode(),
        "can_create": selectors.can_create(request.user),
        "columns": _sort_columns(request, request.GET.get("sort", "net")),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "risks/list.html#results", context)
    return render(request, "risks/list.html", context)


#: The register shows this many rows; the filters narrow a larger selection, the exports hold it all.
LIST_MAX = 200

SORTABLE = [
    ("title", "Risque"),
    ("category", "Catégorie"),
    ("scope", "Périmètre"),
    ("gross", "Brut"),
    ("net", "Net"),
    ("review", "Prochaine revue"),
]


def _sort_columns(request: PortalRequest, current: str) -> list[tuple[str, dict[str, str]]]:
    """The sortable headers: each links to its sort (toggled when already sorted) and says its
    state to assistive technologies."""
    columns = []
    for key, text in SORTABLE:
        params = request.GET.copy()
        params.pop("format", None)
        params["sort"] = f"-{key}" if current == key else key
        # Levels sort from the most serious: that order reads as descending.
        forward, backward = (
            ("descending", "ascending") if key in {"net", "gross"} else ("ascending", "descending")
        )
        state = forward if current == key else backward if current == f"-{key}" else "none"
        columns.append((key, {"text": text, "query": params.urlencode(), "state": state}))
    return columns


@require_GET
def risk_map(request: PortalRequest) -> HttpResponse:
    _require_reader(request)
    today, form, risks = _selection(request)
    matrix = selectors.current_matrix()
    if request.GET.get("format") == "pdf":
        listed = selectors.listed(list(selectors.with_list_data(risks)), today)
        maps = selectors.heat_maps(risks, matrix)
        return document_response(
            pdf.map_pdf(
                matrix=matrix,
                gross=maps.gross,
                net=maps.net,
                rows=listed,
                today=today,
                filters=form.described(),
            ),
            content_type="application/pdf",
            filename=f"cartographie-des-risques-{today.isoformat()}.pdf",
        )
    base = request.GET.copy()
    base.pop("cell", None)
    listed = selectors.listed(
        list(selectors.with_list_data(risks).exclude(net_level="faible")[:60]), today
    )
    maps = selectors.heat_maps(risks, matrix)
    context = {
        "today": today,
        "form": form,
        "matrix": matrix,
        "gross": maps.gross,
        "net": maps.net,
        "impacts": [matrix.impact_label(i) for i in range(1, matrix.size[1] + 1)],
        "net_counts": maps.net_counts,
        "net_moves": maps.net_moves,
        "rows": listed,
        "query": base.urlencode(),
    }
    return render(request, "risks/map.html", context)


def _load(request: PortalRequest, pk: int) -> Risk:
    try:
        return selectors.risk_for_page(request.user, pk)
    except Risk.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def risk_detail(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    today = timezone.localdate()
    user = request.user
    tolerance = selectors.tolerances()
    measures = list(risk.measures.select_related("owner", "action", "milestone"))
    open_measures = any(m.is_open for m in measures)
    required = selectors.required_authority(risk.net_level)
    return render(
        request,
        "risks/detail.html",
        {
            "risk": risk,
            "today": today,
            "treatment": selectors.treatment(risk, today, tolerance, open_measures),
            "tolerance": tolerance.get(risk.category),
            "above_tolerance": selectors.above_tolerance(risk, tolerance),
            "required_authority": selectors.AUTHORITY_LABELS[required],
            "measures": [(m, m.days_late(today)) for m in measures],
            "reviews": list(risk.reviews.select_related("reviewed_by", "matrix")[:20]),
            "acceptances": list(risk.acceptances.select_related("decided_by")),
            "occurrences": list(risk.occurrences.select_related("recorded_by")),
            "key_indicators": list(risk.key_indicators.select_related("indicator")),
            "contributors": list(risk.contributors.all()),
            "review_late": risk.is_open and risk.next_review_on < today,
            "can_edit": selectors.can_edit(user, risk),
            "can_accept": selectors.can_accept(user, risk),
            "can_escalate": selectors.can_escalate(user, risk),
            "matrix_labels": {
                "gross_p": risk.matrix.probability_label(risk.gross_probability),
                "gross_i": risk.matrix.impact_label(risk.gross_impact),
                "net_p": risk.matrix.probability_label(risk.net_probability),
                "net_i": risk.matrix.impact_label(risk.net_impact),
            },
            "measure_statuses": Measure.Status,
        },
    )


def _initial_from_project(request: PortalRequest) -> dict:
    """`?project=<id>` (and `&point=<status id>`) prefill a risk of that project, declared from
    its page or from a worrying fortnightly status."""
    try:
        project = Project.objects.get(pk=int(request.GET.get("project", "")))
    except (ValueError, Project.DoesNotExist):
        return {}
    if not selectors.can_declare_on_project(request.user, project):
        return {}
    initial = {"scope": Risk.Scope.PROJECT, "project": project.pk, "direction": None}
    status = StatusUpdate.objects.filter(project=project, pk=request.GET.get("point") or 0).first()
    if status is not None:
        initial["description"] = (
            f"Point d'avancement de la quinzaine du {status.fortnight_start:%d/%m/%Y} "
            f"({status.get_overall_display().lower()}) : {status.narrative}"
        )[:2000]
    return initial


def _risk_form(request: PortalRequest, risk: Risk | None) -> HttpResponse:
    user = request.user
    initial = _initial_from_project(request) if risk is None and request.method == "GET" else {}
    form = RiskForm(request.POST or None, instance=risk, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        contributors = list(form.cleaned_data["contributors"])
        try:
            if risk is None:
                risk = services.risk_create(
                    actor=user,
                    data={**form.descriptive(), **form.evaluation()},
                    contributors=contributors,
                )
                messages.success(request, "Le risque a été enregistré.")
            else:
                services.risk_update(
                    actor=user, risk=risk, data=form.descriptive(), contributors=contributors
                )
                messages.success(request, "Le risque a été mis à jour.")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(risk)
    return render(request, "risks/form.html", {"form": form, "risk": risk})


def risk_create(request: PortalRequest) -> HttpResponse:
    if not selectors.can_create(request.user):
        raise Http404
    return _risk_form(request, None)


def risk_edit(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    if not selectors.can_edit(request.user, risk):
        raise PermissionDenied
    return _risk_form(request, risk)


def risk_review(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    if not selectors.can_edit(request.user, risk) or not risk.is_open:
        raise PermissionDenied
    matrix = selectors.current_matrix()
    form = ReviewForm(request.POST or None, risk=risk, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_review(
                actor=request.user,
                risk=risk,
                reviewed_on=form.cleaned_data["reviewed_on"],
                evaluation=form.evaluation(),
                changes=form.cleaned_data["changes"],
                comment=form.cleaned_data["comment"],
                seen=form.cleaned_data["seen"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "La revue a été enregistrée.")
            return redirect(risk)
    return render(
        request,
        "risks/review_form.html",
        {
            "form": form,
            "risk": risk,
            "matrix": matrix,
            "last_occurrence": risk.occurrences.first(),
        },
    )


def risk_accept(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    if not selectors.can_accept(request.user, risk):
        raise PermissionDenied
    form = AcceptanceForm(request.POST or None, risk=risk)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_accept(
                actor=request.user,
                risk=risk,
                justification=form.cleaned_data["justification"],
                expires_on=form.cleaned_data["expires_on"],
                seen=form.cleaned_data["seen"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "L'acceptation du risque a été enregistrée.")
            return redirect(risk)
    return render(request, "risks/accept_form.html", {"form": form, "risk": risk})


@require_POST
def risk_raise(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    if not selectors.can_escalate(request.user, risk):
        messages.info(request, "Ce risque figure déjà sur la cartographie du SG.")
        return redirect(risk)
    services.risk_raise_to_sg_map(actor=request.user, risk=risk)
    messages.success(request, "Le risque figure désormais sur la cartographie consolidée du SG.")
    return redirect(risk)


def risk_close(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    if not selectors.can_edit(request.user, risk) or not risk.is_open:
        raise PermissionDenied
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.risk_close(actor=request.user, risk=risk, reason=form.cleaned_data["reason"])
        messages.success(request, "Le risque a été clos.")
        return redirect(risk)
    return render(
        request,
        "risks/simple_form.html",
        {"form": form, "risk": risk, "heading": "Clore le risque", "submit": "Clore le risque"},
    )


def measure_new(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    if not selectors.can_edit(request.user, risk):
        raise PermissionDenied
    actions = Action.objects.filter(status=Action.Status.OPEN).select_related("meeting")
    milestones = (
        Milestone.objects.filter(project=risk.project)
        if risk.project_id
        else Milestone.objects.none()
    )
    form = MeasureForm(request.POST or None, risk=risk, actions=actions, milestones=milestones)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_create(actor=request.user, risk=risk, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "La mesure a été ajoutée.")
            return redirect(risk.get_absolute_url() + "#mesures")
    return render(
        request,
        "risks/simple_form.html",
        {"form": form, "risk": risk, "heading": "Nouvelle mesure", "submit": "Ajouter la mesure"},
    )


@require_POST
def measure_status(request: PortalRequest, measure_pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure.objects.select_related("risk"), pk=measure_pk)
    risk = _load(request, measure.risk_id)
    if not (selectors.can_edit(request.user, risk) or measure.owner_id == request.user.pk):
        raise PermissionDenied
    services.measure_set_status(
        actor=request.user, measure=measure, status=request.POST.get("status", "")
    )
    return redirect(risk.get_absolute_url() + "#mesures")


def occurrence_new(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    if not selectors.can_edit(request.user, risk):
        raise PermissionDenied
    form = OccurrenceForm(request.POST or None, matrix=risk.matrix)
    if request.method == "POST" and form.is_valid():
        try:
            services.occurrence_record(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, "La réalisation du risque est notée : elle nourrira sa prochaine revue."
            )
            return redirect(risk)
    return render(
        request,
        "risks/simple_form.html",
        {
            "form": form,
            "risk": risk,
            "heading": "Le risque s'est réalisé",
            "submit": "Enregistrer",
        },
    )


def indicator_new(request: PortalRequest, pk: int) -> HttpResponse:
    risk = _load(request, pk)
    if not selectors.can_edit(request.user, risk):
        raise PermissionDenied
    form = KeyIndicatorForm(request.POST or None)
    form.fields["indicator"].queryset = Indicator.objects.all()  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.key_indicator_add(actor=request.user, risk=risk, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "L'indicateur clé est suivi.")
            return redirect(risk.get_absolute_url() + "#indicateurs")
    return render(
        request,
        "risks/simple_form.html",
        {
            "form": form,
            "risk": risk,
            "heading": "Suivre un indicateur clé de risque",
            "submit": "Suivre cet indicateur",
        },
    )


def campaign(request: PortalRequest, year: int | None = None) -> HttpResponse:
    """The yearly re-evaluation: the SG follows which directions have finished; a direction
    starts its year's map from last year's and sees what is new, changed and closed."""
    today = timezone.localdate()
    year = year or today.year
    directions = selectors.campaign_directions(request.user)
    if not directions:
        raise Http404
    if request.method == "POST":
        direction = next(
            (d for d in directions if str(d.pk) == request.POST.get("direction")), None
        )
        if direction is None or not selectors.runs_campaign(request.user, direction.pk):
            raise PermissionDenied
        if request.POST.get("action") == "start":
            services.campaign_start(actor=request.user, direction_id=direction.pk, year=year)
            messages.success(
                request,
                f"La cartographie {year} de {direction.code} est ouverte à partir de la précédente.",
            )
        elif request.POST.get("action") == "finish":
            found = Campaign.objects.filter(year=year, direction=direction).first()
            if found is not None and services.campaign_finish(actor=request.user, campaign=found):
                messages.success(
                    request, f"La cartographie {year} de {direction.code} est terminée."
                )
        return redirect("risks:campaign_year", year=year)
    views = selectors.campaign_views(directions, year)
    single = len(directions) == 1
    return render(
        request,
        "risks/campaign.html",
        {
            "year": year,
            "views": views,
            "single": single,
            "done": sum(v.campaign is not None and v.campaign.status == "terminee" for v in views),
            "started": sum(v.campaign is not None for v in views),
            "can_run": {d.pk for d in directions if selectors.runs_campaign(request.user, d.pk)},
        },
    )
