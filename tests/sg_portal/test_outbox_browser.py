"""An administrator finds a failed email on `/envois/`, filters the list and sends it again."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from directions.models import User
from sg_portal.outbox.models import Email, EmailState
from tests.sg_portal.outbox_helpers import queue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_filters_the_failed_emails_and_sends_one_again(page, live_server):
    User.objects.create_user("admin.envois", password="x", role=User.Role.ADMINISTRATEUR)
    for i, (subject, to) in enumerate(
        [
            ("Rappel : rapport DASES — 1re quinzaine de novembre 2026 attendu le 20 novembre", "dir.dases@paris.fr"),
            ("Relance : rapport DRH — 1re quinzaine de novembre 2026 en retard", "dir.drh@paris.fr"),
            ("Ordre du jour : Comité de direction du 3 décembre 2026", "sg.demo@paris.fr"),
        ]
    ):  # fmt: skip
        email = queue(key=f"tests.browser:{i}", subject=subject, to=[to])
        Email.objects.filter(pk=email.pk).update(
            state=EmailState.SENT, attempts=1, sent_at=timezone.now()
        )
    failed = queue(
        key="tests.browser:failed",
        purpose="tests.other",
        subject="Point d'étape du projet « Rénovation des écoles »",
        to=["chef.projet@paris"],
    )
    Email.objects.filter(pk=failed.pk).update(
        state=EmailState.FAILED,
        attempts=1,
        failed_at=timezone.now(),
        last_error="Adresse invalide : « chef.projet@paris ».",
    )

    page.goto("/connexion/")
    page.get_by_label("Identifiant").fill("admin.envois")
    page.get_by_label("Mot de passe").fill("x")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Envois").click()
    page.get_by_role("heading", name="Envois").wait_for()
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/envois.png", full_page=True)

    page.wait_for_load_state("networkidle")  # htmx has bound the filters (slow under load)
    page.get_by_label("État").select_option("failed")
    page.wait_for_url("**/envois/?**etat=failed**")
    page.get_by_text("1 envoi correspondant aux filtres").wait_for()
    assert "Ordre du jour" not in page.inner_text("#results")

    page.get_by_role("button", name="Renvoyer").click()
    page.get_by_text("Envoi remis en file").wait_for()
    assert Email.objects.get(pk=failed.pk).state in {EmailState.QUEUED, EmailState.FAILED}
