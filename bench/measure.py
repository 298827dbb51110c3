"""Time the pages in-process with Django's test Client, count their queries, EXPLAIN ANALYZE them."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directions.models import User
from indicators.models import Indicator, Report
from sg_portal.horizons import scopes_for


@dataclass
class Result:
    dataset: str
    user: str
    page: str
    p50_ms: float
    p95_ms: float
    queries: int
    sql_ms: float
    ratio: float


def pages_for(user: User) -> list[tuple[str, str]]:
    """(label, URL) of the measured pages for this user."""
    mapped = Indicator.objects.filter(code__startswith="bench-", breakdown="arrondissement")
    if user.is_direction_member:
        mapped = mapped.filter(direction_id=user.direction_id)
    indicator = mapped.order_by("pk").first()
    today = timezone.localdate()
    direction_id = indicator.direction_id
    report = (
        Report.objects.filter(direction_id=direction_id, period__start__lte=today)
        .order_by("-period__start")
        .first()
    )
    pages = [
        ("/ (accueil, moi)", reverse("home") + "?vue=moi"),
    ]
    if len(scopes_for(user)) > 1:
        pages.append(("/ (accueil, tout le SG)", reverse("home") + "?vue=sg"))
    return pages + [
        ("/tableau-de-bord/", reverse("indicators:dashboard")),
        ("/tableau-de-bord/completude/", reverse("indicators:completeness")),
        ("/indicateurs/<code>/", reverse("indicators:indicator", args=[indicator.code])),
        ("/rapports/", reverse("indicators:report_list")),
        ("/rapports/<pk>/ (formulaire)", reverse("indicators:report", args=[report.pk])),
        ("/recherche/?q=crèches", reverse("search:results") + "?q=cr%C3%A8ches"),
        ("/recherche/?q=DASES", reverse("search:results") + "?q=DASES"),
        ("/notifications/cloche/", reverse("notifications:bell")),
        ("/notifications/", reverse("notifications:inbox")),
        ("/risques/ (10 000 risques)", reverse("risks:list")),
        ("/risques/carte/", reverse("risks:map")),
    ]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def explain_ms(sqls: list[tuple[str, object]]) -> float:
    """Sum of the execution times PostgreSQL reports for the page's SELECTs."""
    total = 0.0
    with connection.cursor() as cursor:
        for sql, params in sqls:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            total += plan[0]["Execution Time"] + plan[0].get("Planning Time", 0)
    return total


class _Recorder:
    """Keeps the raw SQL and parameters of the page's SELECTs (for EXPLAIN)."""

    def __init__(self):
        self.statements: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().lstrip("(").upper().startswith("SELECT"):  # a UNION opens with "("
            self.statements.append((sql, params))
        return execute(sql, params, many, context)


def measure(dataset: str, usernames: list[str], *, runs: int = 30, warmup: int = 3) -> list[Result]:
    results = []
    for username in usernames:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for label, url in pages_for(user):
            for _ in range(warmup):
                assert client.get(url).status_code == 200, url
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
            recorder = _Recorder()
            with (
                CaptureQueriesContext(connection) as captured,
                connection.execute_wrapper(recorder),
            ):
                client.get(url)
            sql = explain_ms(recorder.statements)
            p50 = statistics.median(timings)
            results.append(
                Result(
                    dataset=dataset,
                    user=username,
                    page=label,
                    p50_ms=round(p50, 1),
                    p95_ms=round(_percentile(timings, 0.95), 1),
                    queries=len(captured.captured_queries),
                    sql_ms=round(sql, 1),
                    ratio=round(p50 / sql, 1) if sql else 0.0,
                )
            )
    return results


def as_dicts(results: list[Result]) -> list[dict]:
    return [asdict(r) for r in results]
