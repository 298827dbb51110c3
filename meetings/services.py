"""Writes of the meetings app. Each service validates, saves, records the act in the journal in
the same transaction and enqueues its background work after commit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone

from directions.models import Direction, User
from meetings import notifications
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    CalendarToken,
    Meeting,
    SuggestionDismissal,
)
from sg_portal import calendar as C
from sg_portal.journal.services import journal_record
from sg_portal.notifications.selectors import not_yet_notified
from sg_portal.outbox.selectors import queued_keys
from sg_portal.outbox.services import email_cancel, email_queue


def _item_journal(item: AgendaItem, actor: User | None, verb: str, before=None, after=None):
    """An agenda item's act, shown on its meeting's page."""
    journal_record(
        actor=actor,
        action=f"meetings.agenda_item.{verb}",
        obj=item,
        parent=item.meeting,
        before=before,
        after={"title": item.title, **(after or {})},
    )


def _action_journal(action: Action, actor: User | None, verb: str, before=None, after=None):
    """A follow-up action's act, shown on the page of the meeting that decided it."""
    journal_record(
        actor=actor,
        action=f"meetings.action.{verb}",
        obj=action,
        parent=action.meeting,
        before=before,
        after={"title": action.title, **(after or {})},
    )


# --- Cadence ------------------------------------------------------------------------------------


def slot_dates(body: Body, start: dt.date, until: dt.date) -> list[dt.date]:
    """The dates the body's cadence produces between start and until (both included), on the
    kernel's named cadences: the body's weekday of each week (`week_of`), of the first week of each
    « quinzaine du CDS » counted from the body's reference date (`cds_fortnight_of`), or its n-th
    weekday of each month (`month_of`)."""
    if body.cadence == Body.Cadence.AD_HOC:
        return []
    out: list[dt.date] = []
    if body.cadence == Body.Cadence.MONTHLY:
        month = C.month_of(start)
        while month.start <= until:
            day = C.nth_weekday_of_month(
                month.start.year, month.start.month, body.weekday, body.week_of_month
            )
            if start <= day <= until:
                out.append(day)
            month = C.next_month(month.start)
        return out
    if body.cadence == Body.Cadence.FORTNIGHTLY:
        reference = body.anchor_date or C.CDS_REFERENCE_MONDAY
        window = C.cds_fortnight_of(start, reference=reference)
        step = lambda w: C.next_cds_fortnight(w.start, reference=reference)  # noqa: E731
    else:
        window = C.week_of(start)
        step = lambda w: C.next_week(w.start)  # noqa: E731
    while window.start <= until:
        day = window.start + dt.timedelta(days=body.weekday)
        if start <= day <= until:
            out.append(day)
        window = step(window)
    return out


def meetings_generate(*, body: Body, start: dt.date, until: dt.date) -> int:
    """Create the body's meetings the cadence calls for; idempotent (one meeting per slot date,
    whether it was later moved or cancelled). A slot on a holiday or a weekend moves to the next
    working day. Returns the number created."""
    created = 0
    tz = timezone.get_current_timezone()
    for slot in slot_dates(body, start, until):
        day = C.next_working_day(slot)
        starts_at = dt.datetime.combine(day, body.start_time, tzinfo=tz)
        _, was_created = Meeting.objects.get_or_create(
            body=body,
            slot_date=slot,
            defaults={
                "starts_at": starts_at,
                "duration_minutes": body.duration_minutes,
                "place": body.place,
            },
        )
        created += was_created
    return created


def meetings_generate_all(*, today: dt.date, months: int = 4) -> int:
    until = today + dt.timedelta(days=31 * months)
    return sum(
        meetings_generate(body=body, start=today, until=until)
        for body in Body.objects.filter(is_active=True)
    )


# --- The meeting itself -------------------------------------------------------------------------


@transaction.atomic
def meeting_move(
    *, meeting: Meeting, actor: User, starts_at: dt.datetime, place: str | None = None
) -> Meeting:
    before = {"starts_at": meeting.starts_at.isoformat(), "place": meeting.place}
    meeting.starts_at = starts_at
    if place is not None:
        meeting.place = place
    meeting.sequence = F("sequence") + 1
    meeting.save(update_fields=["starts_at", "place", "sequence"])
    meeting.refresh_from_db(fields=["sequence"])
    journal_record(
        actor=actor,
        action="meetings.meeting.move",
        obj=meeting,
        before=before,
        after={"starts_at": starts_at.isoformat(), "place": meeting.place},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User, reason: str) -> bool:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif de l'annulation."})
    done = (
        Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
            status=Meeting.Status.CANCELLED, cancel_reason=reason, sequence=F("sequence") + 1
        )
        == 1
    )
    if done:
        journal_record(
            actor=actor,
            action="meetings.meeting.cancel",
            obj=meeting,
            before={"status": Meeting.Status.SCHEDULED},
            after={"status": Meeting.Status.CANCELLED},
            comment=reason,
        )
    return done


@transaction.atomic
def meeting_set_guests(*, meeting: Meeting, actor: User, guests: str) -> None:
    before = {"invited_guests": meeting.invited_guests}
    meeting.invited_guests = guests.strip()
    meeting.save(update_fields=["invited_guests"])
    journal_record(
        actor=actor,
        action="meetings.meeting.guests",
        obj=meeting,
        before=before,
        after={"invited_guests": meeting.invited_guests},
    )


# --- Agenda items -------------------------------------------------------------------------------


def _next_position(meeting: Meeting) -> int:
    top = meeting.items.aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def agenda_item_propose(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    item_type: str = AgendaItem.Type.INFORMATION,
    duration_minutes: int = 10,
    presenter: User | None = None,
    presenter_direction: Direction | None = None,
    guest: str = "",
    accepted: bool = False,
    subject=None,
    subject_label: str = "",
    subject_url: str = "",
    suggestion_key: str = "",
) -> AgendaItem:
    fields = {
        "meeting": meeting,
        "title": title.strip(),
        "item_type": item_type,
        "duration_minutes": duration_minutes,
        "presenter": presenter,
        "presenter_direction": presenter_direction,
        "guest": guest.strip(),
        "proposed_by": actor,
        "suggestion_key": suggestion_key,
    }
    with transaction.atomic():
        # A double click (or a resent form) proposes the same item twice: the meeting's row is
        # locked so the second request finds the first one's item and returns it.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        same = (
            AgendaItem.objects.filter(**fields)
            .filter(status__in=[AgendaItem.Status.PROPOSED, AgendaItem.Status.ACCEPTED])
            .first()
        )
        if same is not None:
            return same
        item = AgendaItem.objects.create(
            **fields,
            status=AgendaItem.Status.ACCEPTED if accepted else AgendaItem.Status.PROPOSED,
            position=_next_position(meeting),
            subject_type=ContentType.objects.get_for_model(subject)
            if subject is not None
            else None,
            subject_id=subject.pk if subject is not None else None,
            subject_label=subject_label,
            subject_url=subject_url,
        )
        _item_journal(item, actor, "propose", after={"status": item.status})
    return item


# What an item's correction may change, with how the journal shows each value.
_EDITABLE_FIELDS = (
    "title",
    "item_type",
    "duration_minutes",
    "presenter",
    "presenter_direction",
    "guest",
    "document_url",
)


def _shown(item: AgendaItem, name: str) -> str | int | None:
    value = getattr(item, name)
    if name in {"presenter", "presenter_direction"}:
        return str(value) if value is not None else None
    return value


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    actor: User,
    title: str,
    item_type: str,
    duration_minutes: int,
    presenter: User | None = None,
    presenter_direction: Direction | None = None,
    guest: str = "",
    document_url: str = "",
) -> bool:
    """Correct an item on the agenda (its title, kind, duration, presenter, document). Returns
    False when nothing changed, so nothing is journalled."""
    new = {
        "title": title.strip(),
        "item_type": item_type,
        "duration_minutes": duration_minutes,
        "presenter": presenter,
        "presenter_direction": presenter_direction,
        "guest": guest.strip(),
        "document_url": document_url.strip(),
    }
    before = {name: _shown(item, name) for name in _EDITABLE_FIELDS}
    for name, value in new.items():
        setattr(item, name, value)
    after = {name: _shown(item, name) for name in _EDITABLE_FIELDS}
    changed = [name for name in _EDITABLE_FIELDS if before[name] != after[name]]
    if not changed:
        return False
    item.save(update_fields=changed)
    journal_record(
        actor=actor,
        action="meetings.agenda_item.update",
        obj=item,
        parent=item.meeting,
        before={name: before[name] for name in changed},
        after={"title": item.title, **{name: after[name] for name in changed}},
    )
    return True


_DECISIONS = {
    "accept": (AgendaItem.Status.ACCEPTED, {AgendaItem.Status.PROPOSED}),
    "defer": (
        AgendaItem.Status.DEFERRED,
        {AgendaItem.Status.PROPOSED, AgendaItem.Status.ACCEPTED},
    ),
    "decline": (
        AgendaItem.Status.DECLINED,
        {AgendaItem.Status.PROPOSED, AgendaItem.Status.ACCEPTED},
    ),
}


@transaction.atomic
def agenda_item_decide(*, item: AgendaItem, actor: User, decision: str) -> bool:
    """Accept, defer (to the backlog, suggested for the next meeting) or decline an item."""
    new, allowed = _DECISIONS[decision]
    before = item.status
    fields: dict[str, object] = {"status": new}
    if new == AgendaItem.Status.ACCEPTED:
        fields["position"] = _next_position(item.meeting)
    done = AgendaItem.objects.filter(pk=item.pk, status__in=allowed).update(**fields) == 1
    if done:
        _item_journal(item, actor, decision, {"status": before}, {"status": new})
    return done


def _renumber(meeting: Meeting, ordered: list[int]) -> None:
    items = {i.pk: i for i in meeting.items.filter(pk__in=ordered)}
    changed = []
    for position, pk in enumerate(ordered, start=1):
        item = items[pk]
        if item.position != position:
            item.position = position
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["position"])


def agenda_item_move(*, item: AgendaItem, actor: User, offset: int) -> None:
    """Move an accepted item up (-1) or down (+1) the agenda: the keyboard's way to reorder."""
    meeting = item.meeting
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        order = list(
            meeting.items.filter(status=AgendaItem.Status.ACCEPTED).values_list("pk", flat=True)
        )
        if item.pk not in order:
            return
        index = order.index(item.pk)
        target = index + offset
        if not 0 <= target < len(order):
            return
        order[index], order[target] = order[target], order[index]
        _renumber(meeting, order)
        journal_record(
            actor=actor, action="meetings.agenda.reorder", obj=meeting, after={"order": order}
        )


def agenda_reorder(*, meeting: Meeting, actor: User, ordered_ids: list[int]) -> None:
    """Set the order of the accepted items (drag and drop). Unknown ids are ignored and items
    left out keep their relative order after the given ones."""
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        current = list(
            meeting.items.filter(status=AgendaItem.Status.ACCEPTED).values_list("pk", flat=True)
        )
        given = [pk for pk in dict.fromkeys(ordered_ids) if pk in current]
        order = given + [pk for pk in current if pk not in given]
        _renumber(meeting, order)
        journal_record(
            actor=actor, action="meetings.agenda.reorder", obj=meeting, after={"order": order}
        )


@transaction.atomic
def agenda_item_record_decision(*, item: AgendaItem, actor: User, decision: str) -> None:
    before = {"decision": item.decision}
    item.decision = decision.strip()
    item.save(update_fields=["decision"])
    _item_journal(item, actor, "decision", before, {"decision": item.decision})


# --- Suggestions --------------------------------------------------------------------------------


def agenda_suggestion_add(
    *, meeting: Meeting, actor: User, key: str, today: dt.date
) -> AgendaItem | None:
    """Add a suggestion to the agenda as an accepted item. The suggestion is looked up again by
    its key, so what is stored comes from the server, not from the form."""
    from meetings.selectors import pending_suggestions

    match = next(
        (s for s in pending_suggestions(meeting=meeting, today=today) if s.key == key), None
    )
    if match is None:
        return None
    direction = (
        Direction.objects.filter(pk=match.presenter_direction_id).first()
        if match.presenter_direction_id
        else None
    )
    item = agenda_item_propose(
        meeting=meeting,
        actor=actor,
        title=match.title[:300],
        item_type=match.item_type,
        duration_minutes=match.duration_minutes,
        presenter_direction=direction,
        accepted=True,
        subject=match.subject,
        subject_label=str(match.subject)[:300] if match.subject is not None else "",
        subject_url=match.url,
        suggestion_key=match.key,
    )
    if isinstance(match.subject, AgendaItem):
        # a deferred item leaves the backlog once carried over
        AgendaItem.objects.filter(pk=match.subject.pk, carried_to__isnull=True).update(
            carried_to=item
        )
    return item


@transaction.atomic
def agenda_suggestion_dismiss(*, meeting: Meeting, actor: User, key: str) -> None:
    SuggestionDismissal.objects.get_or_create(
        meeting=meeting, key=key[:100], defaults={"dismissed_by": actor}
    )
    journal_record(
        actor=actor,
        action="meetings.agenda.suggestion_dismiss",
        obj=meeting,
        after={"key": key[:100]},
    )


# --- Publication --------------------------------------------------------------------------------


EMPTY_AGENDA = "L'ordre du jour est vide : retenez au moins un point avant de le publier."


@transaction.atomic
def meeting_publish_agenda(*, meeting: Meeting, actor: User) -> bool:
    """Publish the agenda (once) and queue its email to every member in the same transaction:
    the outbox sends them after commit, or its sweep does when the broker was unreachable.
    An agenda without a retained item is refused: the members would receive an empty page."""
    if not meeting.items.filter(status=AgendaItem.Status.ACCEPTED).exists():
        raise ValidationError(EMPTY_AGENDA)
    now = timezone.now()
    done = (
        Meeting.objects.filter(
            pk=meeting.pk,
            agenda_status=Meeting.AgendaStatus.DRAFT,
            status=Meeting.Status.SCHEDULED,
        ).update(
            agenda_status=Meeting.AgendaStatus.PUBLISHED,
            agenda_published_at=now,
            sequence=F("sequence") + 1,
        )
        == 1
    )
    if done:
        meeting.refresh_from_db()
        journal_record(
            actor=actor,
            action="meetings.agenda.publish",
            obj=meeting,
            before={"agenda_status": Meeting.AgendaStatus.DRAFT},
            after={"agenda_status": Meeting.AgendaStatus.PUBLISHED},
        )
        from meetings.selectors import body_members

        notifications.agenda_published(
            meeting=meeting, members=list(body_members(meeting.body)), actor=actor
        )
        agenda_emails_queue(meeting=meeting)
    return done


def agenda_email_key(*, meeting: Meeting, member_id: int) -> str:
    """One agenda email per member and version of the meeting: a double click or a retried
    task queues nothing twice, a later publication (a new version) is sent again."""
    return f"meetings.agenda:{meeting.pk}:{meeting.sequence}:{member_id}"


def agenda_emails_queue(*, meeting: Meeting) -> int:
    """Queue the published agenda, with its .ics, to each member who has an email address.
    Idempotent: a member already queued for this version is not queued again. Returns the
    number of members the agenda is addressed to."""
    from meetings.ics import meetings_calendar
    from meetings.selectors import agenda_end, body_members, timed_agenda

    if not meeting.is_published or meeting.is_cancelled:
        return 0
    timed = timed_agenda(meeting)
    ics = meetings_calendar([meeting], agenda_for={meeting.pk: timed})
    body = render_to_string(
        "meetings/email/agenda.txt",
        {
            "meeting": meeting,
            "timed": timed,
            "ends": agenda_end(meeting, timed),
            "url": f"{settings.SITE_URL}/reunions/{meeting.pk}/",
        },
    )
    subject = (
        f"Ordre du jour — {meeting.body.name}, "
        f"{timezone.localtime(meeting.starts_at):%d/%m/%Y à %Hh%M}"
    )
    members = list(body_members(meeting.body).exclude(email=""))
    for member in members:
        email_queue(
            purpose="meetings.agenda",
            key=agenda_email_key(meeting=meeting, member_id=member.pk),
            to=[member.email],
            subject=subject,
            body=body,
            attachments=[(f"reunion-{meeting.pk}.ics", ics, "text/calendar")],
            about=meeting,
        )
    return len(members)


# --- During and after ---------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, actor: User, entries: dict[int, tuple[str, str]]
) -> None:
    """entries: user id -> (status or "" to clear, represented by)."""
    for user_id, (status, represented_by) in entries.items():
        if not status:
            Attendance.objects.filter(meeting=meeting, user_id=user_id).delete()
            continue
        Attendance.objects.update_or_create(
            meeting=meeting,
            user_id=user_id,
            defaults={
                "status": status,
                "represented_by": represented_by.strip()
                if status == Attendance.Status.REPRESENTED
                else "",
            },
        )
    journal_record(
        actor=actor,
        action="meetings.attendance.record",
        obj=meeting,
        after={str(k): v[0] for k, v in entries.items()},
    )


def action_create(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    owner: User,
    due_date: dt.date,
    item: AgendaItem | None = None,
) -> Action:
    fields = {
        "meeting": meeting,
        "item": item,
        "title": title.strip(),
        "owner": owner,
        "due_date": due_date,
    }
    with transaction.atomic():
        # A double click records the action once (the meeting's row is locked meanwhile).
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        same = Action.objects.filter(**fields).first()
        if same is not None:
            return same
        action = Action.objects.create(**fields, created_by=actor)
        _action_journal(
            action,
            actor,
            "create",
            after={"owner": owner.pk, "owner_name": str(owner), "due_date": due_date},
        )
        notifications.action_assigned(action=action, actor=actor)
    return action


@transaction.atomic
def action_close(*, action: Action, actor: User) -> bool:
    done = (
        Action.objects.filter(pk=action.pk, status=Action.Status.OPEN).update(
            status=Action.Status.CLOSED, closed_at=timezone.now(), closed_by=actor
        )
        == 1
    )
    if done:
        _action_journal(
            action,
            actor,
            "close",
            {"status": Action.Status.OPEN},
            {"status": Action.Status.CLOSED},
        )
        # a reminder queued and not sent yet has lost its reason
        email_cancel(key=action_reminder_key(action))
    return done


REMINDER_DAYS_BEFORE = 3


def action_reminder_key(action: Action) -> str:
    """One reminder per action and due date: a second tick queues nothing, a due date moved
    later is reminded again."""
    return f"meetings.action_reminder:{action.pk}:{action.due_date:%Y-%m-%d}"


def action_reminders_queue(*, today: dt.date) -> int:
    """Queue a reminder to the owner of each open action due within three days and not yet
    reminded. Each action is queued in its own short transaction (its row locked and checked
    still open); the outbox sends it, retries it and takes it up again after a worker crash.
    Returns the number of reminders queued by this call."""
    due = list(
        Action.objects.filter(
            status=Action.Status.OPEN,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE),
        )
        .exclude(owner__email="")
        .order_by("due_date", "pk")
    )
    already = queued_keys([action_reminder_key(a) for a in due])
    queued = 0
    for candidate in due:
        if action_reminder_key(candidate) in already:
            continue
        queued += action_reminder_queue(action_id=candidate.pk, today=today)
    return queued


@transaction.atomic
def action_reminder_queue(*, action_id: int, today: dt.date) -> bool:
    """Queue one action's reminder if it is still open and due; False when it no longer is."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("owner", "meeting__body")
        .filter(
            pk=action_id,
            status=Action.Status.OPEN,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE),
        )
        .first()
    )
    if action is None:
        return False
    notifications.action_due(action=action)
    if not action.owner.email:
        return False
    email_queue(
        purpose="meetings.action_reminder",
        key=action_reminder_key(action),
        to=[action.owner.email],
        subject=f"Rappel : action à échéance le {action.due_date:%d/%m/%Y}",
        body=render_to_string(
            "meetings/email/action_reminder.txt",
            {"action": action, "site_url": settings.SITE_URL},
        ),
        about=action,
    )
    return True


#: An overdue action is alerted from the day after its due date, by the first tick within this
#: many days: a beat stopped for a few days catches up, while actions long overdue before the
#: alert existed are not all announced at once (the home page already shows them late).
OVERDUE_ALERT_WITHIN_DAYS = 7


def _overdue_window(today: dt.date) -> dict[str, dt.date]:
    return {
        "due_date__lt": today,
        "due_date__gte": today - dt.timedelta(days=OVERDUE_ALERT_WITHIN_DAYS),
    }


def action_overdue_alerts(*, today: dt.date) -> int:
    """Alert the owner of each open action whose due date has passed, once per action and due
    date (the date alert « after », as the reminder is the one « before »). Each action is
    handled in its own short transaction, its row locked and checked still open; the
    notification's unique key makes a second tick or a racing worker add nothing. Returns the
    number of alerts produced by this call."""
    late = list(
        Action.objects.filter(status=Action.Status.OPEN, **_overdue_window(today))
        .order_by("due_date", "pk")
        .only("pk", "owner", "due_date")
    )
    pending = not_yet_notified(
        late, pair=lambda action: (action.owner_id, notifications.action_overdue_key(action))
    )
    return sum(action_overdue_alert(action_id=action.pk, today=today) for action in pending)


@transaction.atomic
def action_overdue_alert(*, action_id: int, today: dt.date) -> bool:
    """Alert one action's owner if it is still open and overdue; False when it no longer is or
    was already alerted for this due date."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("owner")
        .filter(pk=action_id, status=Action.Status.OPEN, **_overdue_window(today))
        .first()
    )
    if action is None:
        return False
    return notifications.action_overdue(action=action)


# --- Calendar feed ------------------------------------------------------------------------------


def calendar_token_regenerate(*, user: User) -> str:
    """A new secret for the user's private feed, returned to be shown once: only its hash is kept.

    The former address, if any, stops working.
    """
    secret = CalendarToken.new_token()
    CalendarToken.objects.update_or_create(
        user=user,
        defaults={"token_hash": CalendarToken.hash(secret), "created_at": timezone.now()},
    )
    return secret
