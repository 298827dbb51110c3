"""Risks in the search (only to those who see them), the notifications (« risque à revoir »,
once) and the home page's dated items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from directions.models import Direction
from risks import reminders
from risks.horizons import dated_items
from sg_portal.horizons import Scope, resolved
from sg_portal.notifications.models import Notification
from sg_portal.search.index import flush_pending
from sg_portal.search.query import search

pytestmark = pytest.mark.django_db


def _titles(results):
    return [hit.title for group in results.groups for hit in group.hits]


@pytest.fixture
def two_risks(make_risk, cast):
    dases = make_risk(title="Subventions détournées", description="Association fictive.")
    drh = make_risk(
        title="Subventions du comité social",
        description="Association fictive du personnel.",
        direction=Direction.objects.get(code="DRH"),
        owner=cast["dir.drh"],
    )
    flush_pending()
    return dases, drh


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("sg.demo", {"Subventions détournées", "Subventions du comité social"}),
        ("dir.dases", {"Subventions détournées"}),
        ("dir.drh", {"Subventions du comité social"}),
        ("cadre.demo", set()),
    ],
)
def test_a_risk_is_found_only_by_those_who_see_it(two_risks, cast, username, expected):
    found = search(cast[username], "association fictive")
    assert {t for t in _titles(found) if t.startswith("Subventions")} == expected


def test_a_risk_to_review_is_notified_to_its_owner_once(make_risk, dir_dases):
    risk = make_risk(category="rh", net_probability=2, net_impact=3)
    day = risk.next_review_on - dt.timedelta(days=3)
    reminders.reviews_remind(today=day)
    reminders.reviews_remind(today=day)
    notes = Notification.objects.filter(kind="risks.review_due")
    assert notes.count() == 1 and notes.get().recipient == dir_dases


def test_the_home_pages_dated_items_are_my_reviews_and_measures(make_risk, dir_dases, sg_user):
    risk = make_risk(title="Bientôt")
    from risks.models import Risk

    Risk.objects.filter(pk=risk.pk).update(next_review_on=timezone.localdate())
    mine = resolved(dated_items(dir_dases, timezone.localdate(), Scope.ME))
    assert [(i.title, i.what) for i in mine] == [("Bientôt", "Risque à revoir")]
    assert resolved(dated_items(sg_user, timezone.localdate(), Scope.ME)) == []
    assert [i.title for i in resolved(dated_items(sg_user, timezone.localdate(), Scope.SG))] == [
        "Bientôt"
    ]
