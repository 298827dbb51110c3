"""Demo notifications: every demo account receives one notification of each kind, about an
object it may open (found through the search index, so through each app's own selector)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from directions import policy
from directions.models import User
from sg_portal.notifications.kinds import all_kinds
from sg_portal.notifications.models import Notification
from sg_portal.notifications.services import notify
from sg_portal.search.kinds import kind_by_key
from sg_portal.search.models import Document
from sg_portal.search.query import visible_q


@transaction.atomic
def seed(stdout: Any = None) -> int:
    search_kinds = kind_by_key()
    people = list(
        User.objects.filter(is_active=True, password__isnull=False)
        .exclude(username__startswith="bench")
        .order_by("username")
    )
    made = 0
    for person in people:
        if not policy.is_active_user(person):
            continue
        for index, kind in enumerate(all_kinds().values()):
            about = search_kinds.get(kind.about)
            if about is None:
                continue
            document = Document.objects.filter(visible_q(person, [about])).order_by("-pk").first()
            if document is None:
                continue
            created = notify(
                kind=kind.key,
                recipients=[person],
                key=f"demo:{kind.key}:{document.kind}:{document.object_id}",
                title=f"{kind.label} : {document.title}",
                url=document.url,
                body=kind.description,
            )
            made += len(created)
            if created and index % 3 == 2:  # some already read, so the page shows both
                Notification.objects.filter(pk=created[0].pk).update(read_at=timezone.now())
    if stdout is not None:
        stdout.write(f"  {made} notifications de démonstration")
    return made
