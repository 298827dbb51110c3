"""The risk register at scale for the bench: 10 000 risks over the directions, bulk-created on
the current matrix, some with a previous level (the map's arrows) and some late for review."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from directions.models import Direction, User
from risks.models import Category, ControlStrength, Risk
from risks.selectors import current_matrix

RISKS = 10_000
PREFIX = "Bench — risque"


def present() -> bool:
    return Risk.objects.filter(title__startswith=PREFIX).count() >= RISKS


@transaction.atomic
def build(*, log=print) -> None:
    Risk.objects.filter(title__startswith=PREFIX).delete()
    matrix = current_matrix()
    rng = random.Random(12)
    directions = list(
        Direction.objects.filter(kind=Direction.Kind.DIRECTION).select_related("pole")
    )
    owners = {d.pk: User.objects.filter(direction=d).first() for d in directions}
    fallback = User.objects.filter(is_superuser=True).first() or User.objects.first()
    today = timezone.localdate()
    n_p, n_i = matrix.size
    rows = []
    for n in range(RISKS):
        direction = directions[n % len(directions)]
        gp, gi = rng.randint(1, n_p), rng.randint(1, n_i)
        np_, ni = rng.randint(1, gp), rng.randint(1, gi)
        tp, ti = rng.randint(1, np_), rng.randint(1, ni)
        owner = owners.get(direction.pk) or fallback
        previous = rng.random() < 0.3
        rows.append(
            Risk(
                title=f"{PREFIX} {n}",
                description="Risque généré pour le banc d'essai.",
                category=rng.choice(Category.values),
                scope=Risk.Scope.DIRECTION,
                direction=direction,
                pole=direction.pole,
                owner=owner,
                matrix=matrix,
                gross_probability=gp,
                gross_impact=gi,
                gross_level=matrix.level(gp, gi),
                control_strength=rng.choice(ControlStrength.values),
                net_probability=np_,
                net_impact=ni,
                net_level=matrix.level(np_, ni),
                target_probability=tp,
                target_impact=ti,
                target_level=matrix.level(tp, ti),
                previous_net_probability=max(1, np_ - 1) if previous else None,
                previous_net_impact=ni if previous else None,
                previous_net_level=matrix.level(max(1, np_ - 1), ni) if previous else "",
                next_review_on=today + dt.timedelta(days=rng.randint(-60, 365)),
                created_by=owner,
            )
        )
    Risk.objects.bulk_create(rows, batch_size=2000)
    log(f"  {RISKS} risques créés")
