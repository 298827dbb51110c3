"""The overview's filters in Chromium: htmx swaps the board, the URL follows, back restores."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_reports(demo_org):
    from indicators import demo

    demo.seed()


def test_filters_swap_the_board_update_the_url_and_the_back_button_restores(
    page, login, demo_reports
):
    login("sg.demo")
    page.goto("/tableau-de-bord/")
    board = page.locator("#board")
    assert "Taux de chômage à Paris" in board.inner_text()
    with page.expect_response(lambda r: "famille=ressources" in r.url):
        page.get_by_label("Famille").select_option("ressources")
    expect(page).to_have_url(re.compile(r"/tableau-de-bord/\?famille=ressources$"))
    expect(page.locator("#board")).not_to_contain_text("Taux de chômage à Paris")
    expect(page.locator("#board")).to_contain_text("Délai moyen de traitement")
    # Swapped in place: the page around the board was not reloaded.
    assert page.get_by_label("Famille").input_value() == "ressources"
    with page.expect_response(lambda r: "pole=" in r.url):
        page.get_by_label("Pôle").select_option("espace-public")
    expect(page).to_have_url(re.compile(r"\?pole=espace-public&famille=ressources$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?famille=ressources$"))
    expect(page.get_by_label("Pôle")).to_have_value("")
    expect(page.get_by_label("Famille")).to_have_value("ressources")
    expect(page.locator("#board")).to_contain_text("Délai moyen de traitement")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/tableau-de-bord/$"))
    expect(page.get_by_label("Famille")).to_have_value("")
    expect(page.locator("#board")).to_contain_text("Taux de chômage à Paris")


def test_a_director_filters_their_completeness_matrix_to_a_year(page, login, demo_reports):
    login("dir.dases")
    page.goto("/tableau-de-bord/completude/")
    assert page.locator(".dash-matrix tbody th[scope=row]").all_inner_texts() == ["DASES"]
    with page.expect_response(lambda r: "etendue=annee" in r.url):
        page.get_by_label("Étendue").select_option("annee")
    expect(page).to_have_url(re.compile(r"\?etendue=annee$"))
    assert page.locator(".dash-matrix thead .dash-matrix__period").count() == 24


def test_on_a_phone_the_completeness_matrix_opens_on_its_most_recent_fortnights(
    page, login, demo_reports
):
    page.set_viewport_size({"width": 420, "height": 900})
    login("sg.demo")
    page.goto("/tableau-de-bord/completude/")
    wrap = page.locator(".dash-matrix-wrap")
    expect(wrap).to_have_js_property(
        "scrollLeft", wrap.evaluate("w => w.scrollWidth - w.clientWidth")
    )
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth + 100")
    last = page.locator(".dash-matrix thead .dash-matrix__period").last
    box, frame = last.bounding_box(), wrap.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    # The pôle names stay in view, and so does the direction column.
    pole = page.locator(".dash-matrix__pole").first
    expect(pole).to_contain_text("Pôle Solidarités")
    box = pole.bounding_box()
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    head = page.locator(".dash-matrix tbody th[scope=row]").first.bounding_box()
    assert frame["x"] <= head["x"] < frame["x"] + 20
    # After a filter change too (on a phone the filters open from their button).
    page.get_by_role("button", name="Filtres").click()
    with page.expect_response(lambda r: "etendue=annee" in r.url):
        page.get_by_label("Étendue").select_option("annee")
    expect(page.locator(".dash-matrix thead .dash-matrix__period")).to_have_count(24)
    expect(page.locator(".dash-matrix-wrap")).not_to_have_js_property("scrollLeft", 0)


def test_choosing_a_pole_narrows_the_direction_list(page, login, demo_reports):
    login("sg.demo")
    page.goto("/tableau-de-bord/")
    options = page.locator("#f-direction option")
    everyone = options.count()
    with page.expect_response(lambda r: "pole=solidarites" in r.url):
        page.get_by_label("Pôle").select_option("solidarites")
    expect(options).to_have_count(6)  # "all" and the pôle's five directions
    assert options.count() < everyone
    assert "DRH — Direction des ressources humaines" not in options.all_inner_texts()
    page.get_by_label("Direction").select_option("DASES")
    expect(page).to_have_url(re.compile(r"\?pole=solidarites&direction=DASES$"))
    expect(page.get_by_label("Direction")).to_have_value("DASES")
    # The list is swapped out of band: a keyboard user keeps their focus on it.
    page.locator("#f-direction").focus()
    with page.expect_response(lambda r: "direction=DFPE" in r.url):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#f-direction")).to_be_focused()
    # Back three times, as a person does: each step waits for htmx to restore that page (a
    # restore still in flight would otherwise land after the next one).
    for _ in range(3):
        with page.expect_response(lambda r: r.request.headers.get("hx-history-restore-request")):
            page.go_back()
    expect(page).to_have_url(re.compile(r"/tableau-de-bord/$"))
    expect(options).to_have_count(everyone)
