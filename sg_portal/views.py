from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from sg_portal.exports import UnknownExportFormat
from sg_portal.horizons import horizon_columns

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "sg_portal/home.html",
        {"today": today, "columns": horizon_columns(request.user, today)},
    )


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

    Answered by `HealthCheckMiddleware`, before sessions and users: it never touches the
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


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """The icon's hashed static URL is known only at run time (manifest storage)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: says what was wrong when the portal wrote the message for the user (in French)."""
    message = str(exception) if isinstance(exception, UnknownExportFormat) else ""
    return render(request, "400.html", {"message": message}, status=400)
