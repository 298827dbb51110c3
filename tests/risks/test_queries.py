"""The list and the map run a bounded number of queries whatever the number of risks."""

from __future__ import annotations

import pytest

from risks.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(make_risk, cast):
    risks = [make_risk(title=f"Risque {n}") for n in range(30)]
    for risk in risks[:10]:
        Measure.objects.create(
            risk=risk,
            title="m",
            owner=cast["dir.dases"],
            due_date=risk.next_review_on,
            created_by=cast["dir.dases"],
        )
    return risks


def test_the_list_does_not_grow_with_the_risks(
    client, sg_user, many, django_assert_max_num_queries
):
    client.force_login(sg_user)
    with django_assert_max_num_queries(14):
        response = client.get("/risques/?sort=review")
    assert response.text.count('href="/risques/') >= 30


def test_the_map_does_not_grow_with_the_risks(client, sg_user, many, django_assert_max_num_queries):
    client.force_login(sg_user)
    with django_assert_max_num_queries(14):
        assert client.get("/risques/carte/").status_code == 200
