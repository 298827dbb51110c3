"""The orientations in the search (nothing a reader may not open) and in the notifications
(the request and the decision, once each, to the élu·e and their cabinet)."""

from __future__ import annotations

import datetime as dt

import pytest

from orientations import services
from sg_portal.notifications.models import Notification
from sg_portal.search.index import flush_pending
from sg_portal.search.query import search
from tests.orientations.conftest import TODAY

pytestmark = pytest.mark.django_db


def _titles(results):
    return [hit.title for group in results.groups for hit in group.hits]


def test_an_orientation_is_found_only_by_those_who_see_it(cast, outsider, make_orientation):
    make_orientation("consultation", title="Cantines durables consultées")
    make_orientation("preparation", title="Cantines durables en préparation")
    flush_pending()
    for name, expected in {
        "sg.demo": {"Cantines durables consultées", "Cantines durables en préparation"},
        "cab.maire": {"Cantines durables consultées", "Cantines durables en préparation"},
        "elu.adjoint": {"Cantines durables consultées"},
        "cab.adjoint": {"Cantines durables consultées"},
        "dir.dases": {"Cantines durables consultées"},
        "dir.drh": set(),
        "cadre.demo": set(),
    }.items():
        found = {t for t in _titles(search(cast[name], "cantines")) if "Cantines" in t}
        assert found == expected, name
    assert not [t for t in _titles(search(outsider, "cantines")) if "Cantines" in t]


def test_a_scenario_makes_its_orientation_findable(cast, make_orientation):
    make_orientation("preparation")
    flush_pending()
    assert "Cantines durables" in _titles(search(cast["sg.demo"], "centrale"))


def test_the_request_and_the_decision_notify_the_elu_and_the_cabinet_once(cast, make_orientation):
    orientation = make_orientation("consultation")
    requested = Notification.objects.filter(kind="orientations.opinion_requested")
    assert {n.recipient.username for n in requested} == {
        "elu.adjoint",
        "cab.adjoint",
        "elu.arrondissement",
    }
    for day in (10, 10):
        services.opinion_reminders_queue(today=TODAY + dt.timedelta(days=day))
    assert Notification.objects.filter(kind="orientations.opinion_due").count() == 3
    services.consultations_close_due(today=TODAY + dt.timedelta(days=16))
    services.consultations_close_due(today=TODAY + dt.timedelta(days=16))
    to_arbitrate = Notification.objects.filter(kind="orientations.awaiting_arbitration")
    assert {n.recipient.username for n in to_arbitrate} == {"sg.demo", "cab.maire"}
    orientation.refresh_from_db()
    services.arbitration_record(
        actor=cast["cab.maire"],
        orientation=orientation,
        outcome="retenu",
        scenario=orientation.recommended,
        conditions="",
        decided_on=TODAY,
        supersedes_id=None,
    )
    decided = Notification.objects.filter(kind="orientations.arbitrated")
    assert {n.recipient.username for n in decided} == {
        "elu.adjoint",
        "cab.adjoint",
        "elu.arrondissement",
    }
