from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from directions.models import Arrondissement
from indicators.models import Indicator, Report, Value
from tests.factories import make_period, make_report

__all__ = ["make_period", "make_report"]  # importable from here too, as before


@pytest.fixture
def shelter(dases) -> Indicator:
    return Indicator.objects.create(
        code="mises-a-l-abri",
        name="Personnes mises à l'abri",
        family=Indicator.Family.CONTEXT,
        unit="personnes",
        decimals=0,
        periodicity="quinzaine",
        direction=dases,
        min_plausible=1000,
        max_plausible=12000,
        max_change_percent=30,
    )


@pytest.fixture
def delay(dases) -> Indicator:
    return Indicator.objects.create(
        code="delai-aides",
        name="Délai de traitement des aides",
        family=Indicator.Family.RESOURCES,
        unit="jours",
        decimals=1,
        periodicity="quinzaine",
        direction=dases,
        target_value=Decimal("15"),
    )


@pytest.fixture
def by_arr(dases) -> Indicator:
    return Indicator.objects.create(
        code="rsa",
        name="Bénéficiaires du RSA",
        family=Indicator.Family.CONTEXT,
        decimals=0,
        periodicity="mois",
        direction=dases,
        breakdown=Indicator.Breakdown.ARRONDISSEMENT,
    )


@pytest.fixture
def previous_report(dases, shelter, delay) -> Report:
    """DASES's validated report of the 1st fortnight of November 2026."""
    report = make_report(
        dases, make_period("quinzaine", dt.date(2026, 11, 1)), Report.Status.VALIDATED
    )
    for indicator, value in ((shelter, Decimal("4800")), (delay, Decimal("21.5"))):
        Value.objects.create(
            report=report, indicator=indicator, period_end=report.period.end, value=value
        )
    return report


@pytest.fixture
def report(previous_report, dases) -> Report:
    """DASES's report of the 2nd fortnight of November 2026, to fill."""
    return make_report(dases, make_period("quinzaine", dt.date(2026, 11, 16)))


@pytest.fixture
def drh_report(drh) -> Report:
    Indicator.objects.create(
        code="absenteisme",
        name="Taux d'absentéisme",
        family=Indicator.Family.RESOURCES,
        decimals=1,
        periodicity="quinzaine",
        direction=drh,
    )
    return make_report(drh, make_period("quinzaine", dt.date(2026, 11, 16)))


@pytest.fixture
def arrondissements(db):
    return list(Arrondissement.objects.all())


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in the test process (the return email is asserted with mailoutbox)."""
    from sg_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def send_import(client, django_capture_on_commit_callbacks):
    """Send a file as the import page does and return its run's page once the worker (eager
    here) has checked it; `confirm=True` also confirms and writes it."""
    from django.urls import reverse

    def _send(upload, *, confirm: bool = False):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("indicators:import"), {"file": upload})
        assert response.status_code == 302, response.status_code
        url = response["Location"]
        if confirm:
            with django_capture_on_commit_callbacks(execute=True):
                client.post(url + "confirmer/")
        return client.get(url)

    return _send
