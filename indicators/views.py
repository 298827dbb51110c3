from __future__ import annotations

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from directions.models import Arrondissement
from indicators import importer, services
from indicators import selectors as S
from indicators.forms import ImportForm, ReopenForm, ReturnForm, TemplateForm
from indicators.models import Indicator, Report, ReportState
from indicators.selectors_reminders import can_manage_reminders, reminders_of_report
from sg_portal.exports import export_response, requested_format
from sg_portal.http import PortalRequest

# The list's tabs: a state each (plural labels for the tabs), plus "every report".
STATES = [
    ("", "Tous"),
    (ReportState.TO_FILL, "À remplir"),
    (ReportState.LATE, "En retard"),
    (ReportState.SUBMITTED, "Soumis"),
    (ReportState.RETURNED, "Renvoyés"),
    (ReportState.VALIDATED, "Validés"),
]
_FIELD = re.compile(r"^v-(\d+)-(\d+)$")
_COMMENT = re.compile(r"^c-(\d+)$")


def _filter_state(queryset, state: str, today):
    if state == ReportState.TO_FILL:
        return queryset.filter(status=Report.Status.DRAFT).exclude(Report.late_draft_q(today))
    if state == ReportState.LATE:  # returned reports past due too: late is one notion
        return queryset.filter(Report.late_q(today))
    if state in {ReportState.SUBMITTED, ReportState.RETURNED, ReportState.VALIDATED}:
        return queryset.filter(status=state)
    return queryset


def report_list(request: PortalRequest):
    if not S.reads_reports(request.user):
        raise Http404("Aucun rapport de direction ne vous est destiné")
    today = timezone.localdate()
    visible = S.reports_visible_to(request.user)
    state = request.GET.get("etat", "")
    if state not in dict(STATES):
        state = ""
    counts, total = S.report_counts(visible)
    reports = _filter_state(visible, state, today).order_by("-due_date", "direction__code")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    rows = []
    for report in page.object_list:
        rows.append(
            {
                "report": report,
                "state": report.state(today),
                "days_late": report.days_late(today),
            }
        )
    return render(
        request,
        "indicators/report_list.html",
        {
            "rows": rows,
            "page": page,
            "state": state,
            "tabs": [(key, label, counts.get(key)) for key, label in STATES],
            "total": total,
            "is_member": S.files_reports(request.user),
            "manages_reminders": can_manage_reminders(request.user),
        },
    )


def _report_context(
    request: PortalRequest, report, *, posted=None, errors=None, missing=None, changes=None
):
    today = timezone.localdate()
    editable = report.is_editable and S.can_edit(request.user, report)
    reviewer = S.can_review(request.user, report)
    rows = S.report_sheet(report, posted=posted, errors=errors)
    return {
        "report": report,
        "state": report.state(today),
        "days_late": report.days_late(today),
        "rows": rows,
        "editable": editable,
        "can_review": reviewer and report.status == Report.Status.SUBMITTED,
        "review_points": S.report_review_points(rows)
        if reviewer and report.status == Report.Status.SUBMITTED
        else [],
        "can_reopen": reviewer and report.status == Report.Status.VALIDATED,
        "return_form": ReturnForm(),
        "reopen_form": ReopenForm(),
        "missing": missing,
        "changes": changes,
        "reminders": reminders_of_report(report),
    }


@never_cache  # Back must redraw the saved values and versions, not the page as first drawn.
def report_detail(request: PortalRequest, pk: int):
    report = S.report_for(request.user, pk)
    return render(request, "indicators/report.html", _report_context(request, report))


def _save_posted(
    request: PortalRequest, report
) -> tuple[dict[str, services.ReportError], dict[str, int]]:
    """Save every field of the POST.

    Returns (errors by field name, the version of each field as this request leaves it: the
    saved version, or the one the page showed when the field was refused).
    """
    indicators = {i.pk: i for i in S.report_indicators(report)}
    arrondissements = {a.pk: a for a in Arrondissement.objects.all()}
    errors: dict[str, services.ReportError] = {}
    saved: dict[str, int] = {}
    for name, raw in request.POST.dict().items():
        version_text = request.POST.get(f"ver-{name}", "0")
        try:
            version = int(version_text)
        except ValueError:
            version = 0
        try:
            if match := _FIELD.match(name):
                indicator = indicators.get(int(match[1]))
                arr_id = int(match[2]) or None
                if indicator is None or (arr_id is not None and arr_id not in arrondissements):
                    continue
                if indicator.by_arrondissement != (arr_id is not None):
                    continue
                saved[name] = version
                value = services.value_save(
                    report=report,
                    indicator=indicator,
                    arrondissement=None if arr_id is None else arrondissements[arr_id],
                    raw=raw,
                    version=version,
                    user=request.user,
                )
                saved[name] = value.version if value else 0
            elif match := _COMMENT.match(name):
                indicator = indicators.get(int(match[1]))
                if indicator is None:
                    continue
                saved[name] = version
                comment = services.comment_save(
                    report=report, indicator=indicator, text=raw, version=version, user=request.user
                )
                saved[name] = comment.version if comment else 0
        except services.ReportError as exc:
            errors[name] = exc
    return errors, saved


def _editable_report(request: PortalRequest, pk: int) -> Report:
    report = S.report_for(request.user, pk)
    if not S.can_edit(request.user, report):
        raise Http404("Rapport hors de votre périmètre de saisie")
    return report


@require_POST
def report_save(request: PortalRequest, pk: int):
    """Save fields: one at a time from the autosave (htmx), or the whole form without JS."""
    report = _editable_report(request, pk)
    refused, _ = _save_posted(request, report)
    errors = {k: str(v) for k, v in refused.items()}
    if request.htmx:
        names = [n for n in request.POST if _FIELD.match(n) or _COMMENT.match(n)]
        if len(names) != 1:
            return HttpResponse(status=400)
        name = names[0]
        posted = {name: request.POST[name]} if name in errors else None
        rows = S.report_sheet(report, posted=posted, errors=errors)
        context = {"report": report, "editable": True}
        for row in rows:
            if row["comment"]["name"] == name:
                context["c"] = row["comment"]
                template = "indicators/report.html#comment"
                break
            for f in row["fields"]:
                if f["name"] == name:
                    # The comment's label comes along (out of band): "requis" after a large change.
                    context.update(f=f, indicator=row["indicator"], c=row["comment"])
                    template = "indicators/report.html#field_response"
                    break
            else:
                continue
            break
        else:
            return HttpResponse(status=400)
        response = render(request, template, context)
        response["X-Autosave"] = "error" if name in errors else "saved"
        return response
    report.refresh_from_db()
    if errors:
        posted = {k: v for k, v in request.POST.dict().items() if k in errors}
        messages.error(request, "Certains champs n'ont pas été enregistrés : voir les messages.")
        return render(
            request,
            "indicators/report.html",
            _report_context(request, report, posted=posted, errors=errors),
            status=422,
        )
    messages.success(request, "Brouillon enregistré.")
    return redirect("indicators:report", pk=report.pk)


@require_POST
def report_submit(request: PortalRequest, pk: int):
    report = _editable_report(request, pk)
    errors, seen = _save_posted(request, report)
    # A field a colleague saved since the page was drawn is not an input error: the whole
    # submit is refused below, with who changed what, and the page shows the new values.
    refused = {k: str(v) for k, v in errors.items() if not isinstance(v, services.Conflict)}
    if refused:
        posted = {k: v for k, v in request.POST.dict().items() if k in refused}
        report.refresh_from_db()
        messages.error(request, "Certains champs n'ont pas été enregistrés : voir les messages.")
        return render(
            request,
            "indicators/report.html",
            _report_context(request, report, posted=posted, errors=refused),
            status=422,
        )
    try:
        completeness = services.report_submit(report=report, user=request.user, seen=seen)
    except services.ReportChanged as exc:  # the page's alert lists the changes
        report.refresh_from_db()
        return render(
            request,
            "indicators/report.html",
            _report_context(request, report, changes=exc.changes),
            status=409,
        )
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("indicators:report", pk=report.pk)
    if not completeness.complete:
        return render(
            request,
            "indicators/report.html",
            _report_context(request, report, missing=completeness.missing),
            status=422,
        )
    messages.success(request, "Rapport soumis au Secrétariat général. Merci.")
    return redirect("indicators:report", pk=report.pk)


def _reviewed_report(request: PortalRequest, pk: int) -> Report:
    report = S.report_for(request.user, pk)
    if not S.can_review(request.user, report):
        raise Http404("Rapport hors de votre périmètre d'examen")
    return report


@require_POST
def report_validate(request: PortalRequest, pk: int):
    report = _reviewed_report(request, pk)
    try:
        services.report_validate(report=report, user=request.user)
        messages.success(request, "Rapport validé : il est désormais verrouillé.")
    except services.ReportError as exc:
        messages.error(request, str(exc))
    return redirect("indicators:report", pk=report.pk)


@require_POST
def report_return(request: PortalRequest, pk: int):
    report = _reviewed_report(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(
                report=report, user=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, "Rapport renvoyé à la direction, qui en est avertie.")
            return redirect("indicators:report", pk=report.pk)
        except services.ReportError as exc:
            messages.error(request, str(exc))
            return redirect("indicators:report", pk=report.pk)
    context = _report_context(request, report)
    context["return_form"] = form
    return render(request, "indicators/report.html", context, status=422)


@require_POST
def report_reopen(request: PortalRequest, pk: int):
    report = _reviewed_report(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.report_reopen(
                report=report, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Rapport rouvert : la direction peut le corriger.")
            return redirect("indicators:report", pk=report.pk)
        except services.ReportError as exc:
            messages.error(request, str(exc))
            return redirect("indicators:report", pk=report.pk)
    context = _report_context(request, report)
    context["reopen_form"] = form
    return render(request, "indicators/report.html", context, status=422)


# --- Catalogue ----------------------------------------------------------------------------------


def catalogue(request: PortalRequest):
    indicators = S.indicators_catalogue()
    family = request.GET.get("famille", "")
    if family in Indicator.Family.values:
        indicators = indicators.filter(family=family)
    query = request.GET.get("q", "").strip()
    if query:
        indicators = indicators.filter(name__icontains=query) | indicators.filter(
            code__icontains=query
        )
    groups = []
    listed = list(indicators)
    for key, label in Indicator.Family.choices:
        members = [i for i in listed if i.family == key]
        if members:
            groups.append({"label": label, "indicators": members})
    return render(
        request,
        "indicators/catalogue.html",
        {
            "groups": groups,
            "families": Indicator.Family.choices,
            "family": family,
            "query": query,
            "count": len(listed),
            "can_import": S.can_import(request.user),
        },
    )


# --- Import -------------------------------------------------------------------------------------


def _import_allowed(request: PortalRequest):
    if not S.can_import(request.user):
        raise Http404("Réservé aux administrateurs")


@require_http_methods(["GET", "POST"])
def import_upload(request: PortalRequest):
    """Send a file: the worker checks it, its run's page follows."""
    _import_allowed(request)
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run = importer.import_run_start(
                actor=request.user, filename=upload.name, data=upload.read()
            )
            return redirect("indicators:import_run", pk=run.pk)
    return render(
        request,
        "indicators/import.html",
        {
            "form": form,
            "template_form": TemplateForm(),
            "runs": S.import_runs_of(request.user)[:5],
        },
        status=422 if form.errors else 200,
    )


@never_cache  # the progress is read again at every poll
def import_run(request: PortalRequest, pk: int):
    """A run's page: a progress bar while the worker reads or writes, then its result. With
    htmx the bar alone is redrawn every second; without it, the page offers to reload."""
    _import_allowed(request)
    run = S.import_run_for(request.user, pk)
    template = "indicators/import_run.html"
    if request.htmx and request.GET.get("partiel"):
        template += "#status"
    return render(request, template, {"run": run})


@require_POST
def import_run_confirm(request: PortalRequest, pk: int):
    _import_allowed(request)
    run = S.import_run_for(request.user, pk)
    if not importer.import_run_confirm(run=run, actor=request.user):
        messages.warning(request, "Cet import n'attend plus de confirmation.")
    return redirect("indicators:import_run", pk=run.pk)


@require_POST
def import_run_cancel(request: PortalRequest, pk: int):
    _import_allowed(request)
    run = S.import_run_for(request.user, pk)
    if importer.import_run_cancel(run=run):
        messages.info(request, "Import annulé : rien n'a été écrit.")
    return redirect("indicators:import")


def import_template(request: PortalRequest):
    _import_allowed(request)
    requested_format(request)
    form = TemplateForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Choisissez une direction et un format.")
        return redirect("indicators:import")
    direction = form.cleaned_data["direction"]
    header, *rows = importer.template_rows(direction)
    return export_response(
        form.cleaned_data["format"],
        filename=f"modele-import-{direction.code.lower()}",
        header=header,
        rows=rows,
        title="valeurs",
    )
