import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators import importer
from indicators.models import ImportRun, Report, Value

pytestmark = pytest.mark.django_db

HEADER = "indicateur;periode;arrondissement;valeur\n"


def _csv(body: str, header: str = HEADER) -> bytes:
    return (header + body).encode()


def _preview(data: bytes, name="historique.csv"):
    return importer.import_preview(data=data, filename=name)


def test_a_valid_file_previews_then_writes_validated_history(shelter, by_arr, admin_user_demo):
    body = "mises-a-l-abri;2025-11-01;;4 812\nmises-a-l-abri;16/11/2025;;4 790,0\n"
    body += "".join(f"rsa;2025-11-01;{n};{100 + n}\n" for n in range(1, 21))
    preview = _preview(_csv(body))
    assert preview.valid and len(preview.rows) == 22
    assert importer.import_apply(rows=preview.to_session(), user=admin_user_demo) == 22
    assert Value.objects.count() == 22
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.VALIDATED}
    assert Value.objects.get(indicator=shelter, period_end="2025-11-15").value == Decimal("4812")


@pytest.mark.parametrize(
    ("body", "column", "reason"),
    [
        ("mises-a-l-abri;2025-11-01;;douze\n", "valeur", "« douze » n'est pas un nombre"),
        ("inconnu;2025-11-01;;12\n", "indicateur", "indicateur inconnu « inconnu »"),
        ("mises-a-l-abri;32/13/2025;;12\n", "periode", "date illisible"),
        ("mises-a-l-abri;2025-11-01;;\n", "valeur", "valeur manquante"),
        ("mises-a-l-abri;2025-11-01;3;12\n", "arrondissement", "n'est pas ventilé"),
        ("rsa;2025-11-01;;12\n", "arrondissement", "arrondissement requis"),
        ("rsa;2025-11-01;25;12\n", "arrondissement", "arrondissement inconnu"),
    ],
)
def test_every_bad_row_is_explained(shelter, by_arr, body, column, reason):
    preview = _preview(_csv("mises-a-l-abri;2025-10-01;;4800\n" + body))
    assert not preview.valid
    error = preview.errors[0]
    assert (error.line, error.column) == (3, column)
    assert reason in error.reason


def test_duplicate_rows_point_to_the_first_one(shelter):
    preview = _preview(_csv("mises-a-l-abri;2025-11-01;;1\nmises-a-l-abri;2025-11-03;;2\n"))
    assert preview.errors[0].line == 3 and "doublon de la ligne 2" in preview.errors[0].reason


def test_a_value_already_in_the_portal_is_not_overwritten(shelter, previous_report):
    preview = _preview(_csv("mises-a-l-abri;2026-11-01;;1\n"))
    assert "une valeur existe déjà" in preview.errors[0].reason


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\n\n", "Le fichier est vide."),
        (HEADER.encode(), "aucune ligne de valeurs"),
        (b"code;date;valeur\nx;2025-01-01;1\n", "colonnes manquantes : indicateur, periode"),
        (HEADER.replace("\n", ";total\n").encode(), "colonnes inconnues : total"),
    ],
)
def test_files_that_cannot_be_read_are_refused_as_a_whole(shelter, data, message):
    with pytest.raises(importer.ImportRefused, match=message):
        _preview(data)


def test_a_file_over_10_mb_is_refused(shelter):
    with pytest.raises(importer.ImportRefused, match="10 Mo"):
        _preview(_csv("mises-a-l-abri;2025-11-01;;1\n" * 400_000))


def test_nothing_is_written_when_one_row_is_bad(client, admin_user_demo, shelter, send_import):
    client.force_login(admin_user_demo)
    upload = SimpleUploadedFile(
        "h.csv", _csv("mises-a-l-abri;2025-11-01;;12\nmises-a-l-abri;2025-11-16;;12 %\n")
    )
    html = send_import(upload).content.decode()
    assert "1 erreur" in html and "« 12 % » n&#x27;est pas un nombre" in html
    assert "Confirmer l&#x27;import" not in html
    assert not Value.objects.exists()


def test_the_import_page_checks_then_writes_once_confirmed(
    client, admin_user_demo, shelter, django_capture_on_commit_callbacks
):
    client.force_login(admin_user_demo)
    upload = SimpleUploadedFile("h.csv", _csv("mises-a-l-abri;2025-11-01;;4 812\n"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators:import"), {"file": upload})
    run_url = response["Location"]
    html = client.get(run_url).content.decode()
    assert "1 valeur prête à être importée" in html and not Value.objects.exists()
    confirm = reverse("indicators:import_run_confirm", args=[ImportRun.objects.get().pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    assert response.status_code == 302 and Value.objects.count() == 1
    assert "1 valeur importée depuis « h.csv »" in client.get(run_url).content.decode()
    # The same run cannot be written twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    assert Value.objects.count() == 1


def test_the_upload_form_refuses_a_file_over_10_mb(client, admin_user_demo, shelter):
    client.force_login(admin_user_demo)
    upload = SimpleUploadedFile("big.csv", b"x" * (10 * 1024 * 1024 + 1))
    response = client.post(reverse("indicators:import"), {"file": upload})
    assert "Le fichier dépasse 10 Mo" in response.content.decode()


def test_an_xlsx_file_is_read_too(shelter):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicateur", "periode", "arrondissement", "valeur"])
    sheet.append(["mises-a-l-abri", "2025-11-01", None, 4812.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _preview(buffer.getvalue(), "h.xlsx")
    assert preview.valid and preview.rows[0].value == Decimal("4812.5")


def test_the_template_per_direction_downloads(client, admin_user_demo, dases, shelter, by_arr):
    client.force_login(admin_user_demo)
    url = reverse("indicators:import_template")
    response = client.get(url, {"direction": dases.pk, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("indicateur", "periode", "arrondissement", "valeur")
    assert len(rows) == 1 + 1 + 20
    response = client.get(url, {"direction": dases.pk, "format": "csv"})
    assert response.content.decode("utf-8-sig").startswith(
        "indicateur;periode;arrondissement;valeur"
    )
