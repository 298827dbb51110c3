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


def test_the_net_map_draws_an_arrow_for_a_risk_that_moved_and_none_for_one_that_did_not(
    client, sg_user, make_risk, django_assert_max_num_queries
):
    moved = make_risk(title="Risque déplacé")
    still = make_risk(title="Risque immobile")
    # The last review moved the first risk from (1, 2) to its current net cell; the second was
    # reviewed « sans changement ».
    type(moved).objects.filter(pk=moved.pk).update(
        previous_net_probability=1, previous_net_impact=2, previous_net_level="faible"
    )
    type(still).objects.filter(pk=still.pk).update(
        previous_net_probability=still.net_probability,
        previous_net_impact=still.net_impact,
        previous_net_level=still.net_level,
    )
    client.force_login(sg_user)
    with django_assert_max_num_queries(14):
        page = client.get("/risques/carte/").text
    target = f"{moved.net_probability}-{moved.net_impact}"
    assert page.count('class="heatmap__moves" aria-hidden="true"') == 1
    assert page.count("data-move=") == 1
    assert f'data-move="1-2:{target}"' in page
    assert "1 déplacement de case" in page


def test_the_net_map_draws_no_arrow_when_nothing_moved(client, sg_user, make_risk):
    make_risk(title="Risque jamais revu")
    client.force_login(sg_user)
    page = client.get("/risques/carte/").text
    assert "data-move=" not in page
