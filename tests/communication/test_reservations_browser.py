"""In Chromium: the session page shows the seats reserved per pôle, and the form refuses more
reserved seats than the room holds next to the field; both at 0 axe violations, 1366 and 420 px."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from communication import services

from .conftest import make_session
from .test_reservations import _person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _axe(page) -> list:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations.map(
        (v) => [v.id, v.nodes.map((n) => n.target.join(" "))])"""
    )


def test_reserved_seats_on_the_page_and_on_the_form(cast, sg_user, login, page):
    from tests import factories

    social = factories.make_pole("p-social", name="Pôle social")
    ressources = factories.make_pole("p-ressources", name="Pôle ressources")
    session = make_session(sg_user, "L'IA dans les services", capacity=20)
    services.session_update(
        actor=sg_user,
        session=session,
        data={name: getattr(session, name) for name in services.SESSION_FIELDS},
        reservations={social.pk: 5, ressources.pk: 3},
    )
    services.session_register(session_id=session.pk, user=_person("soc.a", social))
    services.session_register(session_id=session.pk, user=_person("soc.b", social))

    login(sg_user.username)
    for width in (1366, 420):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/auditorium/{session.pk}/")
        page.get_by_role("table", name="Places réservées par pôle").wait_for()
        assert _axe(page) == [], json.dumps(_axe(page))
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/session-{width}.png", full_page=True)
        page.goto(f"/auditorium/{session.pk}/modifier/")
        page.get_by_label("Places réservées — Pôle social").fill("19")
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_text("22 places réservées pour 20 places").wait_for()
        assert page.get_by_label("Places réservées — Pôle social").input_value() == "19"
        assert _axe(page) == [], json.dumps(_axe(page))
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/form-{width}.png", full_page=True)


def test_someone_outside_the_poles_sees_only_the_waiting_list(cast, sg_user, login, page):
    from tests import factories

    social = factories.make_pole("p-social", name="Pôle social")
    other = factories.make_pole("p-autre", name="Pôle autre")
    session = make_session(sg_user, "L'IA dans les services", capacity=2)
    services.session_update(
        actor=sg_user,
        session=session,
        data={name: getattr(session, name) for name in services.SESSION_FIELDS},
        reservations={social.pk: 1},
    )
    services.session_register(session_id=session.pk, user=_person("res.x", other))
    _person("res.y", other)
    login("res.y")
    for width in (1366, 420):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/auditorium/{session.pk}/")
        page.get_by_text("réservées à d'autres pôles").wait_for()
        assert _axe(page) == []
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/outsider-{width}.png", full_page=True)
    page.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    page.get_by_text("sur la liste d'attente. Si une place se libère").wait_for()
