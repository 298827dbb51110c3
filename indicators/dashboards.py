"""The SG's dashboards: who sees which figures, completeness, latest figures, alerts, series.

Everything is computed from indexed queries at request time (no cached aggregate), so a figure is
never stale after a report is validated, returned or reopened. The queries are few and fixed in
number: each reads a bounded window of `Value` through the index (indicator, -period_end).

What a user sees (the SG's decision, also in README "Roles and scope"):
- SG staff, chargés de mission, administrators: every direction; validated values, and submitted
  ones marked "provisoire";
- a director or a référent: their own direction's completeness and figures (validated and
  submitted), plus the validated figures of the City-wide context indicators (family "contexte");
- anyone else: no dashboard; on an indicator's page, the validated values of context indicators.

An indicator broken down by arrondissement has a City figure per period: the sum of the
arrondissements' values, or their mean when the unit is a rate ("%", "‰").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from directions import policy
from directions.models import Direction, Pole, User
from indicators.models import (
    Comment,
    Indicator,
    Period,
    Periodicity,
    Report,
    ReportState,
    Value,
)
from indicators.numbers import format_decimal, signed_percent
from sg_portal import calendar as C

VISIBLE = (Report.Status.VALIDATED, Report.Status.SUBMITTED)
RATE_UNITS = frozenset({"%", "‰"})
KEY_PER_FAMILY = 6
SPARK_POINTS = 12
# Days that surely hold `n` periods of each periodicity (the window read through the index).
_PERIOD_DAYS: dict[str, int] = {
    Periodicity.FORTNIGHTLY: 16,
    Periodicity.MONTHLY: 31,
    Periodicity.QUARTERLY: 92,
    Periodicity.YEARLY: 366,
}


# --- Scope ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What one user may read in the dashboards."""

    everything: bool
    direction_id: int | None = None

    def directions(self) -> QuerySet[Direction]:
        base = Direction.objects.select_related("pole")
        if self.everything:
            return base
        if self.direction_id is None:
            return base.none()
        return base.filter(pk=self.direction_id)

    def indicators(self) -> QuerySet[Indicator]:
        base = Indicator.objects.filter(is_active=True)
        if self.everything:
            return base
        return base.filter(Q(direction_id=self.direction_id) | Q(family=Indicator.Family.CONTEXT))

    def values_q(self) -> Q:
        """The values whose figures the user may read (through their report's status)."""
        if self.everything:
            return Q(report__status__in=VISIBLE)
        return Q(indicator__direction_id=self.direction_id, report__status__in=VISIBLE) | Q(
            indicator__family=Indicator.Family.CONTEXT,
            report__status=Report.Status.VALIDATED,
        )

    def reads_indicator(self, indicator: Indicator) -> bool:
        return (
            self.everything
            or indicator.direction_id == self.direction_id
            or indicator.family == Indicator.Family.CONTEXT
        )

    def reads_report_of(self, direction_id: int) -> bool:
        return self.everything or direction_id == self.direction_id


def dashboard_scope(user: User) -> Scope | None:
    """The user's dashboard scope; None: no dashboard at all (the views answer 404)."""
    if policy.reads_whole_city(user):
        return Scope(everything=True)
    direction_id = policy.reporting_direction_id(user)
    if direction_id is not None:
        return Scope(everything=False, direction_id=direction_id)
    return None


def indicator_values_q(user: User, indicator: Indicator) -> Q | None:
    """Which values of this indicator the user reads on its page; None: none at all."""
    scope = dashboard_scope(user)
    if scope is not None and (scope.everything or indicator.direction_id == scope.direction_id):
        return Q(report__status__in=VISIBLE)
    if indicator.family == Indicator.Family.CONTEXT and policy.is_active_user(user):
        return Q(report__status=Report.Status.VALIDATED)
    return None


# --- Filters --------------------------------------------------------------------------------------


@dataclass
class Filters:
    pole: Pole | None = None
    direction: Direction | None = None
    family: str = ""
    period: Period | None = None  # the reference fortnight (default: the current one)

    def as_query(self) -> dict[str, str]:
        query = {}
        if self.pole:
            query["pole"] = self.pole.code
        if self.direction:
            query["direction"] = self.direction.code
        if self.family:
            query["famille"] = self.family
        if self.period:
            query["periode"] = self.period.start.isoformat()
        return query


@dataclass
class FilterChoices:
    poles: list[Pole]
    directions: list[Direction]
    families: list[tuple[str, str]]
    periods: list[Period]

    def directions_of(self, pole: Pole | None) -> list[Direction]:
        """The direction filter's options: the chosen pôle's directions, or all of them."""
        return [d for d in self.directions if pole is None or d.pole_id == pole.pk]


def filter_choices(scope: Scope, today: dt.date) -> FilterChoices:
    directions = list(scope.directions().filter(is_active=True).order_by("code"))
    poles = sorted({d.pole for d in directions if d.pole}, key=lambda p: (p.order, p.name))
    periods = list(
        Period.objects.filter(periodicity=Periodicity.FORTNIGHTLY, start__lte=today).order_by(
            "-start"
        )[:48]
    )
    return FilterChoices(poles, directions, list(Indicator.Family.choices), periods)


def parse_filters(params, choices: FilterChoices) -> Filters:
    """Unknown or out-of-scope values are ignored (the filter falls back to "all")."""
    filters = Filters()
    poles = {p.code: p for p in choices.poles}
    directions = {d.code: d for d in choices.directions}
    filters.pole = poles.get(params.get("pole", ""))
    filters.direction = directions.get(params.get("direction", ""))
    if filters.direction and filters.pole and filters.direction.pole_id != filters.pole.pk:
        filters.direction = None
    family = params.get("famille", "")
    filters.family = family if family in Indicator.Family.values else ""
    wanted = params.get("periode", "")
    filters.period = next((p for p in choices.periods if p.start.isoformat() == wanted), None)
    return filters


def _directions(choices: FilterChoices, filters: Filters) -> list[Direction]:
    """The directions in scope (already read for the filters) that the filters keep, by pôle."""
    directions = [
        d
        for d in choices.directions
        if (not filters.pole or d.pole_id == filters.pole.pk)
        and (not filters.direction or d.pk == filters.direction.pk)
    ]
    return sorted(
        directions,
        key=lambda d: (
            d.pole is None,
            d.pole.order if d.pole else 0,
            d.pole.name if d.pole else "",
            d.code,
        ),
    )


_LINE_FIELDS = (
    "code", "name", "family", "unit", "decimals", "periodicity", "direction_id",
    "direction__code", "direction__pole_id", "breakdown", "polarity", "target_value",
    "target_date", "min_plausible", "max_plausible", "order",
)  # fmt: skip


def _indicators(scope: Scope, filters: Filters) -> QuerySet[Indicator]:
    indicators = scope.indicators().select_related("direction").only(*_LINE_FIELDS)
    if filters.pole:
        indicators = indicators.filter(direction__pole=filters.pole)
    if filters.direction:
        indicators = indicators.filter(direction=filters.direction)
    if filters.family:
        indicators = indicators.filter(family=filters.family)
    return indicators


# --- Completeness ---------------------------------------------------------------------------------

# The matrix's states, in the order of its legend and of its summary bars.
STATES = [
    ReportState.VALIDATED,
    ReportState.SUBMITTED,
    ReportState.RETURNED,
    ReportState.LATE,
    ReportState.IN_PROGRESS,
    ReportState.NOT_STARTED,
]
# A cell holding several reports shows the one that most needs attention.
_WORST_FIRST = [
    ReportState.LATE,
    ReportState.RETURNED,
    ReportState.NOT_STARTED,
    ReportState.IN_PROGRESS,
    ReportState.SUBMITTED,
    ReportState.VALIDATED,
]
_SHORT: dict[str, str] = {
    Periodicity.FORTNIGHTLY: "quinzaine",
    Periodicity.MONTHLY: "mois",
    Periodicity.QUARTERLY: "trimestre",
    Periodicity.YEARLY: "année",
}


def report_state(status: str, due_date: dt.date, has_values: bool, today: dt.date) -> ReportState:
    """The completeness state of a report (`ReportState.of`, the one rule of every screen).

    - late: a draft late by the calendar's rule (a returned report stays "returned", with its
      days late);
    - not started: a draft not yet late with no value entered yet; "en cours" otherwise.
    """
    return ReportState.of(status, due_date, today, has_values)


def days_late(status: str, due_date: dt.date, today: dt.date) -> int:
    """Working days late of an open report (`sg_portal.calendar.days_late`), 0 once submitted."""
    return C.days_late(due_date, today) if status in Report.EDITABLE else 0


@dataclass
class Entry:
    """One report in a cell."""

    report_id: int
    periodicity: str
    state: ReportState
    days_late: int
    linked: bool

    @property
    def periodicity_label(self) -> str:
        return _SHORT.get(self.periodicity, self.periodicity)


@dataclass
class Cell:
    """The reports of one direction in one column (a direction may report for several
    periodicities: its monthly report ends in the same fortnight as its fortnightly one)."""

    entries: list[Entry] = field(default_factory=list)

    @property
    def worst(self) -> Entry:
        return min(self.entries, key=lambda e: (_WORST_FIRST.index(e.state), -e.days_late))

    @property
    def state(self) -> ReportState:
        return self.worst.state

    @property
    def days_late(self) -> int:
        return max(e.days_late for e in self.entries)

    @property
    def report_id(self) -> int:
        return self.worst.report_id

    @property
    def linked(self) -> bool:
        return self.worst.linked


def _matrix(
    scope: Scope, choices: FilterChoices, filters: Filters, columns: list[Q], today: dt.date
) -> list[dict]:
    """Rows of directions (by pôle), each with a Cell (or None) per column; `columns` are the
    conditions on a report's period that put it in each column. Two queries."""
    directions = _directions(choices, filters)
    any_column = Q(pk__in=[])
    for condition in columns:
        any_column |= condition
    has_values = Exists(Value.objects.filter(report=OuterRef("pk")))
    reports = (
        Report.objects.filter(any_column, direction_id__in=[d.pk for d in directions])
        .annotate(has_values=has_values)
        .values(
            "pk",
            "direction_id",
            "status",
            "due_date",
            "has_values",
            "period__periodicity",
            "period__start",
            "period__end",
        )
        .order_by("period__end")
    )
    cells: dict[tuple[int, int], Cell] = {}
    for row in reports:
        entry = Entry(
            report_id=row["pk"],
            periodicity=row["period__periodicity"],
            state=report_state(row["status"], row["due_date"], row["has_values"], today),
            days_late=days_late(row["status"], row["due_date"], today),
            linked=scope.reads_report_of(row["direction_id"]),
        )
        for index, column in enumerate(columns):
            if _matches(column, row):
                cells.setdefault((row["direction_id"], index), Cell()).entries.append(entry)
    rows = []
    for direction in directions:
        row_cells = [cells.get((direction.pk, index)) for index in range(len(columns))]
        present = [c for c in row_cells if c]
        if not present:
            continue
        late = sum(1 for c in present for e in c.entries if e.days_late)
        rows.append({"direction": direction, "cells": row_cells, "late": late})
    return rows


def _matches(condition: Q, row: Mapping[str, Any]) -> bool:
    """Whether a report row falls in a column (the columns' Q objects are simple conjunctions)."""
    lookups: dict[str, Any] = {
        child[0]: child[1] for child in condition.children if isinstance(child, tuple)
    }
    periodicity = lookups.get("period__periodicity")
    if periodicity and row["period__periodicity"] != periodicity:
        return False
    if "period__start" in lookups and row["period__start"] != lookups["period__start"]:
        return False
    if "period__end__gte" in lookups and row["period__end"] < lookups["period__end__gte"]:
        return False
    return not ("period__end__lte" in lookups and row["period__end"] > lookups["period__end__lte"])


def completeness_matrix(
    scope: Scope, choices: FilterChoices, filters: Filters, periods: list[Period], today: dt.date
) -> list[dict]:
    """Directions × fortnights: a report falls in the fortnight its period ends in (so monthly,
    quarterly and yearly reports show in the fortnight that closes them)."""
    columns = [Q(period__end__gte=p.start, period__end__lte=p.end) for p in periods]
    return _matrix(scope, choices, filters, columns, today)


def current_and_closed(
    scope: Scope, choices: FilterChoices, filters: Filters, reference: dt.date, today: dt.date
) -> tuple[list[dict], list[Q]]:
    """Two columns: the reports of the last closed period of each periodicity, and those of the
    periods holding `reference` (one per periodicity)."""
    from indicators import periods as P

    current, closed = [], []
    for periodicity in Periodicity.values:
        start, _end = P.bounds(periodicity, reference)
        current.append(Q(period__periodicity=periodicity, period__start=start))
        closed_start = P.bounds(periodicity, start - dt.timedelta(days=1))[0]
        closed.append(Q(period__periodicity=periodicity, period__start=closed_start))
    columns = current + closed
    rows = _matrix(scope, choices, filters, columns, today)
    count = len(Periodicity.values)
    for row in rows:
        merged = []
        # The closed periods first: that is where lateness shows (and on a phone, in view).
        for part in (row["cells"][count:], row["cells"][:count]):
            entries = [e for cell in part if cell for e in cell.entries]
            merged.append(Cell(entries) if entries else None)
        row["cells"] = merged
        row["late"] = sum(1 for c in merged if c for e in c.entries if e.days_late)
    return rows, columns


def by_pole(rows: list[dict], columns: int) -> list[dict]:
    """The rows grouped by pôle, with each column's count of validated reports out of all."""
    groups: list[dict] = []
    for row in rows:
        pole = row["direction"].pole
        name = pole.name if pole else "Hors pôle"
        if not groups or groups[-1]["name"] != name:
            groups.append({"name": name, "rows": [], "counts": [[0, 0] for _ in range(columns)]})
        groups[-1]["rows"].append(row)
        for index, cell in enumerate(row["cells"]):
            if cell:
                groups[-1]["counts"][index][0] += sum(
                    e.state == ReportState.VALIDATED for e in cell.entries
                )
                groups[-1]["counts"][index][1] += len(cell.entries)
    return groups


def completeness_summary(rows: list[dict], column: int) -> dict:
    """Counts of reports by state for one column."""
    total = dict.fromkeys(STATES, 0)
    late = 0  # drafts and returned reports past due, as on each row: late is one notion
    for row in rows:
        cell = row["cells"][column]
        for entry in cell.entries if cell else ():
            total[entry.state] += 1
            late += bool(entry.days_late)
    count = sum(total.values())
    segments, x = [], 0.0
    for state in STATES:
        if total[state] and count:
            width = round(100 * total[state] / count, 2)
            segments.append({"state": state, "x": x, "width": width})
            x = round(x + width, 2)
    return {
        "items": [(state, total[state]) for state in STATES if total[state]],
        "segments": segments,
        "total": total,
        "count": count,
        "late": late,
        "validated_percent": round(100 * total[ReportState.VALIDATED] / count) if count else None,
    }


def fortnights(reference: Period | None, today: dt.date, count: int) -> list[Period]:
    """`count` fortnights ending with the reference one (default: the current), oldest first."""
    end = reference.start if reference else today
    return list(
        reversed(
            Period.objects.filter(periodicity=Periodicity.FORTNIGHTLY, start__lte=end).order_by(
                "-start"
            )[:count]
        )
    )


# --- Figures: the City figure of each indicator per period -------------------------------------


@dataclass
class Figure:
    period_end: dt.date
    value: Decimal
    provisional: bool  # at least one value comes from a submitted (not yet validated) report
    places: int
    low: Decimal  # the lowest and highest arrondissement (the value itself when City-wide)
    high: Decimal
    report_id: int  # the report the values came from (one per direction and period)


def city_figures(
    indicators: list[Indicator], value_q: Q, *, until: dt.date, points: int
) -> dict[int, list[Figure]]:
    """The last `points` City figures of each indicator up to `until`, oldest first. One query."""
    windows = Q()
    by_periodicity: dict[str, list[int]] = {}
    for indicator in indicators:
        by_periodicity.setdefault(indicator.periodicity, []).append(indicator.pk)
    if not by_periodicity:
        return {}
    for periodicity, ids in by_periodicity.items():
        since = until - dt.timedelta(days=_PERIOD_DAYS[periodicity] * (points + 1))
        windows |= Q(indicator_id__in=ids, period_end__gt=since)
    rows = (
        Value.objects.filter(windows, value_q, period_end__lte=until, value__isnull=False)
        .values("indicator_id", "period_end")
        .annotate(
            total=Sum("value"),
            places=Count("pk"),
            low=Min("value"),
            high=Max("value"),
            source_report_id=Max("report_id"),
            provisional=Count("pk", filter=Q(report__status=Report.Status.SUBMITTED)),
        )
        .order_by("indicator_id", "period_end")
    )
    rates = {i.pk for i in indicators if i.by_arrondissement and i.unit in RATE_UNITS}
    result: dict[int, list[Figure]] = {}
    for row in rows:
        indicator_id = row["indicator_id"]
        value = row["total"] / row["places"] if indicator_id in rates else row["total"]
        result.setdefault(indicator_id, []).append(
            Figure(
                row["period_end"],
                Decimal(value),
                bool(row["provisional"]),
                row["places"],
                Decimal(row["low"]),
                Decimal(row["high"]),
                row["source_report_id"],
            )
        )
    return {key: series[-points:] for key, series in result.items()}


# --- Alerts ---------------------------------------------------------------------------------------

WRONG_WAY_PERCENT = Decimal(5)


def alerts_for(indicator: Indicator, series: list[Figure]) -> list[tuple[str, str]]:
    """(kind, message) of each alert raised by the latest figure."""
    if not series:
        return []
    latest = series[-1].value
    fmt = lambda v: format_decimal(v, indicator.decimals)  # noqa: E731
    alerts = []
    # The plausible range bounds each value: each arrondissement's, where broken down.
    low, high = indicator.min_plausible, indicator.max_plausible
    where = " (un arrondissement au moins)" if indicator.by_arrondissement else ""
    if low is not None and series[-1].low < low:
        alerts.append(("seuil", f"sous le seuil{where} ({fmt(series[-1].low)} < {fmt(low)})"))
    if high is not None and series[-1].high > high:
        alerts.append(
            ("seuil", f"au-dessus du seuil{where} ({fmt(series[-1].high)} > {fmt(high)})")
        )
    if len(series) > 1 and series[-2].value and indicator.polarity != "neutre":
        change = (latest - series[-2].value) / abs(series[-2].value) * 100
        wrong = (
            change < -WRONG_WAY_PERCENT
            if indicator.polarity == "hausse"
            else change > (WRONG_WAY_PERCENT)
        )
        if wrong:
            alerts.append(("tendance", f"évolue dans le mauvais sens ({signed_percent(change)})"))
    target = indicator.target_value
    if target is not None and indicator.polarity != "neutre":
        off = latest < target if indicator.polarity == "hausse" else latest > target
        if off:
            alerts.append(("cible", f"hors cible ({fmt(latest)} pour {fmt(target)})"))
    return alerts


# --- The overview ---------------------------------------------------------------------------------


@dataclass
class IndicatorLine:
    indicator: Indicator
    series: list[Figure]
    alerts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def latest(self) -> Figure | None:
        return self.series[-1] if self.series else None

    @property
    def previous(self) -> Figure | None:
        return self.series[-2] if len(self.series) > 1 else None

    @property
    def change_percent(self) -> Decimal | None:
        if self.latest and self.previous and self.previous.value:
            return (self.latest.value - self.previous.value) / abs(self.previous.value) * 100
        return None

    def text(self, value) -> str:
        return format_decimal(value, self.indicator.decimals) if value is not None else ""

    @property
    def latest_text(self) -> str:
        return self.text(self.latest.value) if self.latest else ""

    @property
    def target_text(self) -> str:
        return self.text(self.indicator.target_value)

    @property
    def direction_class(self) -> str:
        """good / bad / flat: how the change reads given the polarity."""
        change = self.change_percent
        if change is None or abs(change) < Decimal("0.05") or self.indicator.polarity == "neutre":
            return "flat"
        up = change > 0
        return "good" if up == (self.indicator.polarity == "hausse") else "bad"


def overview(scope: Scope, choices: FilterChoices, filters: Filters, today: dt.date) -> dict:
    """Everything `/tableau-de-bord/` shows, in a fixed number of queries."""
    reference = filters.period.start if filters.period else today
    matrix, _columns = current_and_closed(scope, choices, filters, reference, today)
    columns = [
        {"label": label, **completeness_summary(matrix, index)}
        for index, label in enumerate(["Dernières périodes closes", "Périodes en cours"])
    ]
    from indicators import periods as P

    # Figures up to the end of the reference fortnight (a period still running may have values).
    until = P.bounds(Periodicity.FORTNIGHTLY, reference)[1]
    indicators = list(_indicators(scope, filters))
    value_q = scope.values_q()
    latest = city_figures(indicators, value_q, until=until, points=2)
    lines = [IndicatorLine(i, latest.get(i.pk, [])) for i in indicators]
    for line in lines:
        line.alerts = alerts_for(line.indicator, line.series)
    alerts = [line for line in lines if line.alerts]
    alerts.sort(key=lambda line: (_severity(line), line.indicator.family, line.indicator.order))
    # Key indicators: those with a target first, in the catalogue's order, six per family.
    keys: list[Indicator] = []
    for family, _label in Indicator.Family.choices:
        members = [i for i in indicators if i.family == family]
        members.sort(key=lambda i: (i.target_value is None, i.order, i.name))
        keys += members[:KEY_PER_FAMILY]
    sparks = city_figures(keys, value_q, until=until, points=SPARK_POINTS)
    alerting = {line.indicator.pk: line.alerts for line in alerts}
    families = []
    for family, label in Indicator.Family.choices:
        family_lines = [
            IndicatorLine(i, sparks.get(i.pk, []), alerting.get(i.pk, []))
            for i in keys
            if i.family == family
        ]
        if family_lines:
            families.append({"key": family, "label": label, "lines": family_lines})
    return {
        "reference": reference,
        "columns": columns,
        "groups": by_pole(matrix, 2),
        "alerts": alerts,
        "lines": lines,
        "families": families,
        "indicator_count": len(indicators),
    }


def _severity(line: IndicatorLine) -> int:
    kinds = {kind for kind, _ in line.alerts}
    return 0 if "seuil" in kinds else 1 if "tendance" in kinds else 2


# --- One indicator's page -------------------------------------------------------------------------


@dataclass
class SeriesRow:
    period_end: dt.date
    period_label: str
    value: Decimal
    value_text: str
    provisional: bool
    report_id: int | None
    linked: bool
    comment: str


class PlaceValue(TypedDict):
    """The latest value of one arrondissement."""

    arrondissement__number: int
    arrondissement__label: str
    value: Decimal | None


def indicator_series(
    user: User, indicator: Indicator, value_q: Q, *, points: int = 48
) -> tuple[list[SeriesRow], list[PlaceValue]]:
    """The City series (oldest first) with each period's report and comment, and the latest
    values by arrondissement. Three queries whatever the length of the history."""
    from indicators import periods as P

    today = timezone.localdate()
    until = P.bounds(indicator.periodicity, today)[1]
    figures = city_figures([indicator], value_q, until=until, points=points).get(indicator.pk, [])
    if not figures:
        return [], []
    comments = dict(
        Comment.objects.filter(indicator=indicator, report_id__in=[f.report_id for f in figures])
        .exclude(text="")
        .values_list("report_id", "text")
    )
    scope = dashboard_scope(user)
    linked = bool(scope and scope.reads_report_of(indicator.direction_id))
    rows = []
    for figure in figures:
        start = P.bounds(indicator.periodicity, figure.period_end)[0]
        rows.append(
            SeriesRow(
                period_end=figure.period_end,
                period_label=Period(
                    periodicity=indicator.periodicity, start=start, end=figure.period_end
                ).label,
                value=figure.value,
                value_text=format_decimal(figure.value, indicator.decimals),
                provisional=figure.provisional,
                report_id=figure.report_id,
                linked=linked,
                comment=comments.get(figure.report_id, ""),
            )
        )
    places: list[PlaceValue] = []
    if indicator.by_arrondissement:
        places = list(
            Value.objects.filter(
                value_q,
                indicator=indicator,
                period_end=figures[-1].period_end,
                value__isnull=False,
                arrondissement__isnull=False,
            )
            .values("arrondissement__number", "arrondissement__label", "value")
            .order_by("arrondissement__number")
        )
    return rows, places
