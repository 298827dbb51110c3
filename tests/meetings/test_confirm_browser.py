"""Publishing emails every member: saying "Annuler" to the confirmation must publish nothing."""

import pytest

from meetings.models import Meeting

from .conftest import add_item, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_declining_the_confirmation_does_not_publish_the_agenda(cast, bodies, login, page):
    meeting = make_meeting(bodies["cds"], days=6)
    add_item(meeting, "Tour de table des directions")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    login("cm.demo")
    page.goto(f"/reunions/{meeting.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Publier l'ordre du jour").click()
    page.wait_for_timeout(700)
    assert not [url for url in posts if "/publier/" in url]
    meeting.refresh_from_db()
    assert meeting.agenda_status == Meeting.AgendaStatus.DRAFT

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publier l'ordre du jour").click()
    page.get_by_text("L'ordre du jour est publié").wait_for()
    meeting.refresh_from_db()
    assert meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED
