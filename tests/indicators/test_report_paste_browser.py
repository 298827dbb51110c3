"""Filling and reviewing a report in Chromium: a column or a row pasted from a spreadsheet fills
the following fields, the keyboard path has one Tab per field, and the reviewer reads first what
deserves a look."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indicators.models import Comment, Report, Value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.activeElement.dispatchEvent(
    new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def _values(report) -> dict[str, Decimal]:
    return {v.indicator.code: v.value for v in Value.objects.filter(report=report)}


def test_a_row_copied_from_excel_fills_the_following_fields(
    report, shelter, delay, dir_dases, login, page
):
    login("dir.dases")
    page.goto(f"/rapports/{report.pk}/")
    fields = page.locator("input.rfield__input")
    assert fields.count() == 2
    fields.nth(0).focus()
    # English Excel: a thousands comma and a decimal point; a tab between the cells.
    page.evaluate(PASTE, "4,912\t20.5\r\n")
    expect(page.locator("#paste-summary")).to_contain_text("2 valeurs collées et enregistrées")
    assert _values(report) == {"mises-a-l-abri": Decimal("4912"), "delai-aides": Decimal("20.5")}
    expect(fields.nth(0)).to_have_value("4\u202f912")
    expect(fields.nth(1)).to_have_value("20,5")


def test_a_column_from_libreoffice_is_checked_like_typed_values_and_summed_up(
    report, shelter, delay, dir_dases, login, page
):
    login("dir.dases")
    page.goto(f"/rapports/{report.pk}/")
    fields = page.locator("input.rfield__input")
    fields.nth(0).focus()
    # French LibreOffice: narrow no-break spaces between thousands, decimal comma, one line per
    # cell; the first has decimals the integer indicator refuses; the third cell has no field.
    page.evaluate(PASTE, "4\u202f912,5\n20,5\n17\n")
    summary = page.locator("#paste-summary")
    expect(summary).to_contain_text("1 valeur collée et enregistrée")
    expect(summary).to_contain_text("1 refusée (Personnes mises à l'abri)")
    expect(summary).to_contain_text("1 cellule de trop ignorée")
    expect(page.locator(f"#wrap-v-{shelter.pk}-0")).to_contain_text("nombre entier")
    expect(fields.nth(0)).to_have_value("4912,5")  # what was pasted stays, to be corrected
    assert _values(report) == {"delai-aides": Decimal("20.5")}


def test_the_keyboard_path_is_the_digits_and_one_tab_per_field(
    report, shelter, delay, dir_dases, login, page
):
    login("dir.dases")
    page.goto(f"/rapports/{report.pk}/")
    page.locator(f"#id-v-{shelter.pk}-0").focus()
    page.keyboard.type("4900")
    page.keyboard.press("Tab")
    expect(page.locator(f"#id-c-{shelter.pk}")).to_be_focused()
    page.keyboard.press("Tab")  # no stop on the next indicator's title
    expect(page.locator(f"#id-v-{delay.pk}-0")).to_be_focused()
    page.keyboard.type("20,5")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Soumettre au SG").click()
    page.get_by_text("Rapport soumis au Secrétariat général. Merci.").wait_for()
    assert _values(report) == {"mises-a-l-abri": Decimal("4900"), "delai-aides": Decimal("20.5")}


def test_the_reviewer_reads_first_what_deserves_a_look(
    report, shelter, delay, sg_user, login, page
):
    for indicator, value in ((shelter, Decimal("8256")), (delay, Decimal("20"))):
        Value.objects.create(
            report=report, indicator=indicator, period_end=report.period.end, value=value
        )
    Comment.objects.create(report=report, indicator=shelter, text="Plan grand froid.")
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    login("sg.demo")
    page.goto(f"/rapports/{report.pk}/")
    card = page.locator("#review")
    expect(card).to_contain_text("1 indicateur mérite un regard")
    expect(card).to_contain_text("Écart de 72")
    expect(card).to_contain_text("Explication de la direction : Plan grand froid.")
    expect(card).not_to_contain_text("cohérentes")
    # Above the values, in view without scrolling.
    assert card.bounding_box()["y"] < page.locator("#report-form").bounding_box()["y"]
    expect(card.get_by_text("mérite un regard")).to_be_in_viewport()
