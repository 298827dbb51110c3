"""Printing from Chromium: the dashboard's print view gives a landscape PDF whose first page holds
the dashboard and no button; a validated report prints without its « Rouvrir » form."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from indicators.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(page) -> list[str]:
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, format="A4")))
    box = reader.pages[0].mediabox
    return [float(box.width) > float(box.height)] + [p.extract_text() for p in reader.pages]


def test_the_dashboard_prints_in_landscape_from_its_first_page_without_buttons(
    report, shelter, delay, sg_user, login, page
):
    login("sg.demo")
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Imprimer").click()
    page.get_by_role("button", name="Imprimer").wait_for()
    landscape, first, *rest = _pdf(page)
    assert landscape
    assert "Tableau de bord" in first and "Complétude des rapports" in first
    printed = " ".join([first, *rest])
    for word in ("Imprimer", "Exporter", "Réinitialiser", "Se déconnecter", "Complétude détaillée"):
        assert word not in printed, word


def test_a_printed_validated_report_has_no_reopen_button(
    report, shelter, delay, sg_user, login, page
):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.VALIDATED)
    login("sg.demo")
    page.goto(f"/rapports/{report.pk}/")
    page.get_by_text("Rouvrir ce rapport validé").wait_for()  # on screen, for the reviewer
    _landscape, first, *rest = _pdf(page)
    assert "Personnes mises à l'abri" in first
    assert "Rouvrir" not in " ".join([first, *rest])
