"""How the portal's connection pool tells live connections from dead ones."""

from __future__ import annotations

from typing import Any

from psycopg_pool import ConnectionPool


def check_connection(conn: Any) -> None:
    """psycopg_pool's check before a connection is handed out, extended to its idle siblings.

    When PostgreSQL restarts, every idle connection of the pool dies at once. The pool checks one
    per attempt and backs off between attempts (1 s, then 2 s...), so a request would wait for
    several dead connections and could time out although the server is back. On the first dead
    one, the whole idle pool is checked: the dead ones are replaced together, and the request gets
    a fresh connection at once.
    """
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        from django.db import DEFAULT_DB_ALIAS, connections

        pool = getattr(connections[DEFAULT_DB_ALIAS], "pool", None)  # PostgreSQL's backend only
        if pool is not None:
            pool.check()
        raise
