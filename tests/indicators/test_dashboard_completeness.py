"""The completeness rules, with frozen time: late, not started, in progress, returned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import dashboards as D
from indicators.models import Report, Value

from .conftest import make_period, make_report

pytestmark = pytest.mark.django_db

NOV_16 = dt.date(2026, 11, 16)


def _freeze(time_machine, day: dt.date):
    time_machine.move_to(dt.datetime.combine(day, dt.time(10)), tick=False)


def test_a_draft_before_its_due_date_with_no_value_is_not_started(report):
    assert D.report_state(report.status, report.due_date, False, report.due_date) == "non_commence"


def test_a_draft_with_values_before_its_due_date_is_in_progress(report):
    assert D.report_state(report.status, report.due_date, True, report.due_date) == "en_cours"


def test_a_draft_after_its_due_date_is_late_by_the_days_since(report):
    day = report.due_date + dt.timedelta(days=4)
    assert D.report_state(report.status, report.due_date, True, day) == "en_retard"
    assert D.days_late(report.status, report.due_date, day) == 4


def test_a_returned_report_stays_returned_and_counts_its_days_late(report):
    day = report.due_date + dt.timedelta(days=2)
    assert D.report_state(Report.Status.RETURNED, report.due_date, True, day) == "renvoye"
    assert D.days_late(Report.Status.RETURNED, report.due_date, day) == 2


def test_a_submitted_or_validated_report_is_never_late(report):
    day = report.due_date + dt.timedelta(days=30)
    for status in (Report.Status.SUBMITTED, Report.Status.VALIDATED):
        assert D.days_late(status, report.due_date, day) == 0
        assert D.report_state(status, report.due_date, True, day) == status


def test_the_matrix_shows_each_reports_state_and_days_late(
    client, sg_user, report, previous_report, drh_report, time_machine
):
    _freeze(time_machine, report.due_date + dt.timedelta(days=3))
    Report.objects.filter(pk=drh_report.pk).update(status=Report.Status.RETURNED)
    client.force_login(sg_user)
    response = client.get(reverse("indicators:completeness"))
    rows = {r["direction"].code: r for r in response.context["groups"][0]["rows"]}
    rows.update({r["direction"].code: r for g in response.context["groups"] for r in g["rows"]})
    dases = [c for c in rows["DASES"]["cells"] if c]
    assert [c.state for c in dases] == ["valide", "en_retard"]
    assert dases[-1].days_late == 3 and rows["DASES"]["late"] == 1
    drh = [c for c in rows["DRH"]["cells"] if c]
    assert drh[0].state == "renvoye" and drh[0].days_late == 3
    html = response.content.decode()
    assert "dash-row--late" in html and reverse("indicators:report", args=[report.pk]) in html


def test_the_overview_counts_the_current_and_the_closed_periods(
    client, sg_user, report, previous_report, delay, time_machine
):
    _freeze(time_machine, NOV_16 + dt.timedelta(days=2))
    Value.objects.create(
        report=report, indicator=delay, period_end=report.period.end, value=Decimal("20")
    )
    client.force_login(sg_user)
    columns = client.get(reverse("indicators:dashboard")).context["columns"]
    assert columns[0]["total"]["valide"] == 1  # the previous fortnight, closed
    assert columns[0]["validated_percent"] == 100
    assert columns[1]["total"]["en_cours"] == 1  # the current fortnight, values typed


def test_a_year_of_fortnights_on_demand(client, sg_user, report, time_machine):
    _freeze(time_machine, NOV_16)
    day = dt.date(2025, 6, 1)
    while day < NOV_16:
        make_report(report.direction, make_period("quinzaine", day))
        day += dt.timedelta(days=15)
    client.force_login(sg_user)
    assert len(client.get(reverse("indicators:completeness")).context["periods"]) == 12
    response = client.get(reverse("indicators:completeness") + "?etendue=annee")
    assert len(response.context["periods"]) == 24
