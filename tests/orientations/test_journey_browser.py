"""The whole journey in Chromium: the SG prepares an orientation with two scenarios and a
préconisation, consults two élu·e·s, who answer (one through her cabinet); at the deadline the
Maire's cabinet records a decision contrary to the préconisation; the SG launches a project.
Every page visited passes axe-core (WCAG 2.1 A and AA) with no violation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from orientations import services
from orientations.models import Orientation
from projects.models import Project
from sg_portal.journal.models import Entry
from sg_portal.outbox.models import Email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TITLE = "Bibliothèques ouvertes le dimanche"


def _accessible(page) -> None:
    # evaluated through the browser's protocol, which the portal's CSP does not govern
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]
    assert not violations, f"{page.url}: {json.dumps(violations, ensure_ascii=False)}"


def _as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(username)


def _scenario(page, title: str, operating: str) -> None:
    page.get_by_role("link", name="Ajouter un scénario").click()
    page.get_by_label("Intitulé").fill(title)
    page.get_by_label("Description").fill(f"{title} : description.")
    page.get_by_label("Coût de fonctionnement (€ par an)").fill(operating)
    page.get_by_label("Coût d'investissement (€)").fill("0")
    page.get_by_label("Calendrier").fill("Rentrée 2027")
    page.get_by_label("Véhicule juridique").select_option("arrete")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text(f"— {title}").first.wait_for()


def test_from_the_orientation_to_the_launched_project(cast, login, page):
    page.set_default_timeout(40_000)  # six sign-ins on a busy machine
    adjointe = cast["elu.adjoint"].elected_official
    _as(page, login, "sg.demo")
    page.goto("/arbitrages/")
    _accessible(page)
    page.get_by_role("link", name="Nouvelle orientation").click()
    page.get_by_label("Intitulé").fill(TITLE)
    page.get_by_label("Exposé de l'orientation").fill("Ouvrir le dimanche les bibliothèques.")
    page.get_by_label("Origine").select_option("programme")
    page.get_by_label("Adjoint·e·s qui la portent").select_option(str(adjointe.pk))
    page.get_by_label("12e arr.", exact=True).check()
    page.get_by_label("DASES", exact=True).check()
    page.get_by_label("Arbitrage attendu le").fill("2027-02-15")
    _accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    orientation = Orientation.objects.get(title=TITLE)

    # bad input: a cost in words is refused next to the field, the rest is kept
    page.get_by_role("link", name="Ajouter un scénario").click()
    page.get_by_label("Intitulé").fill("Tout le réseau")
    page.get_by_label("Coût de fonctionnement (€ par an)").fill("beaucoup")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Saisissez un montant en euros").wait_for()
    assert page.get_by_label("Intitulé").input_value() == "Tout le réseau"
    _accessible(page)
    page.goto(orientation.get_absolute_url())
    _scenario(page, "Tout le réseau", "3 200 000")
    _scenario(page, "Dix bibliothèques pilotes", "800 000")

    page.get_by_role("link", name="Comparer côte à côte").click()
    assert page.locator("table.compare thead th").count() == 2
    shown = page.locator("table.compare").inner_text()
    assert "3 200 000 €" in shown.replace("\u202f", " ").replace("\xa0", " ")
    _accessible(page)

    page.goto(orientation.get_absolute_url())
    page.get_by_role("link", name="Préconiser").click()
    page.get_by_label("Scénario préconisé").select_option(label="B — Dix bibliothèques pilotes")
    page.get_by_label("Motifs de la préconisation").fill("Évaluer avant de généraliser.")
    _accessible(page)
    page.get_by_role("button", name="Préconiser ce scénario").click()
    page.get_by_text("Préconisation du SG : scénario B").wait_for()

    page.get_by_role("link", name="Ouvrir la consultation").click()
    # proposed by the portal: the adjointe who carries it and the maire of the 12th
    checked = page.locator("input[name=officials]:checked")
    assert checked.count() == 2
    _accessible(page)
    page.get_by_role("button", name="Ouvrir la consultation et envoyer les demandes").click()
    page.get_by_role("heading", name="Consultation des élu·e·s").wait_for()
    assert Email.objects.filter(purpose="orientations.opinion_request").count() == 2

    # the adjointe's cabinet answers for her, from the home page
    _as(page, login, "cab.adjoint")
    page.goto("/")
    page.get_by_text("Votre avis est attendu avant le").first.wait_for()
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_label("Favorable avec réserves").check()
    page.get_by_role("button", name="Enregistrer l'avis").click()
    page.get_by_text("le texte est requis sauf s'il est favorable").first.wait_for()
    page.get_by_label("Texte de l'avis").fill("Sous réserve des effectifs du dimanche.")
    _accessible(page)
    page.get_by_role("button", name="Enregistrer l'avis").click()
    page.get_by_text("Votre avis est enregistré.").wait_for()
    _accessible(page)

    # the maire of the 12th does not read the adjointe's opinion before the deadline
    _as(page, login, "elu.arrondissement")
    page.goto(orientation.get_absolute_url())
    assert "effectifs du dimanche" not in page.content()
    page.get_by_role("link", name="Donner l'avis").click()
    page.get_by_label("Défavorable").check()
    page.get_by_label("Texte de l'avis").fill("Le 12e préfère les soirées.")
    page.get_by_role("button", name="Enregistrer l'avis").click()
    page.get_by_text("Votre avis est enregistré.").wait_for()

    # the deadline passes
    orientation.refresh_from_db()
    deadline = orientation.consultation_deadline
    services.consultations_close_due(today=deadline + dt.timedelta(days=1))

    _as(page, login, "cab.maire")
    page.goto(orientation.get_absolute_url())
    page.get_by_role("link", name="Note à la Maire").click()
    assert "effectifs du dimanche" in page.content()
    _accessible(page)
    page.go_back()
    page.get_by_role("link", name="Enregistrer l'arbitrage").click()
    page.get_by_label("Un scénario est retenu").check()
    page.get_by_label("Scénario retenu").select_option(label="A — Tout le réseau")
    _accessible(page)
    page.get_by_role("button", name="Enregistrer l'arbitrage").click()
    page.locator(".badge", has_text="contraire à la préconisation").first.wait_for()
    _accessible(page)

    _as(page, login, "sg.demo")
    page.goto(orientation.get_absolute_url())
    page.get_by_role("link", name="Lancer un projet").click()
    page.get_by_label("Nom du projet").fill("Bibliothèques du dimanche")
    page.get_by_label("Type").select_option(index=0)
    page.get_by_label("Direction pilote").select_option(
        label="DASES — " + cast["dir.dases"].direction.name
    )
    page.get_by_label("Début").fill("2026-12-01")
    page.get_by_label("Fin prévue").fill("2028-06-30")
    page.get_by_role("button", name="Lancer").click()
    page.get_by_role("link", name="Bibliothèques du dimanche", exact=True).click()
    page.get_by_role("heading", name="Bibliothèques du dimanche").wait_for()

    project = Project.objects.get(name="Bibliothèques du dimanche")
    assert list(orientation.launched_projects.values_list("project", flat=True)) == [project.pk]
    actions = set(Entry.objects.values_list("action", flat=True))
    assert {
        "orientations.consultation.open",
        "orientations.opinion.give",
        "orientations.consultation.close",
        "orientations.arbitration.record",
        "orientations.launch.project",
    } <= actions
