"""What the meetings app proposes for an agenda: open actions due (for a pôle meeting, also its
directions' late actions from other bodies), items deferred to the backlog. Both are `Batched`
reads, done with every other app's (`sg_portal.agenda`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from directions import policy
from meetings.models import Action, AgendaItem, Body
from sg_portal.agenda import AgendaSuggestion
from sg_portal.batch import Batched
from sg_portal.calendar import days_late, days_late_text, late_when_due_before


def suggestions(*, meeting, directions, today: dt.date) -> list[AgendaSuggestion | Batched]:
    meeting_day = timezone.localdate(meeting.starts_at)
    # The body's own actions due by the meeting; and for a pôle's weekly meeting, also the late
    # actions its directions were given elsewhere (at the CDS...), which the pôle follows up.
    own = Q(meeting__body_id=meeting.body_id, due_date__lte=meeting_day)
    if meeting.body.kind == Body.Kind.POLE:
        own |= Q(
            owner__direction__in=directions,
            due_date__lt=late_when_due_before(today),
        )
    actions = Action.objects.filter(
        own, meeting__starts_at__lt=meeting.starts_at, status=Action.Status.OPEN
    ).order_by("due_date", "pk")
    backlog = AgendaItem.objects.filter(
        meeting__body_id=meeting.body_id,
        meeting__starts_at__lt=meeting.starts_at,
        status=AgendaItem.Status.DEFERRED,
        carried_to__isnull=True,
    )
    return [
        Batched(
            actions,
            related=("owner", "meeting__body"),
            then=lambda rows: _actions(rows, meeting=meeting, today=today),
        ),
        Batched(backlog, related=("meeting",), then=_backlog),
    ]


def _actions(actions: list[Action], *, meeting, today: dt.date) -> list[AgendaSuggestion]:
    found: list[AgendaSuggestion] = []
    for action in actions:
        late = days_late(action.due_date, today)
        reason = (
            f"Action en retard de {days_late_text(late)}"
            if late > 0
            else f"Action à échéance le {action.due_date:%d/%m/%Y}"
        )
        if action.meeting.body_id != meeting.body_id:
            reason += f" (décidée en « {action.meeting.body.name} »)"
        found.append(
            AgendaSuggestion(
                key=f"meetings.action:{action.pk}",
                title=f"Point d'étape : {action.title}",
                reason=f"{reason} — {action.owner}",
                item_type=AgendaItem.Type.INFORMATION,
                duration_minutes=5,
                presenter_direction_id=action.owner.direction_id
                if action.owner.direction_id and policy.presents_for_direction(action.owner)
                else None,
                subject=action,
                url=reverse("meetings:detail", args=[action.meeting_id]) + "#actions",
                weight=20 if late > 0 else 30,
            )
        )
    return found


def _backlog(items: list[AgendaItem]) -> list[AgendaSuggestion]:
    return [
        AgendaSuggestion(
            key=f"meetings.item:{item.pk}",
            title=item.title,
            reason=f"Reporté de la séance du {timezone.localtime(item.meeting.starts_at):%d/%m/%Y}",
            item_type=item.item_type,
            duration_minutes=item.duration_minutes,
            presenter_direction_id=item.presenter_direction_id,
            subject=item,
            url=reverse("meetings:detail", args=[item.meeting_id]),
            weight=10,
        )
        for item in items
    ]
