"""The meetings' hits follow the meetings' own selectors: a draft agenda is read by its
preparers only, a body's meetings and actions by those who see or sit in it."""

from __future__ import annotations

import pytest

from meetings.models import Action
from sg_portal.search.index import flush_pending
from sg_portal.search.query import search
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(cast):
    return factories.make_bodies()


def _found(user, query):
    return {hit.title for group in search(user, query).groups for hit in group.hits}


def test_a_draft_agenda_item_is_found_by_its_preparer_only(bodies, charge_mission, dir_dases):
    meeting = factories.make_meeting(bodies["cds"], days=5)
    factories.add_item(
        meeting, "Réorganisation confidentielle des piscines", proposed_by=charge_mission
    )
    flush_pending()
    assert "Réorganisation confidentielle des piscines" in _found(charge_mission, "piscines")
    assert "Réorganisation confidentielle des piscines" not in _found(dir_dases, "piscines")


def test_the_actions_of_the_charges_de_mission_are_not_found_by_those_outside(
    bodies, sg_user, cadre, dir_dases
):
    body = bodies["charges-mission"]
    meeting = factories.make_meeting(body, days=-3)
    Action.objects.create(
        meeting=meeting,
        title="Préparer l'arbitrage sur les horodateurs",
        owner=sg_user,
        due_date=meeting.starts_at.date(),
    )
    flush_pending()
    assert "Préparer l'arbitrage sur les horodateurs" in _found(sg_user, "horodateurs")
    assert not _found(cadre, "horodateurs")
    assert not _found(dir_dases, "horodateurs")
