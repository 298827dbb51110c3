"""The Celery application. Tasks are adapters: they take ids and call a service."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sg_portal.settings")

app = Celery("sg_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The process that imported the app: a prefork child has another pid, the solo pool (and the
# in-process test worker) the same one.
_IMPORTED_IN_PID = os.getpid()


@worker_process_init.connect
def _forget_inherited_connections(**_kwargs) -> None:
    """A forked worker process must not reuse its parent's sockets or psycopg pool.

    Closing them would send a Terminate message on a socket the parent still owns, so the child
    only forgets them: it opens its own connection (and its own pool) on first use.
    """
    from django.db import connections

    if os.getpid() == _IMPORTED_IN_PID:
        # The solo pool sends this signal too, in the very process that owns the pool: nothing
        # was inherited, and dropping the pool here would leak its open connections.
        return
    for conn in connections.all(initialized_only=True):
        pools = getattr(type(conn), "_connection_pools", None)
        if pools is not None:
            pools.pop(conn.alias, None)
        conn.connection = None
