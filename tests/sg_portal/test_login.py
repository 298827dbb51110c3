import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

PARIS = ZoneInfo("Europe/Paris")

pytestmark = pytest.mark.django_db


def test_director_logs_in_and_lands_on_home_page(client, dir_dases):
    response = client.post(
        reverse("login"), {"username": "dir.dases", "password": "paris2026"}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"] == dir_dases
    assert "Direction de l&#x27;action sociale" in response.text


def test_wrong_password_says_so_in_french_and_keeps_the_username(client, dir_dases):
    response = client.post(reverse("login"), {"username": "dir.dases", "password": "mauvais"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.text
    assert 'value="dir.dases"' in response.text
    assert not response.context["user"].is_authenticated


def test_logout_is_a_post_and_ends_the_session(client, dir_dases):
    client.force_login(dir_dases)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_five_failures_lock_the_username_from_that_address(client, dir_dases, dir_drh):
    for _ in range(5):
        client.post(reverse("login"), {"username": "dir.dases", "password": "faux"})
    locked = client.post(reverse("login"), {"username": "dir.dases", "password": "paris2026"})
    assert locked.status_code == 429
    assert "temporairement bloquée" in locked.text
    # Another username from the same address is not locked out.
    other = client.post(reverse("login"), {"username": "dir.drh", "password": "paris2026"})
    assert other.status_code == 302


def test_every_demo_account_can_log_in(client, demo_org):
    for username in [
        "sg.demo",
        "adjoint.demo",
        "dir.dases",
        "dir.drh",
        "cm.demo",
        "cp.demo",
        "cadre.demo",
        "admin.demo",
    ]:
        response = client.post(reverse("login"), {"username": username, "password": "paris2026"})
        assert response.status_code == 302, username
        client.post(reverse("logout"))


def test_the_session_ends_after_two_hours_without_a_request_however_long_it_lasted(
    client, dir_dases
):
    home = reverse("home")
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=PARIS), tick=False) as clock:
        client.force_login(dir_dases)
        for _ in range(3):  # a morning of work, a request every 1 h 50: never logged out
            clock.shift(dt.timedelta(hours=1, minutes=50))
            assert client.get(home).status_code == 200
        clock.shift(dt.timedelta(hours=2, minutes=1))  # then a long lunch
        response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
