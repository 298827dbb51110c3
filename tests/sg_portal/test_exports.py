import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from sg_portal.exports import csv_bytes, export_response, french_number, xlsx_bytes

HEADER = ["Direction", "Indicateur", "Valeur", "Date"]
ROWS = [
    ["DASES", "Bénéficiaires du RSA à Paris", Decimal("61234.5"), dt.date(2026, 11, 15)],
    ["DRH", "Taux d'accidents", 3.25, None],
]


def test_csv_opens_in_excel_with_accents_and_french_decimals():
    data = csv_bytes(HEADER, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    assert rows[1] == ["DASES", "Bénéficiaires du RSA à Paris", "61234,5", "15/11/2026"]
    assert rows[2] == ["DRH", "Taux d'accidents", "3,25", ""]


def test_xlsx_keeps_numbers_as_numbers():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(HEADER, ROWS, title="Valeurs"))).active
    assert sheet.title == "Valeurs"
    assert sheet["C2"].value == 61234.5
    assert sheet["B2"].value == "Bénéficiaires du RSA à Paris"


def test_french_number_rounds_to_the_decimals_asked():
    assert french_number(Decimal("12.345"), 1) == "12,3"
    assert french_number(1234) == "1234"


def test_export_response_names_the_file():
    response = export_response("csv", filename="Complétude DASES", header=HEADER, rows=ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="completude-dases.csv"'
    assert response["Content-Type"].startswith("text/csv")
