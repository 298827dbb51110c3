"""The meetings on the home page, as dated items sorted by urgency (15 days): the open actions
(mine, my pôle's, every one I may see) and the coming meetings (those I am convened to or
prepare, or every one I may see)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from directions import policy
from meetings.models import Action, Meeting
from meetings.selectors import (
    actions_visible_to,
    body_access,
    meetings_visible_to,
)
from sg_portal.batch import Batched
from sg_portal.horizons import DatedItem, Scope


def dated_items(user, today: dt.date, scope: Scope) -> list[DatedItem | Batched]:
    """Open actions and coming meetings in the reader's scope, through the app's selectors."""
    if not user.is_authenticated:
        return []
    access = body_access(user)
    actions = actions_visible_to(user, access=access).filter(status=Action.Status.OPEN)
    if scope == Scope.ME:
        actions = actions.filter(owner=user)
    elif scope == Scope.POLE:
        actions = actions.filter(policy.pole_directions_q(user, direction="owner__direction"))

    def action_item(action: Action) -> DatedItem:
        return DatedItem(
            key=f"meetings.action:{action.pk}:{action.due_date:%Y%m%d}",
            horizon="15j",
            due=action.due_date,
            title=action.title,
            url=f"/reunions/{action.meeting_id}/#actions",
            what="Action",
            context=f"{action.owner} · {action.meeting.body.name}",
        )

    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=15), dt.time.max))
    meetings = meetings_visible_to(user, access=access).filter(
        starts_at__range=(start, end), status=Meeting.Status.SCHEDULED
    )
    if scope == Scope.ME:
        meetings = meetings.filter(body_id__in=access.member | access.prepares)
    elif scope == Scope.POLE:
        meetings = meetings.filter(body__pole_id=user.pole_id)

    def meeting_item(meeting: Meeting) -> DatedItem:
        when = timezone.localtime(meeting.starts_at)
        return DatedItem(
            key=f"meetings.meeting:{meeting.pk}",
            horizon="15j",
            due=when.date(),
            title=f"{meeting.body.name}, {when:%Hh%M}",
            url=f"/reunions/{meeting.pk}/",
            what="Réunion",
            context=meeting.place,
            late=False,
        )

    return [
        Batched(
            actions.order_by("due_date", "pk"),
            limit=40,
            related=("owner", "meeting__body"),
            then=lambda rows: [action_item(a) for a in rows],
        ),
        Batched(
            meetings.order_by("starts_at", "pk"),
            limit=20,
            related=("body",),
            then=lambda rows: [meeting_item(m) for m in rows],
        ),
    ]
