"""Hostile and oversized import files are refused with a French message, and nothing is written."""

import csv
import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from directions.models import Direction
from indicators import importer
from indicators.models import ImportRun, Indicator, Value

pytestmark = pytest.mark.django_db

HEADER = "indicateur;periode;arrondissement;valeur\n"
GIB = 1024 * 1024 * 1024


def _shot(tmp_path, name: str) -> str:
    folder = os.environ.get("SCREENSHOT_DIR")
    return os.path.join(folder, name) if folder else str(tmp_path / name)


def _csv(body: str) -> bytes:
    return (HEADER + body).encode()


def _xlsx(*rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicateur", "periode", "arrondissement", "valeur"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A valid workbook whose sheet is a gigabyte of repeated bytes: about 1 MB on disk."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx(["mises-a-l-abri", "2025-11-01", None, 1])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(member, source.read(member))
                continue
            with bomb.open(member.filename, "w", force_zip64=True) as sheet:
                chunk = b" " * (1024 * 1024)
                for _ in range(GIB // len(chunk)):
                    sheet.write(chunk)
    return buffer.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_the_spreadsheet_reader_opens_it(
    shelter, zip_bomb, monkeypatch
):
    assert len(zip_bomb) < 2 * 1024 * 1024
    assert sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(zip_bomb)).infolist()) > GIB

    def never(*args, **kwargs):
        raise AssertionError("the bomb reached the spreadsheet reader")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(importer.ImportRefused, match="se décompresse en plus de 100 Mo"):
        importer.import_preview(data=zip_bomb, filename="historique.xlsx")


def test_the_import_page_answers_a_zip_bomb_in_french_and_writes_nothing(
    client, admin_user_demo, shelter, zip_bomb, send_import
):
    client.force_login(admin_user_demo)
    upload = SimpleUploadedFile("historique.xlsx", zip_bomb)
    assert "se décompresse en plus de 100 Mo" in send_import(upload).content.decode()
    assert not Value.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused_as_an_unreadable_xlsx(shelter):
    with pytest.raises(importer.ImportRefused, match="XLSX est illisible"):
        importer.import_preview(data=b"not a zip at all", filename="h.xlsx")


def test_an_xlsx_over_the_row_limit_is_refused(shelter, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    rows = [["mises-a-l-abri", f"2025-{m:02}-01", None, 1] for m in range(1, 5)]
    with pytest.raises(importer.ImportRefused, match="plus de 100 000 lignes"):
        importer.import_preview(data=_xlsx(*rows), filename="h.xlsx")
    assert importer.import_preview(data=_xlsx(*rows[:3]), filename="h.xlsx").valid


def test_a_csv_over_100_000_rows_is_refused_as_a_whole(shelter):
    body = "mises-a-l-abri;2025-11-01;;1\n" * (importer.MAX_ROWS + 1)
    with pytest.raises(importer.ImportRefused, match="plus de 100 000 lignes"):
        importer.import_preview(data=_csv(body), filename="h.csv")


def test_a_csv_field_over_the_parser_limit_is_answered_in_french_not_a_500(
    client, admin_user_demo, shelter, send_import
):
    client.force_login(admin_user_demo)
    huge = "x" * (csv.field_size_limit() + 1)
    upload = SimpleUploadedFile("h.csv", _csv(f"mises-a-l-abri;2025-11-01;;1\n{huge};;;\n"))
    html = send_import(upload).content.decode()
    assert "Ligne 3 : un champ dépasse 131\u202f072 caractères" in html
    assert not Value.objects.exists()


def test_an_unclosed_quote_swallowing_the_file_names_the_field_limit(shelter):
    body = 'mises-a-l-abri;2025-11-01;;"1\n' + "mises-a-l-abri;2025-11-16;;1\n" * 6000
    with pytest.raises(importer.ImportRefused, match="un guillemet est peut-être resté ouvert"):
        importer.import_preview(data=_csv(body), filename="h.csv")


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-16", "9999-12-31", "01/01/2999"])
def test_a_year_outside_the_plausible_range_is_refused_on_its_row(shelter, day):
    preview = importer.import_preview(
        data=_csv(f"mises-a-l-abri;2025-11-01;;1\nmises-a-l-abri;{day};;1\n"), filename="h.csv"
    )
    assert not preview.valid
    [error] = preview.errors
    assert (error.line, error.column) == (3, "periode")
    assert "hors de la plage plausible (2000 à" in error.reason


def test_a_value_too_large_for_the_database_is_reported_as_such_on_its_row(
    client, admin_user_demo, shelter, send_import
):
    client.force_login(admin_user_demo)
    upload = SimpleUploadedFile(
        "h.csv",
        _csv("mises-a-l-abri;2025-11-01;;100 000 000 000 000\nmises-a-l-abri;2025-11-16;;1\n"),
    )
    html = send_import(upload).content.decode()
    assert "« 100 000 000 000 000 » est trop grande pour le portail" in html
    assert "Confirmer l&#x27;import" not in html
    assert not Value.objects.exists()


def test_the_largest_value_the_column_holds_is_imported(admin_user_demo, shelter):
    preview = importer.import_preview(
        data=_csv("mises-a-l-abri;2025-11-01;;-99999999999999,9999\n"), filename="h.csv"
    )
    assert preview.valid
    assert importer.import_apply(rows=preview.to_session(), user=admin_user_demo) == 1


def test_a_value_too_large_at_confirmation_is_reported_as_such_not_as_a_concurrent_entry(
    client, admin_user_demo, shelter, django_capture_on_commit_callbacks
):
    client.force_login(admin_user_demo)
    run = ImportRun.objects.create(
        created_by=admin_user_demo,
        filename="h.csv",
        status=ImportRun.Status.READY,
        imported=2,
        rows=[
            [shelter.pk, "2025-11-01", None, "1"],
            [shelter.pk, "2025-11-16", None, "1" + "0" * 20],
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("indicators:import_run_confirm", args=[run.pk]))
    html = client.get(reverse("indicators:import_run", args=[run.pk])).content.decode()
    assert "une valeur est trop grande pour le portail" in html
    assert "saisies entre-temps" not in html
    assert not Value.objects.exists()


def test_a_long_unknown_code_is_quoted_shortened_in_the_message(shelter):
    preview = importer.import_preview(data=_csv("x" * 5000 + ";2025-11-01;;1\n"), filename="h.csv")
    assert preview.errors[0].reason == "indicateur inconnu « " + "x" * 60 + "… »"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_import_page_shows_the_refusals_in_french_in_chromium(login, demo_org, tmp_path):
    Indicator.objects.update_or_create(
        code="mises-a-l-abri",
        defaults={
            "name": "Personnes mises à l'abri",
            "family": Indicator.Family.CONTEXT,
            "periodicity": "quinzaine",
            "direction": Direction.objects.get(code="DASES"),
        },
    )
    page = login("admin.demo")
    page.goto(reverse("indicators:import"))
    rows = _csv("mises-a-l-abri;2025-11-01;;100 000 000 000 000\nmises-a-l-abri;16/11/1899;;12\n")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "historique.csv", "mimeType": "text/csv", "buffer": rows}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    alert = page.get_by_role("alert")
    assert "2 erreurs : rien ne sera importé" in alert.inner_text()
    table = page.locator("table", has_text="Lignes refusées").inner_text()
    assert "est trop grande pour le portail" in table
    assert "année 1899 hors de la plage plausible" in table
    page.screenshot(path=_shot(tmp_path, "import-rows.png"), full_page=True)

    huge = "x" * (csv.field_size_limit() + 1)
    page.goto(reverse("indicators:import"))
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "h.csv", "mimeType": "text/csv", "buffer": _csv(f"{huge};;;\n")}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    assert "un champ dépasse 131\u202f072 caractères" in page.get_by_role("alert").inner_text()
    page.screenshot(path=_shot(tmp_path, "import-refused.png"), full_page=True)
    assert not Value.objects.exists()
