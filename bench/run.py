"""One data set in one database: `python -m bench.run --db sg_bench --shape large [--rebuild]`.

Run by `python -m bench` in a child process per database (Django's settings read DATABASE_URL
once). Prints the results as JSON on its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--shape", default="large")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = options.url
    # Production-like settings: no debug, but no HTTPS redirect for the in-process client.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["SECURE_COOKIES"] = "false"
    os.environ["STATIC_MANIFEST"] = "false"  # no collectstatic needed
    os.environ["DJANGO_SETTINGS_MODULE"] = "sg_portal.settings"
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic
    django.setup()
    from django.core.management import call_command

    from bench import data, measure

    log = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    call_command("migrate", verbosity=0)
    shape = data.SHAPES[options.shape]
    if options.rebuild or not data.present(shape):
        import time

        start = time.perf_counter()
        log(f"Construction du jeu « {options.shape} »…")
        data.build(shape, log=log)
        log(f"  construit en {time.perf_counter() - start:.0f} s")
    else:
        log(f"Jeu « {options.shape} » déjà présent : réutilisé (--rebuild pour le refaire).")
    from bench import find_data

    if options.rebuild or not find_data.present():
        log("Recherche et notifications : 50 000 objets indexés, 100 000 notifications…")
        find_data.build(log=log)
    from bench import risk_data

    if options.rebuild or not risk_data.present():
        log("Risques : 10 000 risques…")
        risk_data.build(log=log)
    from django.db import connection

    from indicators.models import Value

    # Fresh statistics, as autovacuum keeps them in production: the later data sets are bulk
    # loaded, and a planner that believes 33 000 open actions to be 3 picks nested loops.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    values = Value.objects.count()
    director = data.director_username(shape)
    results = measure.measure(
        f"{options.shape} ({values:,} valeurs)".replace(",", " "),
        ["sg.demo", director],
        runs=options.runs,
    )
    print(json.dumps({"values": values, "results": measure.as_dicts(results)}))


if __name__ == "__main__":
    main()
