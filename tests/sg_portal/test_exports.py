"""The one export path: French CSV, typed XLSX, formulas kept as text, one URL style, who may export.

The view tests export real pages: the projects portfolio, the dashboards, an indicator's series and
the import template.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directions.models import Direction
from indicators.models import Comment, Indicator, Period, Periodicity, Report, Value
from projects.models import Project
from sg_portal.exports import csv_bytes, export_response, french_number, xlsx_bytes

HYPERLINK = '=HYPERLINK("http://x";"Cliquez")'

HEADER = ["Direction", "Indicateur", "Valeur", "Date"]
ROWS = [
    ["DASES", "Bénéficiaires du RSA à Paris", Decimal("61234.5"), dt.date(2026, 11, 15)],
    ["DRH", "Taux d'accidents", 3.25, None],
]


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _column(sheet, title: str) -> list:
    """The cells (not their values) of the column with this title, header excluded."""
    header = [cell.value for cell in sheet[1]]
    index = header.index(title)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


# --- The module ----------------------------------------------------------------------------------


def test_csv_opens_in_excel_with_accents_and_french_decimals():
    rows = _csv_rows(csv_bytes(HEADER, ROWS))
    assert rows[0] == HEADER
    assert rows[1] == ["DASES", "Bénéficiaires du RSA à Paris", "61234,5", "15/11/2026"]
    assert rows[2] == ["DRH", "Taux d'accidents", "3,25", ""]


def test_xlsx_keeps_numbers_as_numbers_and_dates_as_dates():
    sheet = _sheet(xlsx_bytes(HEADER, ROWS, title="Valeurs"))
    assert sheet.title == "Valeurs"
    assert sheet["C2"].value == 61234.5 and sheet["C2"].data_type == "n"
    assert sheet["C2"].number_format == "#,##0.0"
    assert sheet["D2"].value == dt.datetime(2026, 11, 15) and sheet["D2"].is_date
    assert sheet["D2"].number_format == "DD/MM/YYYY"
    assert sheet["B2"].value == "Bénéficiaires du RSA à Paris"


@pytest.mark.parametrize(
    "text", [HYPERLINK, "+33 1 42 76 40 40", "-2 %", "@SOMME(A1:A2)", "\tx", "\rx"]
)
def test_text_that_would_start_a_formula_is_written_as_text(text):
    rows = _csv_rows(csv_bytes(["Commentaire"], [[text]]))
    assert rows[1] == ["'" + text]
    cell = _sheet(xlsx_bytes(["Commentaire"], [[text]]))["A2"]
    # XML reads a carriage return back as a line feed
    assert cell.value == text.replace("\r", "\n") and cell.data_type == "s" and cell.quotePrefix


def test_negative_numbers_stay_numbers():
    rows = [[Decimal("-12.5"), -3, -0.25]]
    assert _csv_rows(csv_bytes(["a", "b", "c"], rows))[1] == ["-12,5", "-3", "-0,25"]
    sheet = _sheet(xlsx_bytes(["a", "b", "c"], rows))
    assert [(c.value, c.data_type) for c in sheet[2]] == [(-12.5, "n"), (-3, "n"), (-0.25, "n")]


def test_booleans_and_times_read_the_same_in_both_formats():
    moment = dt.datetime(2026, 11, 20, 13, 30, tzinfo=dt.UTC)  # 14:30 in Paris
    rows = [[True, False, moment]]
    assert _csv_rows(csv_bytes(["a", "b", "c"], rows))[1] == ["oui", "non", "20/11/2026 14:30"]
    sheet = _sheet(xlsx_bytes(["a", "b", "c"], rows))
    assert [c.value for c in sheet[2]] == ["oui", "non", dt.datetime(2026, 11, 20, 14, 30)]


def test_characters_a_spreadsheet_cannot_hold_are_dropped_not_fatal():
    sheet = _sheet(xlsx_bytes(["Commentaire"], [["collé\x0bdepuis un PDF"]]))
    assert sheet["A2"].value == "collédepuis un PDF"


def test_french_number_rounds_to_the_decimals_asked():
    assert french_number(Decimal("12.345"), 1) == "12,3"
    assert french_number(1234) == "1234"
    assert french_number(0.00001) == "0,00001"


def test_export_response_names_the_file():
    response = export_response("csv", filename="Complétude DASES", header=HEADER, rows=ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="completude-dases.csv"'
    assert response["Content-Type"].startswith("text/csv")


# --- Real exports ----------------------------------------------------------------------------------


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 10), tick=False)


@pytest.fixture
def balance(dases, frozen) -> Indicator:
    """A DASES resources indicator whose value fell below zero, with a comment typed as a formula,
    in a submitted report (provisional on the dashboards)."""
    indicator = Indicator.objects.create(
        code="solde-aides",
        name="Solde des aides",
        family=Indicator.Family.RESOURCES,
        unit="k€",
        decimals=1,
        periodicity=Periodicity.FORTNIGHTLY,
        direction=dases,
        target_value=Decimal("0"),
    )
    for start, end, status, value in (
        (dt.date(2026, 11, 1), dt.date(2026, 11, 15), Report.Status.VALIDATED, Decimal("12.5")),
        (dt.date(2026, 11, 16), dt.date(2026, 11, 30), Report.Status.SUBMITTED, Decimal("-4.5")),
    ):
        period = Period.objects.create(
            periodicity=indicator.periodicity,
            start=start,
            end=end,
            due_date=end + dt.timedelta(days=4),
        )
        report = Report.objects.create(
            direction=dases, period=period, due_date=period.due_date, status=status
        )
        Value.objects.create(report=report, indicator=indicator, period_end=end, value=value)
    Comment.objects.create(report=report, indicator=indicator, text=HYPERLINK)
    return indicator


@pytest.fixture
def formula_project(dases, frozen) -> Project:
    """A project named like a formula, with a budget, and no status posted (so overdue)."""
    return Project.objects.create(
        name=HYPERLINK,
        kind=Project.Kind.ENGAGEMENT,
        lead_direction=dases,
        start_date=dt.date(2026, 1, 5),
        planned_end=dt.date(2027, 6, 30),
        budget_planned=Decimal("-1500.50"),  # a correction entered as a negative amount
    )


def test_a_project_named_like_a_formula_exports_as_text(client, sg_user, formula_project):
    client.force_login(sg_user)
    rows = _csv_rows(client.get("/projets/?format=csv").content)
    line = dict(zip(rows[0], next(r for r in rows if "HYPERLINK" in r[0]), strict=True))
    assert line["Projet"] == "'" + HYPERLINK
    assert line["Budget prévu (€)"] == "-1500,50"
    assert line["Début"] == "05/01/2026" and line["Point en retard"] == "oui"

    sheet = _sheet(client.get("/projets/?format=xlsx").content)
    name = next(c for c in _column(sheet, "Projet") if "HYPERLINK" in str(c.value))
    assert name.value == HYPERLINK and name.data_type == "s"
    budget = sheet.cell(
        row=name.row, column=[c.value for c in sheet[1]].index("Budget prévu (€)") + 1
    )
    assert budget.value == -1500.5 and budget.data_type == "n"


def test_a_comment_typed_as_a_formula_exports_as_text_from_the_indicator_page(
    client, sg_user, balance
):
    client.force_login(sg_user)
    url = reverse("indicators:indicator", args=[balance.code])
    rows = _csv_rows(client.get(url + "?format=csv").content)
    latest = dict(zip(rows[0], rows[-1], strict=True))
    assert latest["Commentaire"] == "'" + HYPERLINK
    assert latest["Valeur"] == "-4,5" and latest["Provisoire"] == "oui"
    assert latest["Fin de période"] == "30/11/2026"

    sheet = _sheet(client.get(url + "?format=xlsx").content)
    comment = _column(sheet, "Commentaire")[-1]
    assert comment.value == HYPERLINK and comment.data_type == "s"
    value = _column(sheet, "Valeur")[-1]
    assert value.value == -4.5 and value.data_type == "n"
    assert _column(sheet, "Provisoire")[-1].value == "oui"
    assert _column(sheet, "Fin de période")[-1].is_date


def test_the_dashboard_writes_decimals_booleans_and_dates_as_the_portfolio_does(
    client, sg_user, balance, formula_project
):
    client.force_login(sg_user)
    rows = _csv_rows(client.get(reverse("indicators:dashboard") + "?format=csv").content)
    line = dict(zip(rows[0], next(r for r in rows if r[0] == balance.code), strict=True))
    assert line["Dernière valeur"] == "-4,5" and line["Valeur précédente"] == "12,5"
    assert line["Provisoire"] == "oui"
    assert line["Dernière période"] == "30/11/2026"
    assert line["Évolution (%)"] == "-136,0"  # a negative number, not text

    sheet = _sheet(client.get(reverse("indicators:dashboard") + "?format=xlsx").content)
    change = _column(sheet, "Évolution (%)")[
        [c.value for c in _column(sheet, "Code")].index(balance.code)
    ]
    assert change.value == -136.0 and change.data_type == "n"


@pytest.mark.parametrize(
    "url",
    [
        "/projets/?format=ods",
        "/tableau-de-bord/?format=pdf",
        "/tableau-de-bord/completude/?format=json",
    ],
)
def test_an_unknown_format_is_refused_with_a_french_message(client, sg_user, url):
    client.force_login(sg_user)
    response = client.get(url)
    assert response.status_code == 400
    assert "Les formats proposés sont CSV et XLSX" in response.content.decode()


def test_the_former_portfolio_export_address_redirects_for_good(client, sg_user):
    client.force_login(sg_user)
    response = client.get("/projets/export.csv?direction=DASES")
    assert response.status_code == 301
    assert response["Location"] == "/projets/?direction=DASES&format=csv"


# --- Who may export what -----------------------------------------------------------------------------

STEERING = ["sg.demo", "delegue.demo", "adjoint.demo", "cm.demo", "admin.demo"]
DASES_MEMBERS = ["dir.dases", "ref.dases"]
OTHERS = ["dir.drh", "cp.demo", "cadre.demo"]


def _exports(balance: Indicator, dases: Direction) -> dict[str, str]:
    return {
        "portfolio": "/projets/?format={fmt}",
        "overview": reverse("indicators:dashboard") + "?format={fmt}",
        "completeness": reverse("indicators:completeness") + "?format={fmt}",
        "series": reverse("indicators:indicator", args=[balance.code]) + "?format={fmt}",
        "template": reverse("indicators:import_template") + f"?direction={dases.pk}&format={{fmt}}",
    }


# Which exports each person downloads; any other answers 404 (its data stays out of sight).
ALLOWED = {
    **{name: {"portfolio", "overview", "completeness", "series"} for name in STEERING},
    "admin.demo": {"portfolio", "overview", "completeness", "series", "template"},
    **{name: {"portfolio", "overview", "completeness", "series"} for name in DASES_MEMBERS},
    "dir.drh": {"portfolio", "overview", "completeness"},  # not DASES's resources series
    "cp.demo": {"portfolio"},
    "cadre.demo": {"portfolio"},
}


@pytest.mark.parametrize("username", STEERING + DASES_MEMBERS + OTHERS)
def test_each_person_downloads_exactly_the_exports_of_their_scope(
    client, cast, dases, balance, username
):
    client.force_login(cast[username])
    for export, pattern in _exports(balance, dases).items():
        for fmt in ("csv", "xlsx"):
            response = client.get(pattern.format(fmt=fmt))
            if export in ALLOWED[username]:
                assert response.status_code == 200, (export, fmt)
                assert response["Content-Disposition"].endswith(f'.{fmt}"')
            else:
                assert response.status_code == 404, (export, fmt)


def test_no_export_is_handed_to_an_anonymous_visitor(client, dases, balance):
    for pattern in _exports(balance, dases).values():
        response = client.get(pattern.format(fmt="csv"))
        assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_exports_are_never_kept_in_a_cache(client, sg_user, formula_project):
    client.force_login(sg_user)
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/projets/?format={fmt}")
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
