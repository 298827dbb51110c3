"""A director searches the portal from the header, opens a hit, then follows the bell to a
notification about a report the SG returned."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from indicators import services
from indicators.models import Comment, Report
from sg_portal.search.index import rebuild
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_director_searches_and_opens_a_notification(page, login, cast, dases, drh):
    period = factories.make_period("quinzaine", dt.date(2026, 11, 3))
    places = factories.make_indicator("places-creches", direction=dases, name="Places en crèche")
    mine = factories.make_report(dases, period, status=Report.Status.SUBMITTED)
    other = factories.make_report(drh, period)
    Comment.objects.create(report=mine, indicator=places, text="Deux crèches fermées.")
    Comment.objects.create(report=other, indicator=places, text="Crèches de la DRH.")
    rebuild()
    services.report_return(
        report=mine, user=cast["adjoint.demo"], comment="Précisez les fermetures."
    )

    login("dir.dases")
    page.get_by_label("Rechercher dans le portail").fill("creches")
    page.get_by_label("Rechercher dans le portail").press("Enter")
    page.get_by_role("heading", name="Résultats pour « creches »").wait_for()
    results = page.inner_text("main")
    assert "Rapport DASES" in results and "DRH" not in results
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/recherche.png", full_page=True)
    page.get_by_role("link", name=f"Rapport DASES — {period.label}").click()
    page.wait_for_url(f"**/rapports/{mine.pk}/")

    bell = page.get_by_role("link", name="Notifications : 1 non lue")
    bell.wait_for()
    bell.click()
    page.get_by_role("heading", name="Notifications").wait_for()
    page.get_by_role(
        "link", name=f"Rapport renvoyé pour correction : DASES — {period.label}"
    ).click()
    page.wait_for_url(f"**/rapports/{mine.pk}/")
    page.get_by_role("link", name="Notifications : aucune non lue").wait_for()
