"""`make bench-load`: the portal in its production shape under many people at once.

gunicorn as in docker-compose.yml (`sg_portal.wsgi:application`, 3 workers), PostgreSQL and Redis,
over the benchmark's million-value data set (`sg_bench`, built by `make bench` or here if
missing). USERS people log in through the login form, then for DURATION seconds each one goes,
as fast as the server answers, round the home page, the dashboard, the report list and an
autosave of one field of their direction's report (directors; every fifth person is the
Secrétaire générale, who reads the same pages and saves nothing). Prints and writes to
bench/load-results.md the requests per second, p50 and p99 per page, and every error (a status
other than the expected one, an autosave not saved, a connection error).

    .venv/bin/python -m bench.load [--users 50] [--duration 60] [--shape large|tiny]
        [--server postgres://postgres@127.0.0.1:5432] [--redis redis://127.0.0.1:6379/7]

CPU-heavy (it saturates the machine for DURATION seconds): not part of `make test`. Try it first
with `--shape tiny --users 5 --duration 10`.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PASSWORD = "paris2026"  # the demo accounts' password (directions/demo.py)
DATABASES = {"large": "sg_bench", "small": "sg_bench_small", "tiny": "sg_bench_tiny"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(database_url: str, redis_url: str) -> dict[str, str]:
    """Production settings, on plain HTTP on the loopback (no TLS terminator in front)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sg_portal.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
    }


def _prepare(server: str, name: str, shape: str, env: dict[str, str], log) -> dict:
    """The data set (built once, reused after), and who does what on it."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    done = subprocess.run(
        [sys.executable, "-m", "bench.load_plan", "--shape", shape],  # fmt: skip
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Stats:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, page: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.timings[page].append(seconds)
            if error:
                self.errors.append(f"{page}: {error}")


_VERSION = re.compile(r'name="ver-(?P<name>[^"]+)" value="(?P<version>\d+)"')


class Person(threading.Thread):
    """One person: logs in, then goes round the pages until the end."""

    def __init__(self, base: str, plan: dict, index: int, stats: Stats, start_at, stop_at):
        super().__init__(daemon=True)
        self.base, self.plan, self.index, self.stats = base, plan, index, stats
        self.start_at, self.stop_at = start_at, stop_at
        self.session = requests.Session()
        self.logged_in = False

    def login(self) -> None:
        page = self.session.get(f"{self.base}/connexion/", timeout=60)
        token = (
            self.session.cookies.get("csrftoken")
            or re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        )
        response = self.session.post(
            f"{self.base}/connexion/",
            data={
                "username": self.plan["username"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{self.base}/connexion/"},
            allow_redirects=False,
            timeout=60,
        )
        if response.status_code != 302:
            raise RuntimeError(f"connexion de {self.plan['username']} : {response.status_code}")
        self.logged_in = True

    def _get(self, page: str, url: str) -> None:
        started = time.perf_counter()
        error = ""
        try:
            response = self.session.get(self.base + url, allow_redirects=False, timeout=60)
            if response.status_code != 200:
                error = f"HTTP {response.status_code}"
        except requests.RequestException as exc:
            error = type(exc).__name__
        self.stats.record(page, time.perf_counter() - started, error)

    def _autosave(self) -> None:
        save = self.plan["save"]
        self.saves = getattr(self, "saves", 0) + 1
        self.value = 100 + self.saves % 50  # within the indicators' plausible range
        started = time.perf_counter()
        error = ""
        try:
            response = self.session.post(
                self.base + save["url"],
                data={save["field"]: str(self.value), f"ver-{save['field']}": str(save["version"])},
                headers={
                    "HX-Request": "true",
                    "X-CSRFToken": self.session.cookies.get("csrftoken", ""),
                    "Referer": self.base + save["page"],
                },
                timeout=60,
            )
            if response.status_code != 200 or response.headers.get("X-Autosave") != "saved":
                error = f"HTTP {response.status_code} {response.headers.get('X-Autosave', '')}"
            else:
                for match in _VERSION.finditer(response.text):
                    if match["name"] == save["field"]:
                        save["version"] = int(match["version"])
        except requests.RequestException as exc:
            error = type(exc).__name__
        self.stats.record(
            "autosave (POST /rapports/<pk>/enregistrer/)", time.perf_counter() - started, error
        )

    def run(self) -> None:
        try:
            self.login()
        except Exception as exc:  # counted, and this person stays out of the run
            self.stats.record("connexion", 0.0, str(exc))
            return
        self.start_at.wait()
        steps = [
            ("/ (accueil)", "/"),
            ("/tableau-de-bord/", "/tableau-de-bord/"),
            ("/rapports/", "/rapports/"),
        ]
        turn = self.index  # people do not all start on the same page
        while time.monotonic() < self.stop_at[0]:
            step = turn % 4
            turn += 1
            if step < 3:
                self._get(*steps[step])
            elif self.plan.get("save"):
                self._autosave()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn s'est arrêté au démarrage")
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn ne répond pas")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--shape", choices=sorted(DATABASES), default="large")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn's, as in the compose file")
    parser.add_argument(
        "--server", default=os.environ.get("BENCH_SERVER", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--note", default="", help="a sentence for the results (the machine…)")
    parser.add_argument(
        "--database", help="the data set's database (default: sg_bench, sg_bench_small…)"
    )
    options = parser.parse_args()
    log = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731

    database = options.database or DATABASES[options.shape]
    env = _environment(f"{options.server}/{database}", options.redis)
    setup = _prepare(options.server, database, options.shape, env, log)
    plans = [setup["people"][i % len(setup["people"])] for i in range(options.users)]
    # Two people on one account save different fields (their own row of the report).
    fields: dict[str, int] = defaultdict(int)
    for i, plan in enumerate(plans):
        plan = plans[i] = {**plan}
        if plan.get("saves"):
            choice = plan.pop("saves")
            plan["save"] = {**choice[fields[plan["username"]] % len(choice)]}
            fields[plan["username"]] += 1

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    access_log = ROOT / "var" / "bench-load-access.log"
    access_log.parent.mkdir(exist_ok=True)
    command = ["gunicorn", "sg_portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(options.workers), "--access-logfile", str(access_log)]
    log(
        f"gunicorn ({options.workers} workers) sur {base}, {setup['values']:,} valeurs".replace(
            ",", " "
        )
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), *command[1:]],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "var" / "bench-load-gunicorn.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    try:
        _wait_until_up(base, server)
        stats = Stats()
        start_at = threading.Event()
        stop_at = [float("inf")]
        people = [Person(base, plan, i, stats, start_at, stop_at) for i, plan in enumerate(plans)]
        for person in people:
            person.start()
        for person in people:  # logged in, or given up
            while person.is_alive() and not person.logged_in:
                time.sleep(0.05)
        log(
            f"{sum(p.logged_in for p in people)} personnes connectées ; {options.duration} s de charge…"
        )
        stop_at[0] = time.monotonic() + options.duration
        started = time.perf_counter()
        start_at.set()
        for person in people:
            person.join(options.duration + 120)
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)

    total = sum(len(t) for page, t in stats.timings.items() if page != "connexion")
    rows = [
        "| page | requests | per second | p50 (ms) | p99 (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for page, timings in sorted(stats.timings.items()):
        if page == "connexion":
            continue
        rows.append(
            f"| {page} | {len(timings)} | {len(timings) / elapsed:.1f} | "
            f"{statistics.median(timings) * 1000:.0f} | {_percentile(timings, 0.99) * 1000:.0f} |"
        )
    every = [s for page, t in stats.timings.items() if page != "connexion" for s in t]
    rows.append(
        f"| **all** | {total} | **{total / elapsed:.1f}** | "
        f"{statistics.median(every) * 1000:.0f} | {_percentile(every, 0.99) * 1000:.0f} |"
    )
    errors = stats.errors
    summary = (
        f"{sum(p.logged_in for p in people)} people logged in, {elapsed:.0f} s, "
        f"{total} requests, {len(errors)} errors."
    )
    report = "\n".join(rows)
    print(report)
    print(summary)
    for error in errors[:20]:
        print("  erreur :", error)
    note = (
        "# `make bench-load` results\n\n"
        f"gunicorn `sg_portal.wsgi:application --workers {options.workers}` (as in "
        "docker-compose.yml), PostgreSQL and Redis on the same machine, DEBUG off; data set "
        f"« {options.shape} » ({str(setup['values'])} values). {options.users} people logged in "
        "through the login form, each going as fast as answered round the home page, the "
        "dashboard, the report list and an autosave of a field of their direction's report "
        "(every fifth person is the Secrétaire générale, who saves nothing). Times are seen "
        "from the client, on the same machine.\n\n"
    )
    if options.note:
        note += options.note + "\n\n"
    note += f"{report}\n\n{summary}\n"
    if errors:
        note += "\n" + "\n".join(f"- {e}" for e in errors[:50]) + "\n"
    # The run of record goes into the repository; a trial run stays in var/.
    target = (
        HERE / "load-results.md" if options.shape == "large" else ROOT / "var" / "load-results.md"
    )
    target.write_text(note, encoding="utf-8")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
