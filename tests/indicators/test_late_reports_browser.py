"""Late is one notion in Chromium too: a returned report past due shows on the SG's home page
among the late reports, and the completeness matrix shows each report of a cell, no hover needed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.models import Report
from tests.factories import make_period, make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_returned_report_past_due_is_late_on_the_home_page_and_in_the_matrix(
    dases, shelter, by_arr, sg_user, login, page
):
    # The first fortnight of a month at least 45 days ago: its second fortnight (validated
    # below) is another report whatever today's date (from the 16th on, « 45 days ago » fell
    # in the second fortnight and both reports were the same one).
    long_ago = (timezone.localdate() - dt.timedelta(days=45)).replace(day=1)
    returned = make_report(dases, make_period("quinzaine", long_ago), Report.Status.RETURNED)
    month = make_period("mois", long_ago)
    make_report(dases, month, Report.Status.SUBMITTED)
    make_report(dases, make_period("quinzaine", month.end), Report.Status.VALIDATED)

    login("sg.demo")
    page.goto("/")
    late = page.locator(".urgency--late")
    expect(late).to_contain_text(f"DASES — {returned.period.label}")
    expect(late).to_contain_text("Renvoyé")
    expect(late).to_contain_text("jours ouvrés de retard")

    page.goto("/tableau-de-bord/completude/")
    cell = page.locator("td.dash-cell--multi").first
    expect(cell).to_contain_text("Mois")
    expect(cell).to_contain_text("Soumis")
    expect(cell).to_contain_text("Quinzaine")
    expect(cell).to_contain_text("Validé")
    # Each report is its own link, reached with the keyboard.
    expect(cell.get_by_role("link")).to_have_count(2)
