"""Query counts of the dashboards: fixed, whatever the number of directions, indicators, periods."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The bound is 15 queries a page: the session, the user, their direction and the session's save take 6.
LIMIT = 12

PAGES = [
    ("indicators:dashboard", ""),
    ("indicators:dashboard", "?famille=ressources&pole=solidarites"),
    ("indicators:completeness", ""),
    ("indicators:completeness", "?etendue=annee"),
    ("indicators:dashboard", "?format=csv"),
    ("indicators:completeness", "?format=xlsx"),
]


@pytest.fixture
def demo_reports(demo_org):
    """The demo catalogue: 25 directions, 40 indicators, two years of reports and values."""
    from indicators import demo

    demo.seed()


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name,query", PAGES)
@pytest.mark.parametrize("username", ["sg.demo", "dir.dases"])
def test_each_dashboard_needs_few_queries_with_two_years_of_demo_reports(
    client, demo_org, demo_reports, django_assert_max_num_queries, name, query, username
):
    client.force_login(demo_org[username])
    _count(client, reverse(name) + query, django_assert_max_num_queries, LIMIT)


@pytest.mark.parametrize("code", ["beneficiaires-rsa", "delai-aides-sociales", "chomage-idf"])
def test_an_indicator_page_needs_few_queries_with_two_years_of_values(
    client, sg_user, demo_reports, django_assert_max_num_queries, code
):
    client.force_login(sg_user)
    _count(
        client, reverse("indicators:indicator", args=[code]), django_assert_max_num_queries, LIMIT
    )


def test_the_query_count_does_not_grow_with_the_data(
    client, sg_user, report, django_assert_max_num_queries
):
    """Same count with one direction's two reports and with two years of 40 indicators by 25
    directions."""
    client.force_login(sg_user)
    urls = [reverse("indicators:dashboard"), reverse("indicators:completeness")]
    client.get(urls[0])  # warm the per-process caches (the map, the session)
    before = [_count(client, url, django_assert_max_num_queries, LIMIT) for url in urls]
    from directions import demo as organisation
    from indicators import demo

    organisation.seed()
    demo.seed()
    after = [_count(client, url, django_assert_max_num_queries, LIMIT) for url in urls]
    assert before == after
