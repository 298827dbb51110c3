"""The portal's own error pages, drawn without the database."""

from __future__ import annotations

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_home(monkeypatch):
    from sg_portal import views

    def fail_with(error: Exception) -> None:
        def raise_it(*args, **kwargs):
            raise error

        monkeypatch.setattr(views, "home_page", raise_it)

    return fail_with


def test_a_bug_answers_the_portals_french_500_page(client, dir_dases, failing_home):
    client.force_login(dir_dases)
    client.raise_request_exception = False
    failing_home(RuntimeError("bogue"))
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Le portail a rencontré une erreur" in page
    assert "Server Error" not in page
    assert response["Cache-Control"] == "no-store"


def test_an_unreachable_database_answers_the_portals_french_503_page(
    client, dir_dases, failing_home
):
    client.force_login(dir_dases)
    client.raise_request_exception = False
    failing_home(OperationalError("connexion refusée"))
    response = client.get("/")
    assert response.status_code == 503
    assert "Le portail est momentanément indisponible" in response.content.decode()
    assert response["Retry-After"] == "30"


def test_the_error_pages_need_neither_the_database_nor_the_user(rf, django_assert_num_queries):
    from sg_portal.views import server_error

    request = rf.get("/")
    with django_assert_num_queries(0):
        try:
            raise OperationalError("connexion refusée")
        except OperationalError:
            unavailable = server_error(request)
        bug = server_error(request)
    assert unavailable.status_code == 503 and bug.status_code == 500
