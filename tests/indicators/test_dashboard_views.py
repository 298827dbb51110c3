"""The overview and an indicator's page: figures, alerts, scope per role, htmx, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.dateformat import format as date_format
from openpyxl import load_workbook

from indicators import services
from indicators.models import Comment, Indicator, Report, Value

from .conftest import make_period, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 10), tick=False)


@pytest.fixture
def submitted(report, shelter, delay, arrondissements):
    """DASES's 2nd fortnight of November, filled and submitted (values not validated yet)."""
    for indicator, value in ((shelter, Decimal("5100")), (delay, Decimal("26.5"))):
        Value.objects.create(
            report=report, indicator=indicator, period_end=report.period.end, value=value
        )
    Comment.objects.create(report=report, indicator=delay, text="Départs en congé à l'été")
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    report.refresh_from_db()
    return report


@pytest.fixture
def drh_figures(drh):
    """DRH's absenteeism (resources), validated, and a context indicator of DRH, submitted."""
    absence = Indicator.objects.create(
        code="absenteisme",
        name="Taux d'absentéisme",
        family=Indicator.Family.RESOURCES,
        unit="%",
        decimals=1,
        periodicity="quinzaine",
        direction=drh,
    )
    context = Indicator.objects.create(
        code="effectifs-ville",
        name="Effectifs de la Ville",
        family=Indicator.Family.CONTEXT,
        periodicity="quinzaine",
        direction=drh,
    )
    validated = make_report(
        drh, make_period("quinzaine", dt.date(2026, 11, 1)), Report.Status.VALIDATED
    )
    pending = make_report(
        drh, make_period("quinzaine", dt.date(2026, 11, 16)), Report.Status.SUBMITTED
    )
    for rep, value in ((validated, "9.3"), (pending, "9.9")):
        Value.objects.create(
            report=rep, indicator=absence, period_end=rep.period.end, value=Decimal(value)
        )
        Value.objects.create(
            report=rep, indicator=context, period_end=rep.period.end, value=Decimal("52000")
        )
    return absence, context


def _codes(response) -> set[str]:
    return {line.indicator.code for line in response.context["lines"]}


def test_the_overview_shows_latest_value_change_target_and_alert(
    client, sg_user, submitted, delay, frozen
):
    Indicator.objects.filter(pk=delay.pk).update(polarity=Indicator.Polarity.LOWER)
    client.force_login(sg_user)
    response = client.get(reverse("indicators:dashboard"))
    line = next(
        line for f in response.context["families"] for line in f["lines"] if line.indicator == delay
    )
    assert line.latest.value == Decimal("26.5") and line.latest.provisional
    assert line.previous.value == Decimal("21.5")
    assert round(line.change_percent) == 23 and line.direction_class == "bad"
    assert {kind for kind, _ in line.alerts} == {"tendance", "cible"}
    html = response.content.decode()
    assert "26,5" in html and "provisoire" in html and "hors cible" in html


def test_a_validation_shows_at_once_and_a_reopening_withdraws_the_figure(
    client, sg_user, submitted, delay, frozen
):
    client.force_login(sg_user)
    services.report_validate(report=submitted, user=sg_user)
    line = next(
        line
        for line in client.get(reverse("indicators:dashboard")).context["lines"]
        if line.indicator == delay
    )
    assert line.latest.value == Decimal("26.5") and not line.latest.provisional
    services.report_reopen(report=submitted, user=sg_user, reason="Erreur de saisie")
    line = next(
        line
        for line in client.get(reverse("indicators:dashboard")).context["lines"]
        if line.indicator == delay
    )
    assert line.latest.value == Decimal("21.5")


def test_an_arrondissement_indicator_sums_its_arrondissements_and_checks_each_against_the_range(
    client, sg_user, by_arr, arrondissements, dases, frozen
):
    by_arr.max_plausible = Decimal("900")
    by_arr.save()
    rep = make_report(dases, make_period("mois", dt.date(2026, 10, 1)), Report.Status.VALIDATED)
    for index, place in enumerate(arrondissements):
        Value.objects.create(
            report=rep,
            indicator=by_arr,
            arrondissement=place,
            period_end=rep.period.end,
            value=Decimal(1000 if index == 0 else 100),
        )
    client.force_login(sg_user)
    line = next(
        line
        for line in client.get(reverse("indicators:dashboard")).context["lines"]
        if line.indicator == by_arr
    )
    assert line.latest.value == 1000 + 100 * (len(arrondissements) - 1)
    assert line.alerts[0][0] == "seuil" and "un arrondissement" in line.alerts[0][1]


def test_a_director_sees_their_own_figures_and_validated_city_wide_context_only(
    client, dir_dases, submitted, drh_figures, shelter, delay, frozen
):
    absence, context = drh_figures
    client.force_login(dir_dases)
    response = client.get(reverse("indicators:dashboard"))
    assert _codes(response) == {shelter.code, delay.code, context.code}
    line = next(line for line in response.context["lines"] if line.indicator == context)
    assert line.latest.period_end == dt.date(2026, 11, 15)  # DRH's submitted value is not shown
    directions = {r["direction"].code for g in response.context["groups"] for r in g["rows"]}
    assert directions == {"DASES"}
    matrix = client.get(reverse("indicators:completeness"))
    assert {r["direction"].code for g in matrix.context["groups"] for r in g["rows"]} == {"DASES"}


def test_a_director_filtering_on_another_direction_still_sees_only_their_own(
    client, dir_dases, submitted, drh_figures, frozen
):
    client.force_login(dir_dases)
    response = client.get(reverse("indicators:dashboard") + "?direction=DRH")
    assert response.context["filters"].direction is None
    assert "absenteisme" not in _codes(response)


def test_a_director_reads_another_directions_resources_indicator_without_its_values(
    client, dir_dases, drh_figures, frozen
):
    absence, context = drh_figures
    client.force_login(dir_dases)
    response = client.get(reverse("indicators:indicator", args=[absence.code]))
    assert response.status_code == 200 and response.context["restricted"]
    assert response.context["rows"] == []
    assert (
        client.get(reverse("indicators:indicator", args=[absence.code]) + "?format=csv").status_code
        == 404
    )
    context_page = client.get(reverse("indicators:indicator", args=[context.code]))
    assert [r.period_end for r in context_page.context["rows"]] == [dt.date(2026, 11, 15)]


@pytest.mark.parametrize("username", ["cadre.demo", "cp.demo", "outsider"])
def test_people_outside_the_steering_get_no_dashboard(client, cast, outsider, username):
    user = outsider if username == "outsider" else cast[username]
    client.force_login(user)
    for name in ("indicators:dashboard", "indicators:completeness"):
        assert client.get(reverse(name)).status_code == 404
        assert (
            client.get(
                reverse(name), headers={"HX-Request": "true", "HX-Target": "board"}
            ).status_code
            == 404
        )
        assert client.get(reverse(name) + "?format=csv").status_code == 404


@pytest.mark.parametrize(
    "username", ["sg.demo", "adjoint.demo", "cm.demo", "admin.demo", "dir.drh"]
)
def test_the_steering_roles_open_every_dashboard(client, cast, username, submitted):
    client.force_login(cast[username])
    assert client.get(reverse("indicators:dashboard")).status_code == 200
    assert client.get(reverse("indicators:completeness")).status_code == 200


def test_a_filter_change_through_htmx_returns_only_the_board(client, sg_user, submitted, frozen):
    client.force_login(sg_user)
    url = reverse("indicators:dashboard") + "?famille=ressources"
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "board"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="board"') and "<html" not in html
    assert "Délai de traitement" in html and "Personnes mises" not in html
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


@pytest.mark.parametrize("name,target", [("dashboard", "board"), ("completeness", "matrix")])
def test_choosing_a_pole_narrows_the_direction_filter_with_or_without_htmx(
    client, sg_user, submitted, frozen, name, target
):
    client.force_login(sg_user)
    url = reverse(f"indicators:{name}") + "?pole=solidarites"
    page = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": target})
    html = fragment.content.decode()
    for text in (page, html):
        assert 'value="DASES"' in text and 'value="DRH"' not in text
        assert "Toutes les directions du pôle" in text
    # The fragment brings the narrowed list out of band; the full page has it once, in place.
    assert 'id="f-direction-field" hx-swap-oob="true"' in html
    assert page.count('id="f-direction"') == 1 and "hx-swap-oob" not in page
    everyone = client.get(
        reverse(f"indicators:{name}"), headers={"HX-Request": "true", "HX-Target": target}
    )
    assert 'value="DRH"' in everyone.content.decode()


def test_the_overview_csv_opens_in_excel_with_french_decimals_and_accents(
    client, sg_user, submitted, frozen
):
    client.force_login(sg_user)
    response = client.get(reverse("indicators:dashboard") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][1] == "Indicateur" and rows[0][9] == "Évolution (%)"
    delay = next(r for r in rows if r[0] == "delai-aides")
    assert delay[1] == "Délai de traitement des aides"
    assert delay[6] == "26,5" and delay[8] == "21,5" and delay[9] == "23,3" and delay[10] == "15"
    assert delay[7] == "oui"


def test_the_completeness_and_series_export_to_xlsx_and_csv(
    client, sg_user, submitted, delay, frozen
):
    client.force_login(sg_user)
    book = load_workbook(
        io.BytesIO(client.get(reverse("indicators:completeness") + "?format=xlsx").content)
    )
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert values[0][0] == "Direction" and any(r[0] == "DASES" and r[4] == "Soumis" for r in values)
    response = client.get(reverse("indicators:indicator", args=[delay.code]) + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[-1][2] == "26,5" and rows[-1][6] == "Départs en congé à l'été"


def test_the_indicator_page_draws_the_series_the_target_the_comments_and_links_reports(
    client, sg_user, submitted, delay, frozen
):
    client.force_login(sg_user)
    response = client.get(reverse("indicators:indicator", args=[delay.code]))
    assert response.context["chart"].target_y is not None
    newest = response.context["rows"][0]
    assert newest.value_text == "26,5" and newest.provisional and newest.linked
    html = response.content.decode()
    assert "Départs en congé" in html and reverse("indicators:report", args=[submitted.pk]) in html
    assert "<path" in html and "cible 15" in html
    # Dates along the bottom of the chart, the newest period named last, at the right edge.
    labels = response.context["x_labels"]
    assert labels and labels[-1][0] == response.context["chart"].points[-1].x
    assert labels[-1][1] == date_format(newest.period_end, "N Y")
    assert f">{labels[-1][1]}</text>" in html


def test_the_indicator_page_maps_the_arrondissements_with_a_legend(
    client, sg_user, by_arr, arrondissements, dases, frozen
):
    rep = make_report(dases, make_period("mois", dt.date(2026, 10, 1)), Report.Status.VALIDATED)
    for place in arrondissements:
        Value.objects.create(
            report=rep,
            indicator=by_arr,
            arrondissement=place,
            period_end=rep.period.end,
            value=Decimal(100 + place.number),
        )
    client.force_login(sg_user)
    response = client.get(reverse("indicators:indicator", args=[by_arr.code]))
    assert len(response.context["shapes"]) == len(arrondissements)
    assert len(response.context["legend"]) == 5 and len(response.context["latest"]) == len(
        arrondissements
    )
    assert 'fill="#16325c"' in response.content.decode()
