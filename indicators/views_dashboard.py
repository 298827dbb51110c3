"""The SG's dashboards: overview, completeness matrix, an indicator's series; their exports."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.http import urlencode
from django.views.decorators.vary import vary_on_headers

from indicators import dashboards as D
from indicators import selectors as S
from indicators.numbers import format_decimal, signed_percent
from sg_portal.charts import SEQUENTIAL, color_class, line_chart, sparkline
from sg_portal.exports import export_response, requested_format
from sg_portal.http import PortalRequest


def _scope(request: PortalRequest) -> D.Scope:
    scope = D.dashboard_scope(request.user)
    if scope is None:
        raise Http404("Tableau de bord réservé au Secrétariat général et aux directions")
    return scope


def _fragment(request: PortalRequest, template: str, fragment: str) -> str:
    """The page's fragment for an htmx filter change; the whole page otherwise (and when htmx
    restores history, since the history cache is off)."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request and htmx.target == fragment:
        return f"{template}#{fragment}"
    return template


def _change_text(change: Decimal | None) -> str:
    return signed_percent(change)


@vary_on_headers("HX-Request")
def dashboard(request: PortalRequest):
    scope = _scope(request)
    fmt = requested_format(request)
    today = timezone.localdate()
    choices = D.filter_choices(scope, today)
    filters = D.parse_filters(request.GET, choices)
    data = D.overview(scope, choices, filters, today)
    if fmt:
        return export_response(
            fmt,
            filename=f"tableau-de-bord-{today.isoformat()}",
            header=[
                "Code",
                "Indicateur",
                "Famille",
                "Direction",
                "Unité",
                "Dernière période",
                "Dernière valeur",
                "Provisoire",
                "Valeur précédente",
                "Évolution (%)",
                "Cible",
                "Alertes",
            ],
            rows=[
                [
                    line.indicator.code,
                    line.indicator.name,
                    line.indicator.get_family_display(),
                    line.indicator.direction.code,
                    line.indicator.unit,
                    line.latest.period_end if line.latest else None,
                    line.latest.value.quantize(Decimal(1).scaleb(-line.indicator.decimals))
                    if line.latest
                    else None,
                    line.latest.provisional if line.latest else None,
                    line.previous.value.quantize(Decimal(1).scaleb(-line.indicator.decimals))
                    if line.previous
                    else None,
                    round(line.change_percent, 1) if line.change_percent is not None else None,
                    line.indicator.target_value.normalize()
                    if line.indicator.target_value is not None
                    else None,
                    " ; ".join(message for _kind, message in line.alerts),
                ]
                for line in data["lines"]
            ],
            title="Tableau de bord",
        )
    for family in data["families"]:
        for line in family["lines"]:
            line.chart = sparkline([f.value for f in line.series], width=120, height=32)
            line.change = _change_text(line.change_percent)
    query = filters.as_query()
    context = {
        **data,
        "filters": filters,
        "choices": choices,
        "directions_shown": choices.directions_of(filters.pole),
        "query": urlencode(query),
        "today": today,
        "printing": request.GET.get("vue") == "impression",
        # All of them when printing or asked for (« Voir les N alertes »), the first 12 otherwise.
        "alerts_shown": data["alerts"]
        if request.GET.get("vue") == "impression" or request.GET.get("alertes") == "toutes"
        else data["alerts"][:12],
        "states": D.STATES,
        "export_base": reverse("indicators:dashboard"),
        "is_member": S.files_reports(request.user),
    }
    return render(
        request, _fragment(request, "indicators/dashboard/overview.html", "board"), context
    )


@vary_on_headers("HX-Request")
def completeness(request: PortalRequest):
    scope = _scope(request)
    fmt = requested_format(request)
    today = timezone.localdate()
    choices = D.filter_choices(scope, today)
    filters = D.parse_filters(request.GET, choices)
    year = request.GET.get("etendue") == "annee"
    periods = D.fortnights(filters.period, today, 24 if year else 12)
    rows = D.completeness_matrix(scope, choices, filters, periods, today)
    if fmt:
        return export_response(
            fmt,
            filename=f"completude-{today.isoformat()}",
            header=[
                "Direction",
                "Pôle",
                "Quinzaine",
                "Périodicité",
                "Statut",
                "Jours ouvrés de retard",
            ],
            rows=[
                [
                    row["direction"].code,
                    row["direction"].pole.name if row["direction"].pole else "",
                    period.label,
                    entry.periodicity_label,
                    entry.state.label,
                    entry.days_late,
                ]
                for row in rows
                for period, cell in zip(periods, row["cells"], strict=True)
                if cell
                for entry in cell.entries
            ],
            title="Complétude",
        )
    query = filters.as_query()
    if year:
        query["etendue"] = "annee"
    context = {
        "groups": D.by_pole(rows, len(periods)),
        "periods": periods,
        "filters": filters,
        "choices": choices,
        "directions_shown": choices.directions_of(filters.pole),
        "year": year,
        "query": urlencode(query),
        "states": D.STATES,
        "late_rows": sum(1 for row in rows if row["late"]),
    }
    return render(
        request, _fragment(request, "indicators/dashboard/completeness.html", "matrix"), context
    )


def indicator_detail(request: PortalRequest, code: str):
    """An indicator's page: its card, its series against the target (chart and table), the map of
    its latest values by arrondissement, the comments and the reports they came from."""
    indicator = get_object_or_404(S.indicators_catalogue(), code=code)
    fmt = requested_format(request)
    value_q = D.indicator_values_q(request.user, indicator)
    rows, places = (
        ([], []) if value_q is None else D.indicator_series(request.user, indicator, value_q)
    )
    if fmt:
        if value_q is None:
            raise Http404("Valeurs réservées")
        step = Decimal(1).scaleb(-indicator.decimals)
        return export_response(
            fmt,
            filename=f"indicateur-{indicator.code}",
            header=[
                "Période",
                "Fin de période",
                "Valeur",
                "Unité",
                "Provisoire",
                "Cible",
                "Commentaire",
            ],  # fmt: skip
            rows=[
                [
                    row.period_label,
                    row.period_end,
                    row.value.quantize(step),
                    indicator.unit,
                    row.provisional,
                    indicator.target_value.normalize()
                    if indicator.target_value is not None
                    else None,
                    row.comment,
                ]
                for row in rows
            ],
            title=indicator.code,
        )
    chart = line_chart(
        [row.value for row in rows], width=720, height=240, target=indicator.target_value
    )
    chart_points = []
    if chart:
        chart_points = [
            {"x": p.x, "y": p.y, "row": row}
            for p, row in zip(chart.points, rows, strict=True)
            if p.value is not None
        ]
    ticks = (
        [(y, format_decimal(Decimal(str(v)), indicator.decimals)) for y, v in chart.ticks]
        if (chart)
        else []
    )
    # Dates along the bottom: about six, evenly spaced, the last period always named.
    x_labels = []
    if chart and rows:
        every = max(1, round(len(rows) / 6))
        picked = sorted({*range(len(rows) - 1, -1, -every)})
        x_labels = [(chart.points[i].x, date_format(rows[i].period_end, "N Y")) for i in picked]
    shapes = []
    legend = []
    if places:
        from directions.maps import paris_map

        # The series reads only filled values: the test on None is for the type checker.
        by_number = {
            p["arrondissement__number"]: p["value"] for p in places if p["value"] is not None
        }
        numbers = list(by_number.values())
        low, high = min(numbers), max(numbers)
        map_shapes, map_height = paris_map(560)
        for shape in map_shapes:
            # Paris Centre (1st to 4th) reports once, under the 1st.
            value = by_number.get(shape.number)
            klass = color_class(value, low, high)
            shapes.append(
                {
                    "shape": shape,
                    "value": format_decimal(value, indicator.decimals) if value is not None else "",
                    "fill": SEQUENTIAL[klass] if klass is not None else "#f3f4f6",
                    "dark": klass is not None and klass >= 3,
                }
            )
        step = (high - low) / len(SEQUENTIAL)
        legend = [
            {
                "fill": colour,
                "text": f"{format_decimal(low + step * i, indicator.decimals)} à "
                f"{format_decimal(low + step * (i + 1), indicator.decimals)}",
            }
            for i, colour in enumerate(SEQUENTIAL)
        ]
    else:
        map_height = 0
    return render(
        request,
        "indicators/dashboard/indicator.html",
        {
            "indicator": indicator,
            "restricted": value_q is None,
            "rows": list(reversed(rows)),
            "chart": chart,
            "chart_points": chart_points,
            "ticks": ticks,
            "x_labels": x_labels,
            "shapes": shapes,
            "map_height": map_height,
            "legend": legend,
            "latest": [
                {
                    "label": p["arrondissement__label"],
                    "text": format_decimal(p["value"], indicator.decimals),
                }
                for p in places
            ],
            "current": rows[-1] if rows else None,
            "fmt": {
                "target": format_decimal(indicator.target_value, indicator.decimals),
                "min": format_decimal(indicator.min_plausible, indicator.decimals),
                "max": format_decimal(indicator.max_plausible, indicator.decimals),
                "latest": format_decimal(rows[-1].value, indicator.decimals) if rows else "",
            },
        },
    )
