import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from directions.models import Arrondissement, Direction, User
from projects.models import Milestone, Project, Rating

from .conftest import paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(make_project, make_status, chef_projet):
    dvd, dases, drh = (Direction.objects.get(code=c) for c in ("DVD", "DASES", "DRH"))
    tram = make_project(
        name="Tramway",
        lead_direction=dvd,
        kind=Project.Kind.ENGAGEMENT,
        budget_planned=Decimal("265000000.50"),
        planned_end=dt.date(2028, 1, 1),
        forecast_end=dt.date(2028, 3, 1),
    )
    tram.arrondissements.set([Arrondissement.objects.get(number=17)])
    sante = make_project(name="Santé", lead_direction=dases, chef_projet=chef_projet)
    sante.partner_directions.set([dvd])
    paie = make_project(name="Paie", lead_direction=drh, kind=Project.Kind.MODERNISATION)
    make_status(tram, overall=Rating.AT_RISK)
    make_status(sante, overall=Rating.ON_TRACK)
    make_status(paie, overall=Rating.OFF_TRACK)
    return {"tram": tram, "sante": sante, "paie": paie}


def names(response) -> list[str]:
    return [p.name for p in response.context["projects"]]


def test_everyone_with_a_login_reads_the_whole_portfolio(
    client, portfolio, dir_drh, cadre, outsider
):
    for user in (dir_drh, cadre, outsider):
        client.force_login(user)
        assert sorted(names(client.get("/projets/"))) == ["Paie", "Santé", "Tramway"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=modernisation", ["Paie"]),
        ("direction=DVD", ["Santé", "Tramway"]),  # lead or partner
        ("pole=", ["Paie", "Santé", "Tramway"]),
        ("status=at_risk", ["Tramway"]),
        ("status=off_track", ["Paie"]),
        ("arrondissement=17", ["Tramway"]),
        ("q=sant", ["Santé"]),
    ],
)
def test_filters(client, portfolio, charge_mission, query, expected):
    client.force_login(charge_mission)
    assert sorted(names(client.get(f"/projets/?{query}"))) == expected


def test_filter_by_pole(client, portfolio, charge_mission):
    client.force_login(charge_mission)
    pole = Direction.objects.get(code="DASES").pole
    assert names(client.get(f"/projets/?pole={pole.pk}")) == ["Santé"]


def test_an_unknown_filter_value_is_reported_not_a_crash(client, portfolio, charge_mission):
    client.force_login(charge_mission)
    response = client.get("/projets/?status=nimporte&direction=XYZ")
    assert response.status_code == 200
    assert len(names(response)) == 3
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_sorting_by_status_puts_the_most_worrying_first_and_can_be_reversed(
    client, portfolio, charge_mission
):
    client.force_login(charge_mission)
    assert names(client.get("/projets/?sort=status")) == ["Paie", "Tramway", "Santé"]
    assert names(client.get("/projets/?sort=-status")) == ["Santé", "Tramway", "Paie"]
    assert names(client.get("/projets/?sort=slippage"))[0] == "Tramway"
    assert names(client.get("/projets/?sort=-name")) == ["Tramway", "Santé", "Paie"]


def test_htmx_filtering_returns_only_the_results_fragment(client, portfolio, charge_mission):
    client.force_login(charge_mission)
    response = client.get("/projets/?kind=modernisation", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and "Paie" in page and "Tramway" not in page


def test_csv_export_is_french_excel_friendly(client, portfolio, charge_mission):
    client.force_login(charge_mission)
    response = client.get("/projets/?direction=DVD&sort=name&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Projet" and "Glissement (jours)" in rows[0]
    assert [r[0] for r in rows[1:]] == ["Santé", "Tramway"]
    tram = dict(zip(rows[0], rows[2], strict=True))
    assert tram["Budget prévu (€)"] == "265000000,50"
    assert tram["Fin prévue"] == "01/01/2028"
    assert tram["Glissement (jours)"] == "60"
    assert tram["Dernier statut"] == "À risque"


def test_xlsx_export_has_typed_cells(client, portfolio, charge_mission):
    client.force_login(charge_mission)
    response = client.get("/projets/?status=at_risk&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert sheet.max_row == 2
    assert row["Projet"] == "Tramway"
    assert row["Fin prévue"].date() == dt.date(2028, 1, 1)
    assert row["Budget prévu (€)"] == pytest.approx(265000000.5)


def test_an_unknown_export_format_is_refused_in_french(client, charge_mission):
    client.force_login(charge_mission)
    response = client.get("/projets/?format=pdf")
    assert response.status_code == 400
    assert "« pdf ». Les formats proposés sont CSV et XLSX" in response.content.decode()


def test_the_former_export_address_redirects_for_good_with_its_filters(client, charge_mission):
    client.force_login(charge_mission)
    response = client.get("/projets/export.xlsx?status=at_risk")
    assert response.status_code == 301
    assert response["Location"] == "/projets/?status=at_risk&format=xlsx"


def _volume(make_project, make_status, count=120):
    directions = list(Direction.objects.filter(kind=Direction.Kind.DIRECTION))
    arrondissements = list(Arrondissement.objects.all())
    chef = User.objects.get(username="cp.demo")
    for index in range(count):
        project = make_project(
            name=f"Projet n° {index:03}",
            lead_direction=directions[index % len(directions)],
            chef_projet=chef if index % 3 == 0 else None,
            sg_adjoint=User.objects.get(username="adjoint.demo") if index % 2 else None,
        )
        project.partner_directions.set(directions[(index + 1) % 5 : (index + 1) % 5 + 2])
        project.arrondissements.set(arrondissements[index % 20 : index % 20 + 3])
        for m in range(3):
            Milestone.objects.create(
                project=project,
                title=f"J{m}",
                planned_date=project.start_date + dt.timedelta(days=60 * m),
            )
        make_status(
            project,
            overall=[Rating.ON_TRACK, Rating.AT_RISK, Rating.OFF_TRACK][index % 3],
            posted_at=paris(2026, 11, 20),
        )


def test_the_portfolio_costs_a_constant_number_of_queries(
    client, make_project, make_status, charge_mission, django_assert_max_num_queries
):
    _volume(make_project, make_status, count=200)
    client.force_login(charge_mission)
    with django_assert_max_num_queries(15):
        response = client.get("/projets/?sort=status")
    assert len(response.context["projects"]) == 200
    with django_assert_max_num_queries(15):
        client.get("/projets/?kind=engagement&sort=-slippage", headers={"HX-Request": "true"})


def test_the_exports_cost_a_constant_number_of_queries(
    client, make_project, make_status, charge_mission, django_assert_max_num_queries
):
    _volume(make_project, make_status)
    client.force_login(charge_mission)
    with django_assert_max_num_queries(10):
        client.get("/projets/?format=csv")
    with django_assert_max_num_queries(10):
        client.get("/projets/?format=xlsx")


def test_the_timeline_costs_a_constant_number_of_queries(
    client, make_project, make_status, charge_mission, django_assert_max_num_queries
):
    _volume(make_project, make_status, count=200)
    client.force_login(charge_mission)
    with django_assert_max_num_queries(15):
        response = client.get("/projets/calendrier/")
    # every project in the wide drawing and in the phone one
    assert response.content.decode().count('class="tl-row"') == 2 * 200


def test_mine_keeps_the_projects_the_user_edits(client, portfolio, chef_projet, dir_drh):
    client.force_login(chef_projet)
    assert names(client.get("/projets/?mine=on")) == ["Santé"]
    client.force_login(dir_drh)
    assert names(client.get("/projets/?mine=on")) == ["Paie"]
