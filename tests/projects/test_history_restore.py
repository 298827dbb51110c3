"""The browser's Back button restores the whole portfolio page, not the htmx fragment it last swapped."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_back_button_restores_the_whole_portfolio_page_not_its_fragment(
    client, make_project, charge_mission
):
    make_project(name="Paris Plages 2027")
    client.force_login(charge_mission)
    fragment = client.get(
        reverse("projects:list"), {"kind": "engagement"}, headers={"HX-Request": "true"}
    )
    assert "<nav" not in fragment.content.decode()
    restored = client.get(
        reverse("projects:list"),
        {"kind": "engagement"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    page = restored.content.decode()
    assert "<nav" in page and "<h1" in page and "Paris Plages 2027" in page
