"""The orientations on the home page (the person asked, the SG) and on the CDS's agenda."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from orientations import agenda_suggestions, horizons, services
from orientations.models import Verdict
from sg_portal.horizons import Scope, resolved
from tests.orientations.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_person_asked_reads_when_their_opinion_is_due(client, cast, make_orientation):
    orientation = make_orientation("consultation", title="Cantines durables")
    client.force_login(cast["cab.adjoint"])
    page = client.get("/").content.decode()
    assert "Votre avis est attendu avant le" in page and "Cantines durables" in page
    items = resolved(horizons.dated_items(cast["elu.adjoint"], TODAY, Scope.ME))
    assert [(i.what, i.due) for i in items] == [("Avis attendu", orientation.consultation_deadline)]
    client.force_login(cast["dir.drh"])
    assert "Cantines durables" not in client.get("/").content.decode()


def test_the_sg_reads_consultations_closing_and_arbitrations_due(cast, make_orientation):
    closed = make_orientation("consultation", title="À arbitrer")
    closed.requests.update(verdict=Verdict.UNFAVOURABLE)
    services.consultations_close_due(today=TODAY + dt.timedelta(days=16))
    make_orientation("consultation", title="Qui se clôt")
    today = TODAY + dt.timedelta(days=1)
    whats = {
        (i.what, i.title) for i in resolved(horizons.dated_items(cast["sg.demo"], today, Scope.SG))
    }
    assert ("Arbitrage attendu", "À arbitrer") in whats
    assert ("Consultation close", "Qui se clôt") in whats
    assert [b.title for b in horizons.blocks(cast["cab.maire"], today)] == [
        "Orientations : avis et arbitrages",
        "Orientations en attente d'arbitrage",
    ]
    cds = SimpleNamespace(body=SimpleNamespace(kind="cds"))
    found = resolved(agenda_suggestions.suggestions(meeting=cds, directions=None, today=today))
    assert [s.title for s in found] == ["Arbitrage : À arbitrer"]
    assert "avis défavorables" in found[0].reason
    pole = SimpleNamespace(body=SimpleNamespace(kind="pole"))
    assert agenda_suggestions.suggestions(meeting=pole, directions=None, today=today) == []
