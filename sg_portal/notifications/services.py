"""Producing and reading notifications, and the daily digest.

`notify` is the one way an app tells someone: called in the transaction of the act, with a key
that names the event (`"indicators.report_returned:42:3"`), it creates one row per recipient at
most once whatever the number of calls, never for the person who acted, and queues the email of
those who asked for one at once through the outbox (whose key makes it exactly once too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from sg_portal.notifications.kinds import Delivery, all_kinds
from sg_portal.notifications.models import (
    BODY_MAX,
    DEFAULT_DIGEST_HOUR,
    TITLE_MAX,
    DigestHour,
    Notification,
    Preference,
    Snooze,
)
from sg_portal.outbox.models import Email
from sg_portal.outbox.services import email_queue

KEY_MAX = 200


def notify(
    *,
    kind: str,
    recipients: Iterable[Any],
    key: str,
    title: str,
    url: str,
    actor: Any = None,
    about: models.Model | None = None,
    body: str = "",
) -> list[Notification]:
    """Notify each recipient once for the event `key`; returns the rows created by this call."""
    spec = all_kinds().get(kind)
    if spec is None:
        raise ValueError(
            f"unknown notification kind {kind!r}: declare it in <app>/notifications.py"
        )
    if not key or len(key) > KEY_MAX:
        raise ValueError(f"key must have 1 to {KEY_MAX} characters: {key!r}")
    actor_id = getattr(actor, "pk", None)
    people = {
        person.pk: person
        for person in recipients
        if person is not None and person.is_active and person.pk != actor_id
    }
    if not people:
        return []
    already = set(
        Notification.objects.filter(key=key, recipient_id__in=people).values_list(
            "recipient_id", flat=True
        )
    )
    chosen = dict(
        Preference.objects.filter(user_id__in=people, kind=kind).values_list("user_id", "delivery")
    )
    about_type = ContentType.objects.get_for_model(about) if about is not None else None
    created = []
    for person_id, person in people.items():
        if person_id in already:
            continue
        row = Notification(
            recipient=person,
            kind=kind,
            reason=spec.reason,
            key=key,
            title=title[:TITLE_MAX],
            body=body[:BODY_MAX],
            url=url[:300],
            actor_id=actor_id,
            about_type=about_type,
            about_id=about.pk if about is not None else None,
            delivery=chosen.get(person_id, spec.default),
        )
        try:
            # A concurrent act that notified the same event first wins; this one adds nothing.
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        created.append(row)
        if row.delivery == Delivery.IMMEDIATE and person.email:
            _email_now(row, person)
    return created


def _email_now(row: Notification, person: Any) -> None:
    context = {"notification": row, "site_url": settings.SITE_URL, "kind_label": _label(row)}
    email_queue(
        purpose="notifications.immediate",
        key=f"notification:{row.pk}",
        to=[person.email],
        subject=row.title,
        body=render_to_string("notifications/email/one.txt", context),
    )


def _label(row: Notification) -> str:
    spec = all_kinds().get(row.kind)
    return spec.label if spec else row.kind


def notification_read(*, user: Any, notification_id: int) -> bool:
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


def notifications_read_all(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_set(*, user: Any, deliveries: dict[str, str], digest_hour: int) -> None:
    kinds = all_kinds()
    for kind, delivery in deliveries.items():
        if kind not in kinds or delivery not in Delivery.values:
            raise ValueError(f"unknown kind or delivery: {kind!r} {delivery!r}")
        if delivery == kinds[kind].default:
            Preference.objects.filter(user=user, kind=kind).delete()
        else:
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )
    DigestHour.objects.update_or_create(user=user, defaults={"hour": digest_hour})


# --- The daily digest -------------------------------------------------------------------------


def digest_key(user_id: int, day: dt.date) -> str:
    return f"notifications.digest:{user_id}:{day.isoformat()}"


def digest_send_due(*, now: dt.datetime | None = None) -> int:
    """Queue the digest of every person whose hour has come today and who has something new.

    Runs on the beat every few minutes; each person's digest of a day is one outbox row (its key
    names the person and the day), and the notifications it carries are claimed by a conditional
    update in the same transaction: however many ticks run at once, each is sent exactly once.
    What arrives after today's digest waits for tomorrow's.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    hours = dict(DigestHour.objects.values_list("user_id", "hour"))
    waiting = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST, digested_at__isnull=True, created_at__lte=now
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in waiting:
        if hours.get(user_id, DEFAULT_DIGEST_HOUR) > local.hour:
            continue
        if _digest_one(user_id=user_id, now=now, day=local.date()):
            sent += 1
    return sent


@transaction.atomic
def _digest_one(*, user_id: int, now: dt.datetime, day: dt.date) -> bool:
    key = digest_key(user_id, day)
    if Email.objects.filter(key=key).exists():
        return False
    rows = list(
        Notification.objects.select_for_update(skip_locked=True)
        .filter(
            recipient_id=user_id,
            delivery=Delivery.DIGEST,
            digested_at__isnull=True,
            created_at__lte=now,
        )
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
    if not rows:
        return False
    claimed = Notification.objects.filter(
        pk__in=[r.pk for r in rows], digested_at__isnull=True
    ).update(digested_at=now)
    if claimed != len(rows):
        transaction.set_rollback(True)
        return False
    person = rows[0].recipient
    if not person.email or not person.is_active:
        return False
    email_queue(
        purpose="notifications.digest",
        key=key,
        to=[person.email],
        subject=f"Votre récapitulatif du portail : {len(rows)} notification{'s' if len(rows) > 1 else ''}",
        body=render_to_string(
            "notifications/email/digest.txt",
            {
                "person": person,
                "rows": [(row, _label(row)) for row in rows],
                "site_url": settings.SITE_URL,
                "day": day,
            },
        ),
    )
    return True


# --- Putting a home page item aside -------------------------------------------------------------


def snooze_set(*, user: Any, key: str, until: dt.date) -> Snooze:
    snooze, _ = Snooze.objects.update_or_create(user=user, key=key[:200], defaults={"until": until})
    return snooze


def snooze_clear(*, user: Any, key: str) -> None:
    Snooze.objects.filter(user=user, key=key).delete()
