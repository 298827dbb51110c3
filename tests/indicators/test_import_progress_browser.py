"""In Chromium, with a real worker: a large file's import shows its progress bar, goes on when
the tab is closed, and its page gives the result when reopened."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from directions.models import Direction
from indicators.models import ImportRun, Indicator, Value

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis as the broker"),
]

INDICATORS = 150
FORTNIGHTS = 600  # 2001 to 2025: 90 000 rows, several seconds of work even on an idle machine


@contextlib.contextmanager
def worker_on_the_test_database():
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sg_portal", "worker", "--pool=solo"]
        + ["--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sg_portal.settings_test",
            "DATABASE_URL": url,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    try:
        yield lines
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _big_file() -> bytes:
    dases = Direction.objects.get(code="DASES")
    lines = ["indicateur;periode;arrondissement;valeur\n"]
    for n in range(INDICATORS):
        code = f"indicateur-{n}"
        Indicator.objects.create(
            code=code, name=f"Indicateur {n}", family="contexte", direction=dases
        )
        for k in range(FORTNIGHTS):
            month, half = divmod(k, 2)
            day = f"{2001 + month // 12}-{month % 12 + 1:02d}-{1 + 15 * half:02d}"
            lines.append(f"{code};{day};;{k}\n")
    return "".join(lines).encode()


def _progress(page) -> tuple[int, int]:
    bar = page.locator("#import-progress")
    return int(bar.get_attribute("value")), int(bar.get_attribute("max"))


def test_the_progress_bar_follows_the_worker_and_the_result_waits_for_the_closed_tab(
    demo_org, browser_instance, live_server, login, page
):
    from sg_portal.celery import app

    data = _big_file()
    app.conf.task_always_eager = False  # the live server hands the work to the real worker
    with worker_on_the_test_database() as worker_log:
        login("admin.demo")
        page.goto(reverse("indicators:import"))
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "historique.csv", "mimeType": "text/csv", "buffer": data}]
        )
        page.get_by_role("button", name="Vérifier le fichier").click()
        page.get_by_role("heading", name="Vérification du fichier").wait_for()
        run = ImportRun.objects.get()
        assert page.url.endswith(reverse("indicators:import_run", args=[run.pk]))
        # The bar moves as the worker reads the rows (htmx redraws it every second).
        page.wait_for_function(
            "() => { const b = document.getElementById('import-progress');"
            " return b && +b.value > 0 && +b.value < +b.max; }",
            timeout=60_000,
        )
        done, total = _progress(page)
        assert total == INDICATORS * FORTNIGHTS and 0 < done < total
        page.screenshot(
            path=str(Path(os.environ.get("SCREENSHOT_DIR", "/tmp")) / "import-progress.png")
        )
        context = page.context
        page.close()  # the person closes the tab; the worker goes on

        page = context.new_page()
        page.goto(reverse("indicators:import"))
        page.get_by_role("link", name="historique.csv").click()
        page.get_by_role("button", name="Confirmer l'import").click(timeout=120_000)
        page.get_by_role("heading", name="Écriture des valeurs").wait_for()
        assert not Value.objects.exists()
        page.get_by_text(
            f"{total:,} valeurs importées depuis « historique.csv »".replace(",", "\u202f")
        ).wait_for(timeout=180_000)
        assert Value.objects.count() == total, "".join(worker_log)
