"""The meetings pages on a phone (420 px): nothing sticks out of the screen."""

import pytest

from meetings.models import Action

from .conftest import add_item, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_past_meeting_with_its_actions_fits_a_phone_screen(cast, bodies, login, page):
    meeting = make_meeting(bodies["cds"], days=-3)
    item = add_item(meeting, "Exécution budgétaire au 30 septembre")
    Action.objects.create(
        meeting=meeting,
        item=item,
        title="Notifier le gel des crédits aux directions",
        owner=cast["dir.dases"],
        due_date=meeting.starts_at.date(),
    )
    page.set_viewport_size({"width": 420, "height": 900})
    login("cm.demo")
    page.goto(f"/reunions/{meeting.pk}/")
    page.get_by_role("heading", name="Actions décidées").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
