"""Typed readers for the environment (Healthchecks' envbool/envint, stricter).

A value that cannot be parsed stops start-up with a message naming the variable:
a typo in production must not silently fall back to a default.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "oui"}
_FALSE = {"0", "false", "no", "off", "non", ""}
_NEEDS_HOST = {"postgres", "postgresql", "redis", "rediss", "smtp", "smtps"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} n'est pas un booléen : utilisez true/false, 1/0, yes/no ou on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} n'est pas un nombre entier.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} doit valoir au moins {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(
            f"{name} est défini mais vide : donnez une liste séparée par des virgules."
        )
    return items


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or networks (`10.0.0.5`, `10.0.0.0/16`), normalised."""
    raw = os.environ.get(name, "")
    networks = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} : {item!r} n'est ni une adresse IP ni un réseau (10.0.0.0/16)."
            ) from None
    return networks


def env_url(name: str, *, schemes: set[str]) -> str | None:
    """An URL with one of the given schemes, or None when the variable is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in schemes:
        expected = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(
            f"{name} a un schéma inconnu ({parts.scheme or 'aucun'!r}) ; attendu : {expected}."
        )
    if parts.scheme in _NEEDS_HOST and not parts.hostname:
        raise ImproperlyConfigured(f"{name}={raw!r} ne nomme aucun serveur.")
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} a un port invalide.") from None
    return raw


def database_from_env(name: str, *, sqlite_path: str) -> dict:
    """PostgreSQL (with psycopg's pool) from DATABASE_URL, else an embedded SQLite file."""
    import dj_database_url

    url = env_url(name, schemes={"postgres", "postgresql", "sqlite"})
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    config = dict(dj_database_url.parse(url))
    if config["ENGINE"] == "django.db.backends.postgresql":
        from sg_portal.database import check_connection

        # With PostgreSQL down, a request gives up after this many seconds and the portal answers
        # its own 503 page, instead of making people wait.
        timeout = env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=1)
        config["OPTIONS"] = {
            "connect_timeout": timeout,
            "pool": {
                "min_size": env_int("DATABASE_POOL_MIN", 1, minimum=0),
                "max_size": env_int("DATABASE_POOL_MAX", 8, minimum=1),
                "timeout": timeout,
                # A connection is checked before it is handed out, so the connections that died
                # with a restarted server are replaced instead of failing a request each.
                "check": check_connection,
                # The pool's reconnection attempts back off exponentially; giving up after the
                # same few seconds lets the next request start afresh as soon as the server is
                # back, instead of waiting out a long back-off.
                "reconnect_timeout": timeout,
            },
        }
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} ne nomme aucune base de données.")
    return config
