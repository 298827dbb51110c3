"""The load run's preparation, in a process of its own (Django reads DATABASE_URL once): migrate,
build the data set if it is missing, and say who logs in and which field each one saves. Prints
JSON on its last line. Run by `python -m bench.load`."""

from __future__ import annotations

import argparse
import json
import sys
import warnings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shape", default="large")
    options = parser.parse_args()
    import django

    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic
    django.setup()
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from bench import data
    from directions.models import User
    from indicators.models import Report, Value
    from indicators.selectors import field_name, report_indicators

    log = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    call_command("migrate", verbosity=0)
    shape = data.SHAPES[options.shape]
    if not data.present(shape):
        log(f"Construction du jeu « {options.shape} »…")
        data.build(shape, log=log)
    today = timezone.localdate()
    people = []
    drafts = Report.objects.filter(
        status=Report.Status.DRAFT,
        period__start__lte=today,
        period__end__gte=today,
        direction__indicators__code__startswith=data.PREFIX,
    ).distinct()
    for report in drafts.select_related("direction").order_by("direction__code"):
        director = User.objects.filter(username=f"dir.{report.direction.code.lower()}").first()
        if director is None:
            continue
        saves = []
        for indicator in report_indicators(report):
            places = [None] if not indicator.by_arrondissement else [1, 2, 3, 4]
            for place in places:
                arr_id = None
                if place is not None:
                    from directions.models import Arrondissement

                    arr_id = Arrondissement.objects.get(number=place).pk
                existing = Value.objects.filter(
                    report=report, indicator=indicator, arrondissement_id=arr_id
                ).first()
                saves.append(
                    {
                        "url": reverse("indicators:report_save", args=[report.pk]),
                        "page": reverse("indicators:report", args=[report.pk]),
                        "field": field_name(indicator.pk, arr_id),
                        "version": existing.version if existing else 0,
                    }
                )
        people.append({"username": director.username, "saves": saves})
    if not people:
        raise SystemExit(
            "Aucun rapport en brouillon dans la quinzaine en cours : rien à enregistrer."
        )
    # Every fifth person is the Secrétaire générale (reads, saves nothing).
    mixed = []
    for i, person in enumerate(people):
        if i % 4 == 0:
            mixed.append({"username": "sg.demo"})
        mixed.append(person)
    print(json.dumps({"values": Value.objects.count(), "people": mixed}))


if __name__ == "__main__":
    main()
