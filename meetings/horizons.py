"""The meetings app's blocks on the home page: my coming meetings, my actions (15 days)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import Meeting
from meetings.selectors import actions_of_user, body_access, meetings_visible_to
from sg_portal.horizons import HorizonBlock


def blocks(user, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    until = today + dt.timedelta(days=15)
    out = []
    actions = list(actions_of_user(user, until=until)[:10])
    if actions:
        out.append(
            HorizonBlock(
                horizon="15j",
                title="Mes actions à échéance",
                template="meetings/_horizon_actions.html",
                context={"actions": actions, "today": today},
                order=20,
            )
        )
    access = body_access(user)
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(until, dt.time.max))
    meetings = list(
        meetings_visible_to(user, access=access).filter(
            body_id__in=access.member | access.prepares,
            starts_at__range=(start, end),
            status=Meeting.Status.SCHEDULED,
        )[:8]
    )
    if meetings:
        out.append(
            HorizonBlock(
                horizon="15j",
                title="Mes prochaines réunions",
                template="meetings/_horizon_meetings.html",
                context={"meetings": meetings, "prepares": access.prepares},
                order=30,
            )
        )
    return out
