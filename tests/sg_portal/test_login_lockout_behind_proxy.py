"""The login lockout behind the production reverse proxy: it locks the address the trusted proxy
forwards, so nobody can lock someone else's account, and a forged header changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from sg_portal.envconf import env_networks

pytestmark = pytest.mark.django_db

PROXY = "10.20.0.5"
ATTACKER = "203.0.113.66"
DIRECTOR = "198.51.100.7"


def _login(client, password: str, *, remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "dir.dases", "password": password}, **extra)


def test_failures_from_one_person_behind_the_proxy_do_not_lock_out_another(
    client, dir_dases, settings
):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(5):
        _login(client, "faux", remote=PROXY, forwarded=ATTACKER)
    assert _login(client, "paris2026", remote=PROXY, forwarded=ATTACKER).status_code == 429
    assert _login(client, "paris2026", remote=PROXY, forwarded=DIRECTOR).status_code == 302


def test_the_proxy_appends_the_address_it_saw_after_whatever_the_client_sent(
    client, dir_dases, settings
):
    settings.TRUSTED_PROXIES = ["10.20.0.0/16"]
    for _ in range(5):
        _login(client, "faux", remote=PROXY, forwarded=f"{DIRECTOR}, {ATTACKER}")
    # The forged first entry named the director: the attacker is locked out, she is not.
    assert _login(client, "paris2026", remote=PROXY, forwarded=ATTACKER).status_code == 429
    assert _login(client, "paris2026", remote=PROXY, forwarded=DIRECTOR).status_code == 302


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(client, dir_dases, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for attempt in range(5):
        _login(client, "faux", remote=ATTACKER, forwarded=f"192.0.2.{attempt}")
    assert _login(client, "paris2026", remote=ATTACKER, forwarded="192.0.2.99").status_code == 429
    assert _login(client, "paris2026", remote=PROXY, forwarded=DIRECTOR).status_code == 302


def test_without_trusted_proxies_the_forwarded_header_counts_for_nothing(
    client, dir_dases, settings
):
    settings.TRUSTED_PROXIES = []
    for attempt in range(5):
        _login(client, "faux", remote=ATTACKER, forwarded=f"192.0.2.{attempt}")
    assert _login(client, "paris2026", remote=ATTACKER, forwarded=DIRECTOR).status_code == 429


def test_trusted_proxies_must_be_addresses_or_networks(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.20.0.5, proxy.paris.fr")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        env_networks("TRUSTED_PROXIES")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.20.0.5, 10.30.0.0/16, ::1")
    assert env_networks("TRUSTED_PROXIES") == ["10.20.0.5/32", "10.30.0.0/16", "::1/128"]
