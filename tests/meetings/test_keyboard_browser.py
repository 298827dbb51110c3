"""Reordering the agenda with the keyboard only: the focus stays on the moved item."""

import pytest
from playwright.sync_api import expect

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
