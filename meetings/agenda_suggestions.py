"""What the meetings app proposes for an agenda: open actions due, items deferred to the backlog."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from directions import policy
from meetings.models import Action, AgendaItem
from sg_portal.agenda import AgendaSuggestion
from sg_portal.calendar import days_late, days_late_text


def suggestions(*, meeting, directions, today: dt.date) -> list[AgendaSuggestion]:
    found: list[AgendaSuggestion] = []
    meeting_day = timezone.localdate(meeting.starts_at)
    actions = Action.objects.filter(
        meeting__body_id=meeting.body_id,
        meeting__starts_at__lt=meeting.starts_at,
        status=Action.Status.OPEN,
        due_date__lte=meeting_day,
    ).select_related("owner", "owner__direction", "meeting")
    for action in actions:
        late = days_late(action.due_date, today)
        reason = (
            f"Action en retard de {days_late_text(late)}"
            if late > 0
            else f"Action à échéance le {action.due_date:%d/%m/%Y}"
        )
        found.append(
            AgendaSuggestion(
                key=f"meetings.action:{action.pk}",
                title=f"Point d'étape : {action.title}",
                reason=f"{reason} — {action.owner}",
                item_type=AgendaItem.Type.INFORMATION,
                presenter_direction_id=action.owner.direction_id
                if action.owner.direction_id and policy.presents_for_direction(action.owner)
                else None,
                subject=action,
                url=reverse("meetings:detail", args=[action.meeting_id]) + "#actions",
                weight=20 if late > 0 else 30,
            )
        )
    backlog = AgendaItem.objects.filter(
        meeting__body_id=meeting.body_id,
        meeting__starts_at__lt=meeting.starts_at,
        status=AgendaItem.Status.DEFERRED,
        carried_to__isnull=True,
    ).select_related("meeting")
    for item in backlog:
        found.append(
            AgendaSuggestion(
                key=f"meetings.item:{item.pk}",
                title=item.title,
                reason=(
                    f"Reporté de la séance du {timezone.localtime(item.meeting.starts_at):%d/%m/%Y}"
                ),
                item_type=item.item_type,
                presenter_direction_id=item.presenter_direction_id,
                subject=item,
                url=reverse("meetings:detail", args=[item.meeting_id]),
                weight=10,
            )
        )
    return found
