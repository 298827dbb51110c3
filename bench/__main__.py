"""`make bench`: the SG's dashboards at scale.

Builds (or reuses) two PostgreSQL databases of its own: `sg_bench` (about 1.16 million values: 25
directions, 300 indicators, 10 years of fortnights, 80 % of the indicators by arrondissement) and
`sg_bench_small` (the same catalogue over three fortnights, about 10 thousand values). For each, as
the Secrétaire générale and as a director, it times the dashboards, an indicator's page, the
report list and a report form in-process (p50 and p95 of 30 requests after 3 warm-up ones),
counts their queries, and runs EXPLAIN ANALYZE on their SELECTs to give the page time / SQL time
ratio. Prints a table and writes it to bench/results.md.

    .venv/bin/python -m bench [--rebuild] [--runs 30] [--server postgres://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
DATABASES = [("sg_bench_small", "small"), ("sg_bench", "large")]


def _ensure_database(server: str, name: str, rebuild: bool) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def table(results: list[dict]) -> str:
    lines = [
        "| data set | user | page | p50 (ms) | p95 (ms) | queries | SQL (ms) | page / SQL |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['dataset']} | {r['user']} | {r['page']} | {r['p50_ms']} | {r['p95_ms']} | "
            f"{r['queries']} | {r['sql_ms']} | {r['ratio']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data sets")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_SERVER", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (the databases sg_bench and sg_bench_small are its own)",
    )
    parser.add_argument("--only", choices=["small", "large"])
    options = parser.parse_args()
    results = []
    started = time.perf_counter()
    for name, shape in DATABASES:
        if options.only and options.only != shape:
            continue
        _ensure_database(options.server, name, options.rebuild)
        command = [
            sys.executable, "-m", "bench.run", "--url", f"{options.server}/{name}",
            "--shape", shape, "--runs", str(options.runs),
        ]  # fmt: skip
        if options.rebuild:
            command.append("--rebuild")
        print(f"== {name} ==", flush=True)
        done = subprocess.run(
            command, stdout=subprocess.PIPE, text=True, cwd=HERE.parent, check=True
        )
        results += json.loads(done.stdout.strip().splitlines()[-1])["results"]
    output = table(results)
    print(output)
    note = (
        "# `make bench` results\n\n"
        "Server time in-process (Django test Client), p50/p95 of "
        f"{options.runs} requests after 3 warm-up ones; queries counted with "
        "CaptureQueriesContext (the session's read and save included); SQL = the sum of "
        "EXPLAIN ANALYZE execution + planning times of the page's SELECTs.\n\n"
        f"{output}\n\nTotal run: {time.perf_counter() - started:.0f} s.\n"
    )
    (HERE / "results.md").write_text(note, encoding="utf-8")


if __name__ == "__main__":
    main()
