"""In Chromium: a cadre registers for a full session and is put on the waiting list; when a seat
frees, they see it offered on the page, confirm it, and hold the seat."""

from __future__ import annotations

import pytest

from communication import services
from communication.models import Registration

from .conftest import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_registering_for_a_full_session_then_being_promoted(
    cast, sg_user, dir_dases, cadre, login, page
):
    session = make_session(sg_user, "L'IA dans les services", capacity=1)
    services.session_register(session_id=session.pk, user=dir_dases)
    page.on("dialog", lambda dialog: dialog.accept())

    login("cadre.demo")
    page.goto("/auditorium/")
    page.get_by_role("link", name="L'IA dans les services").click()
    page.get_by_text("0 place libre sur 1").wait_for()
    page.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    page.get_by_text("vous êtes sur la liste d'attente").first.wait_for()
    page.get_by_text("sur la liste d'attente. Si une place se libère").wait_for()
    assert Registration.objects.get(user=cadre).status == "attente"

    # the director withdraws: the seat is offered to the first person waiting
    services.registration_cancel(
        registration=Registration.objects.get(user=dir_dases), actor=dir_dases
    )
    page.reload()
    page.get_by_text("Une place s'est libérée pour vous").wait_for()
    page.get_by_role("button", name="Je confirme ma place").click()
    page.get_by_text("Votre place est confirmée").wait_for()
    assert Registration.objects.get(user=cadre).status == "inscrit"
    assert page.get_by_role("button", name="Annuler mon inscription").is_visible()
