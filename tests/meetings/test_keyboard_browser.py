"""Reordering the agenda with the keyboard only: the focus stays on the moved item."""

import pytest
from playwright.sync_api import expect

from meetings.models import AgendaItem

from .conftest import add_item, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_moving_an_item_down_by_keyboard_the_focus_stays_on_that_item(
    cast, bodies, login, page
):
    meeting = make_meeting(bodies["cds"], days=6)
    first = add_item(meeting, "Tour de table des directions")
    add_item(meeting, "Plan grand froid")
    add_item(meeting, "Budget supplémentaire")
    login("cm.demo")
    page.goto(f"/reunions/{meeting.pk}/")
    page.get_by_role("button", name="Descendre « Tour de table des directions »").focus()
    page.keyboard.press("Enter")
    page.locator("ol.agenda li").nth(1).filter(has_text="Tour de table").wait_for()
    expect(
        page.get_by_role("button", name="Descendre « Tour de table des directions »")
    ).to_be_focused()
    # a second Enter moves it again: now the last, its "Descendre" is disabled, focus on "Monter"
    page.keyboard.press("Enter")
    page.locator("ol.agenda li").nth(2).filter(has_text="Tour de table").wait_for()
    expect(
        page.get_by_role("button", name="Monter « Tour de table des directions »")
    ).to_be_focused()
    assert page.evaluate("document.activeElement.closest('li').dataset.id") == str(first.pk)


def test_after_adding_a_suggestion_by_keyboard_the_focus_goes_to_the_next_suggestion(
    cast, bodies, login, page
):
    past = make_meeting(bodies["cds"], days=-14)
    for title in ("Plan grand froid", "Budget supplémentaire", "Tour de table des directions"):
        add_item(past, title, status=AgendaItem.Status.DEFERRED)
    meeting = make_meeting(bodies["cds"], days=6)
    login("cm.demo")
    page.goto(f"/reunions/{meeting.pk}/")
    suggestions = page.locator("#suggestions .suggestion")
    first_title = suggestions.first.locator(".agenda-item__title").inner_text()
    second_title = suggestions.nth(1).locator(".agenda-item__title").inner_text()
    page.get_by_role("button", name=f"Ajouter « {first_title} » à l'ordre du jour").focus()
    page.keyboard.press("Enter")
    page.locator("ol.agenda li").filter(has_text=first_title).wait_for()
    expect(
        page.get_by_role("button", name=f"Ajouter « {second_title} » à l'ordre du jour")
    ).to_be_focused()
    # Enter again adds that one too, without hunting for the next button
    page.keyboard.press("Enter")
    page.locator("ol.agenda li").filter(has_text=second_title).wait_for()
    assert page.locator("ol.agenda li").count() == 2
