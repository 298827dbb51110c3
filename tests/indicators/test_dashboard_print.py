"""The dashboard on paper and its alerts: « Voir les N alertes » shows them all on the board, the
print view says « Imprimer » and prints in landscape without buttons, a printed report has no
« Rouvrir »."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from indicators.models import Indicator, Report
from tests.factories import make_period, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_alerts(dases):
    """Fifteen indicators of DASES, each validated below its plausible minimum."""
    indicators = {
        Indicator.objects.create(
            code=f"alerte-{n}",
            name=f"Indicateur en alerte {n}",
            family=Indicator.Family.CONTEXT,
            periodicity="quinzaine",
            direction=dases,
            min_plausible=100,
        ): 10
        for n in range(15)
    }
    make_report(
        dases,
        make_period("quinzaine", dt.date(2026, 11, 1)),
        Report.Status.VALIDATED,
        values=indicators,
    )
    return indicators


def test_voir_les_alertes_leads_to_every_alert_on_the_board(
    client, sg_user, many_alerts, time_machine
):
    time_machine.move_to(dt.datetime(2026, 11, 20, 10), tick=False)
    client.force_login(sg_user)
    board = client.get(reverse("indicators:dashboard")).content.decode()
    assert board.count('class="dash-alert"') == 12
    assert "Voir les 15 alertes" in board and "alertes=toutes#h-alertes" in board
    assert 'vue=impression">Voir' not in board
    everything = client.get(reverse("indicators:dashboard"), {"alertes": "toutes"})
    html = everything.content.decode()
    assert html.count('class="dash-alert"') == 15 and "Version à imprimer" not in html


def test_the_print_link_says_imprimer_and_the_print_view_has_the_button(
    client, sg_user, many_alerts
):
    client.force_login(sg_user)
    board = client.get(reverse("indicators:dashboard")).content.decode()
    assert "Version imprimable (PDF)" not in board and ">Imprimer</a>" in board
    printing = client.get(reverse("indicators:dashboard"), {"vue": "impression"}).content.decode()
    assert "data-print>Imprimer</button>" in printing
