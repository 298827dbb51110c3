import datetime as dt

import pytest
from django.urls import reverse

from directions.models import Direction
from indicators.models import Period, Report
from tests.factories import make_direction

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_reports(cast):
    start = dt.date(2020, 1, 1)
    periods = Period.objects.bulk_create(
        [
            Period(
                periodicity="mois",
                start=start.replace(year=2020 + i // 12, month=i % 12 + 1),
                end=start.replace(year=2020 + i // 12, month=i % 12 + 1, day=28),
                due_date=start.replace(year=2020 + i // 12, month=i % 12 + 1, day=28),
            )
            for i in range(24)
        ]
    )
    directions = list(Direction.objects.all())
    directions += [make_direction() for _ in range(20 - len(directions))]
    Report.objects.bulk_create(
        [Report(direction=d, period=p, due_date=p.due_date) for p in periods for d in directions]
    )
    return Report.objects.count()


@pytest.mark.parametrize("state", ["", "en_retard", "valide"])
def test_the_report_list_needs_few_queries_with_hundreds_of_reports(
    client, sg_user, many_reports, django_assert_max_num_queries, state
):
    assert many_reports >= 400
    client.force_login(sg_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("indicators:report_list"), {"etat": state})
    assert response.status_code == 200


def test_a_directors_list_needs_few_queries_too(
    client, dir_dases, many_reports, django_assert_max_num_queries
):
    client.force_login(dir_dases)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("indicators:report_list"))
    assert len(response.context["rows"]) == 24


def test_the_home_page_block_needs_few_queries(
    client, sg_user, many_reports, django_assert_max_num_queries
):
    # The reporting app's own blocks; the whole page is counted in tests/sg_portal/test_home.py.
    from django.utils import timezone

    from indicators.horizons import dated_items
    from sg_portal.horizons import Scope, resolved

    with django_assert_max_num_queries(4):
        found = resolved(dated_items(sg_user, timezone.localdate(), Scope.SG))
    assert found


def test_the_catalogue_needs_few_queries_with_the_demo_indicators(
    client, demo_org, django_assert_max_num_queries
):
    from indicators import demo

    demo.seed()
    client.force_login(demo_org["cadre.demo"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("indicators:catalogue"))
    assert response.context["count"] == 40
    # The indicator's page also draws its chart, its map and its comments.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("indicators:indicator", args=["beneficiaires-rsa"]))
    assert len(response.context["latest"]) == 20


# The bound: under 15 queries on every page. The session's read and save, the user and
# their direction (the navigation) take 4 to 5 of them whatever the page.
FORM_LIMIT = 13


@pytest.mark.parametrize("status", ["brouillon", "soumis", "valide"])
@pytest.mark.parametrize("username", ["sg.demo", "adjoint.demo", "dir.dases", "ref.dases"])
def test_the_report_form_needs_fewer_than_fifteen_queries_for_every_role(
    client, demo_org, django_assert_max_num_queries, username, status
):
    """With the demo's two years of history: previous values, reminders, reviewer, timeline."""
    from indicators import demo

    demo.seed()
    reports = Report.objects.filter(direction__code="DASES").order_by("-period__start")
    if status == "soumis":  # the demo has none for DASES: the last validated one goes back
        Report.objects.filter(pk=reports.filter(status="valide")[0].pk).update(status=status)
    report = reports.filter(status=status).first()
    assert report is not None
    client.force_login(demo_org[username])
    client.get(reverse("indicators:report_list"))  # the session exists before the count
    with django_assert_max_num_queries(FORM_LIMIT) as captured:
        response = client.get(reverse("indicators:report", args=[report.pk]))
    assert response.status_code == 200
    assert len(captured.captured_queries) < 15
