"""A director subscribes Outlook to her private calendar: the address is shown once."""

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_makes_her_feed_address_and_it_is_not_shown_again(cast, login, page):
    login("dir.dases")
    page.goto("/reunions/#abonnement")
    page.get_by_role("button", name="Créer mon adresse d'abonnement").click()
    address = page.get_by_label("Adresse d'abonnement (iCalendar)").input_value()
    assert "/reunions/abonnement/" in address and address.endswith(".ics")
    if os.environ.get("SCREENSHOTS_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS_DIR']}/feed-created.png", full_page=True)

    page.get_by_role("link", name="Retour aux réunions").click()
    section = page.locator("#abonnement")
    section.get_by_text("Votre adresse d'abonnement a été créée le").wait_for()
    assert address not in page.content()
    if os.environ.get("SCREENSHOTS_DIR"):
        section.screenshot(path=f"{os.environ['SCREENSHOTS_DIR']}/feed-section.png")

    page.once("dialog", lambda dialog: dialog.accept())
    section.get_by_role("button", name="Générer une nouvelle adresse").click()
    renewed = page.get_by_label("Adresse d'abonnement (iCalendar)").input_value()
    assert renewed != address
