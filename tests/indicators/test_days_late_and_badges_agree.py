"""One report, one day: the same days late and the same badge on every screen and in the emails."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse

from indicators import reminders as R
from indicators.models import Report, ReportState
from sg_portal.states import Badge
from tests.indicators.conftest import make_period, make_report

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")

# Due on Wednesday 23 December 2026. On Thursday 31 December, eight calendar days later, it is
# five working days late: 24, 28, 29, 30, 31 (Noël on Friday 25, then a weekend).
DUE = dt.date(2026, 12, 23)
ESCALATION_DAY = dt.datetime(2026, 12, 31, 9, 0, tzinfo=PARIS)
WORKING_DAYS_LATE = 5


@pytest.fixture
def late_report(dases, shelter) -> Report:
    report = make_report(dases, make_period("quinzaine", dt.date(2026, 12, 1)))
    Report.objects.filter(pk=report.pk).update(due_date=DUE)
    report.refresh_from_db()
    return report


@pytest.fixture
def submitted_report(drh) -> Report:
    return make_report(
        drh, make_period("quinzaine", dt.date(2026, 12, 1)), status=Report.Status.SUBMITTED
    )


def _list_row(client, report):
    rows = client.get(reverse("indicators:report_list")).context["rows"]
    return next(r for r in rows if r["report"].pk == report.pk)


def _matrix_entry(client, report):
    response = client.get(reverse("indicators:completeness"))
    for group in response.context["groups"]:
        for row in group["rows"]:
            for cell in row["cells"]:
                for entry in cell.entries if cell else ():
                    if entry.report_id == report.pk:
                        return entry, response.content.decode()
    raise AssertionError("report absent from the completeness matrix")


def test_the_list_the_matrix_and_the_escalation_email_say_the_same_days_late(
    client, sg_user, late_report, mailoutbox
):
    with (
        time_machine.travel(ESCALATION_DAY, tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),  # the outbox sends after commit
    ):
        R.reminders_tick()
        client.force_login(sg_user)
        row = _list_row(client, late_report)
        list_html = client.get(reverse("indicators:report_list")).content.decode()
        entry, matrix_html = _matrix_entry(client, late_report)
        report_html = client.get(reverse("indicators:report", args=[late_report.pk])).content
    assert row["days_late"] == entry.days_late == WORKING_DAYS_LATE
    assert "5 jours ouvrés de retard" in list_html
    assert "5 jours ouvrés de retard" in matrix_html
    assert "5 jours ouvrés de retard" in report_html.decode()

    escalation = mailoutbox[-1]
    assert escalation.subject.startswith("Escalade")
    assert "5 jours ouvrés de retard" in escalation.body


def test_the_digest_counts_the_days_late_the_list_shows(client, sg_user, late_report):
    with time_machine.travel(ESCALATION_DAY, tick=False):
        content = R.digest_content(late_report.period, ESCALATION_DAY.date())
        client.force_login(sg_user)
        row = _list_row(client, late_report)
    [digest_row] = [r for r in content["late_rows"] if r["report"].pk == late_report.pk]
    assert digest_row["days_late"] == row["days_late"] == WORKING_DAYS_LATE
    assert digest_row["state"] is row["state"] is ReportState.LATE


def test_the_relance_email_says_the_days_late_the_screens_say(
    client, dir_dases, late_report, mailoutbox
):
    # Monday 28 December 2026: two working days after the 23rd (24, 28), five calendar days.
    moment = dt.datetime(2026, 12, 28, 9, 0, tzinfo=PARIS)
    with (
        time_machine.travel(moment, tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),  # the outbox sends after commit
    ):
        R.reminders_tick()
        client.force_login(dir_dases)
        row = _list_row(client, late_report)
    assert row["days_late"] == 2
    assert mailoutbox[-1].subject.startswith("Relance")
    assert "en retard de 2 jours ouvrés" in mailoutbox[-1].body


def test_a_report_due_before_a_weekend_is_not_late_until_the_next_working_day(
    client, dir_dases, late_report
):
    Report.objects.filter(pk=late_report.pk).update(due_date=dt.date(2026, 12, 24))
    # Christmas Day and the weekend: nobody could have submitted it, it is not late yet.
    for day in (25, 26, 27):
        with time_machine.travel(dt.datetime(2026, 12, day, 10, tzinfo=PARIS), tick=False):
            client.force_login(dir_dases)
            row = _list_row(client, late_report)
            assert (row["state"], row["days_late"]) == (ReportState.TO_FILL, 0)
    with time_machine.travel(dt.datetime(2026, 12, 28, 10, tzinfo=PARIS), tick=False):
        client.force_login(dir_dases)
        row = _list_row(client, late_report)
        assert (row["state"], row["days_late"]) == (ReportState.LATE, 1)
        late_tab = client.get(reverse("indicators:report_list") + "?etat=en_retard")
        assert [r["report"].pk for r in late_tab.context["rows"]] == [late_report.pk]


def _badge_of(html: str, label: str) -> str:
    found = set(re.findall(rf'badge badge--(\w+)">{label}<', html))
    assert len(found) == 1, found
    return found.pop()


def test_a_submitted_report_wears_the_same_badge_in_the_list_the_matrix_and_the_home_page(
    client, sg_user, submitted_report
):
    with time_machine.travel(dt.datetime(2026, 12, 10, 10, tzinfo=PARIS), tick=False):
        client.force_login(sg_user)
        row = _list_row(client, submitted_report)
        entry, matrix_html = _matrix_entry(client, submitted_report)
        list_html = client.get(reverse("indicators:report_list")).content.decode()
        home_html = client.get("/").content.decode()
    assert row["state"] is entry.state is ReportState.SUBMITTED
    assert ReportState.SUBMITTED.badge == Report.Status.SUBMITTED.badge == Badge.WAITING
    assert _badge_of(list_html, "Soumis") == "info"
    assert _badge_of(home_html, "Soumis") == "info"
    # The matrix colours its cell by the same badge, and its legend shows the same badge.
    assert _badge_of(matrix_html, "Soumis") == "info"
    assert "dash-cell--info" in matrix_html


def test_every_report_state_has_one_badge_and_one_label():
    for state in ReportState:
        assert state.badge in set(Badge)
        assert state.label
    for status in Report.Status:
        if status != Report.Status.DRAFT:
            assert ReportState(status.value).badge == status.badge
            assert ReportState(status.value).label == status.label
