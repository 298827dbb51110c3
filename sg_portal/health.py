"""/healthz: the state of the database and of the broker, for the load balancer and docker compose."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("healthz: database unreachable")
        return "down"
    return "ok"


def _broker_state() -> str:
    from sg_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        log.exception("healthz: broker unreachable")
        return "down"
    return "ok"


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for the load balancer and docker compose: 503 when a dependency is down.

    Answered by `sg_portal.middleware.HealthCheckMiddleware`, before sessions and users: it never touches the
    database but for its own `SELECT 1`, and always answers JSON.
    """
    if request.method not in {"GET", "HEAD"}:
        response = JsonResponse({"status": "méthode non permise"}, status=405)
        response["Allow"] = "GET, HEAD"
        return response
    states = {
        "database": {"vendor": connection.vendor, "state": _database_state()},
        "broker": {
            "transport": settings.CELERY_BROKER_URL.split(":", 1)[0],
            "state": _broker_state(),
        },
    }
    healthy = all(part["state"] == "ok" for part in states.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **states}, status=200 if healthy else 503
    )
