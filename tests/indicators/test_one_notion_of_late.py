"""A report is late once its due date has passed and it is not submitted, whether it is a draft
or a report the SG returned: every « en retard » list and count says so, as the completeness
page does, and the matrix shows each report of a cell with its own state."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from indicators import agenda_suggestions, horizons
from indicators.models import Report, ReportState
from sg_portal.horizons import Scope, resolved
from tests.factories import make_period, make_report

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)  # DASES's 1st-fortnight-of-November report was due on the 20th


@pytest.fixture
def returned_late(dases, shelter) -> Report:
    report = make_report(
        dases, make_period("quinzaine", dt.date(2026, 11, 1)), Report.Status.RETURNED
    )
    assert report.due_date < TODAY and report.is_late(TODAY)
    return report


def test_a_returned_report_past_due_is_on_the_reviewers_late_list(sg_user, returned_late):
    late = [i for i in resolved(horizons.dated_items(sg_user, TODAY, Scope.ME)) if i.late]
    [item] = late
    assert item.url == f"/rapports/{returned_late.pk}/"
    assert item.what == "Renvoyé pour correction" and "5 jours ouvrés de retard" in item.context


def test_a_returned_report_past_due_says_its_days_late_on_the_directors_home(
    client, dir_dases, returned_late
):
    client.force_login(dir_dases)
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, 0), tick=False):
        html = client.get("/").content.decode()
    assert "Renvoyé" in html and "5 jours ouvrés de retard" in html


def test_a_returned_report_past_due_is_suggested_for_the_agenda(dases, returned_late):
    [suggestion] = resolved(
        agenda_suggestions.suggestions(meeting=None, directions=[dases], today=TODAY)
    )
    assert suggestion.subject == returned_late
    assert "en retard" in suggestion.title and "Renvoyé pour correction" in suggestion.reason


def test_the_lists_late_tab_counts_returned_reports_past_due(client, sg_user, returned_late):
    client.force_login(sg_user)
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, 0), tick=False):
        response = client.get(reverse("indicators:report_list"), {"etat": "en_retard"})
    assert [r["report"] for r in response.context["rows"]] == [returned_late]
    tabs = {key: count for key, _label, count in response.context["tabs"]}
    assert tabs[ReportState.LATE] == 1 and tabs[ReportState.RETURNED] == 1
    assert response.context["total"] == 1  # counted once in « Tous »


def test_the_matrix_shows_each_report_of_a_cell_with_its_own_state(
    client, sg_user, dases, shelter, by_arr
):
    # The monthly report and the 2nd-fortnight one of October both end on the 31st.
    make_report(dases, make_period("mois", dt.date(2026, 10, 1)), Report.Status.SUBMITTED)
    make_report(dases, make_period("quinzaine", dt.date(2026, 10, 16)), Report.Status.VALIDATED)
    client.force_login(sg_user)
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, 0), tick=False):
        html = client.get(reverse("indicators:completeness")).content.decode()
    cell = html[html.index("dash-cell--multi") :]
    cell = cell[: cell.index("</td>")]
    assert "Mois" in cell and "Soumis" in cell
    assert "Quinzaine" in cell and "Validé" in cell
    assert "×" not in cell and "title=" not in cell
