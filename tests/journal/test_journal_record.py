"""The journal's one service: one entry per act, inside the act's transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from directions.models import Direction
from sg_portal.journal.models import COMMENT_MAX_LENGTH, Entry
from sg_portal.journal.services import journal_record

pytestmark = pytest.mark.django_db


def test_an_act_is_recorded_with_its_actor_object_parent_and_plain_values(dir_dases, dases):
    pole = dases.pole
    entry = journal_record(
        actor=dir_dases,
        action="directions.direction.update",
        obj=dases,
        parent=pole,
        before={"due": dt.date(2026, 12, 3), "amount": Decimal("12.50")},
        after={"due": None, "who": dir_dases, "codes": {"b", "a"}},
        comment="  Après arbitrage  ",
    )
    entry.refresh_from_db()
    assert (entry.actor, entry.obj, entry.parent) == (dir_dases, dases, pole)
    assert entry.before == {"due": "2026-12-03", "amount": "12.50"}
    assert entry.after == {"due": None, "who": dir_dases.pk, "codes": ["a", "b"]}
    assert entry.comment == "Après arbitrage"


def test_the_portal_itself_acts_without_an_actor(dases):
    entry = journal_record(actor=None, action="directions.direction.sync", obj=dases)
    assert entry.actor is None and entry.parent is None


@pytest.mark.parametrize("action", ["publish", "meetings.publish", "Meetings.agenda.publish", ""])
def test_an_action_that_is_not_namespaced_is_refused(dases, action):
    with pytest.raises(ValueError, match="app.objet.verbe"):
        journal_record(actor=None, action=action, obj=dases)
    assert not Entry.objects.exists()


def test_a_comment_longer_than_its_limit_is_cut_with_an_ellipsis(dases):
    entry = journal_record(
        actor=None, action="directions.direction.note", obj=dases, comment="x" * 5000
    )
    assert len(entry.comment) == COMMENT_MAX_LENGTH and entry.comment.endswith("…")


def test_an_entry_is_rolled_back_with_the_act_that_failed(dases):
    with pytest.raises(RuntimeError), transaction.atomic():
        journal_record(actor=None, action="directions.direction.rename", obj=dases)
        raise RuntimeError("the act fails after its entry")
    assert not Entry.objects.exists()


@pytest.fixture
def dases(cast) -> Direction:
    return Direction.objects.select_related("pole").get(code="DASES")
