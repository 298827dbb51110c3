"""The search and notification volume of the bench: 50 000 searchable objects (the reports and
the catalogue, plus meeting actions) and 100 000 notifications, bulk-created, then the index
rebuilt with the one command every deployment has (`search_rebuild`)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from directions.models import User
from meetings.models import Action, Body, Meeting
from sg_portal.notifications.kinds import Delivery, Reason
from sg_portal.notifications.models import Notification
from sg_portal.search.models import Document

SEARCHABLE = 50_000
NOTIFICATIONS = 100_000
BODY_CODE = "bench-suivi"
WORDS = [
    "crèches",
    "places",
    "accueil",
    "petite",
    "enfance",
    "délibération",
    "subvention",
    "travaux",
    "voirie",
    "propreté",
    "recrutement",
    "agents",
    "formation",
    "budget",
    "marchés",
    "publics",
    "logement",
    "social",
    "santé",
    "écoles",
    "collèges",
    "bibliothèques",
    "piscines",
    "espaces",
    "verts",
    "mobilité",
    "vélo",
    "sécurité",
    "numérique",
]


def present() -> bool:
    return (
        Document.objects.count() >= SEARCHABLE
        and Notification.objects.filter(key__startswith="bench:").count() >= NOTIFICATIONS
    )


def build(*, log=print) -> None:
    from sg_portal.search.index import rebuild

    rng = random.Random(14)
    today = timezone.localdate()
    owners = list(User.objects.filter(is_active=True).order_by("pk"))
    with transaction.atomic():
        body, _ = Body.objects.get_or_create(
            code=BODY_CODE,
            defaults={
                "name": "Suivi des actions (banc d'essai)",
                "kind": Body.Kind.CDS,
                "cadence": Body.Cadence.AD_HOC,
            },
        )
        meetings = []
        for n in range(200):
            day = today - dt.timedelta(days=2 * n)
            meeting, _ = Meeting.objects.get_or_create(
                body=body,
                slot_date=day,
                defaults={"starts_at": timezone.make_aware(dt.datetime.combine(day, dt.time(9)))},
            )
            meetings.append(meeting)
        existing = Document.objects.count()
        wanted = max(0, SEARCHABLE - existing - Action.objects.filter(meeting__body=body).count())
        actions = [
            Action(
                meeting=meetings[n % len(meetings)],
                title=" ".join(rng.sample(WORDS, 5)).capitalize() + f" (action {n})",
                owner=owners[n % len(owners)],
                due_date=today + dt.timedelta(days=rng.randint(-30, 60)),
                status=Action.Status.OPEN if n % 3 else Action.Status.CLOSED,
            )
            for n in range(wanted)
        ]
        Action.objects.bulk_create(actions, batch_size=5000)
        log(f"  {len(actions)} actions créées")
        kinds = ["indicators.report_returned", "meetings.action_assigned", "meetings.action_due"]
        now = timezone.now()
        rows = [
            Notification(
                recipient=owners[n % len(owners)],
                kind=kinds[n % 3],
                reason=(Reason.ASSIGNED, Reason.ASSIGNED, Reason.DATE_ALERT)[n % 3],
                key=f"bench:{n}",
                title=f"Notification {n} : " + " ".join(rng.sample(WORDS, 4)),
                url="/",
                delivery=Delivery.PORTAL,
                created_at=now - dt.timedelta(minutes=n),
                read_at=None if n % 4 == 0 else now,
            )
            for n in range(NOTIFICATIONS)
        ]
        Notification.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        log(f"  {len(rows)} notifications créées")
    counts = rebuild()
    log(f"  index de recherche : {sum(counts.values())} documents")
