"""In Chromium: a bounded text counts as one types, warns beyond its limit without cutting what
was typed, and the server's refusal draws the whole text back with its French message."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import add_item, make_bodies, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def test_the_counter_warns_beyond_the_limit_and_the_refused_decision_is_kept(cast, login, page):
    cds = make_bodies()["cds"]
    cds.preparers.add(cast["cm.demo"])
    past = make_meeting(cds, days=-1)
    item = add_item(past, "Budget primitif")
    login("cm.demo")
    page.goto(f"/reunions/{past.pk}/#releve")
    field = page.get_by_label("1. Budget primitif")
    note = page.locator(f"#decision-{item.pk}-decision_limit")
    assert note.inner_text() == "4\u202f000 caractères au plus"
    field.fill("Adopté.")
    assert note.inner_text() == "7 / 4\u202f000 caractères"
    typed = "Le comité adopte le budget. " * 149 + "Fin du relevé de décisions.."
    assert len(typed) == 4200
    field.fill(typed)
    assert note.inner_text() == "200 caractères de trop (4\u202f000 au plus)"
    assert field.input_value() == typed  # the browser cut nothing
    page.locator(f"#releve-{item.pk}").get_by_role("button", name="Enregistrer").click()
    error = page.locator(f"#releve-{item.pk} .field__error")
    error.wait_for()
    assert "4\u202f000 caractères au plus : vous en avez saisi 4\u202f200" in error.inner_text()
    field = page.get_by_label("1. Budget primitif")
    assert field.input_value() == typed
    assert field.get_attribute("aria-invalid") == "true"
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target).join(', '))"
    )
    assert violations == []
