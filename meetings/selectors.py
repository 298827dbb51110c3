"""Scoped reads of the meetings app: who is a member, who sees which meeting, what the agenda is.

Membership is computed from the organisation (roles, directions, pôles) plus a body's explicit
extra members; it is never stored twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from directions import policy
from directions.models import Direction, User
from meetings.models import Action, AgendaItem, Body, CalendarToken, Meeting
from sg_portal.agenda import AgendaSuggestion, collect_suggestions
from sg_portal.batch import Batched, fetch_all
from sg_portal.journal.models import Entry
from sg_portal.journal.selectors import journal_of
from sg_portal.outbox.models import Email
from sg_portal.outbox.selectors import emails_about


def _members_q(body: Body) -> Q:
    rule = policy.convened_q(body.kind, body.pole_id) | Q(extra_bodies=body)
    if body.chair_id:
        rule |= Q(pk=body.chair_id)
    return rule


def body_members(body: Body) -> QuerySet[User]:
    """The people convened to a body's meetings (active accounts with an email address or not)."""
    return (
        User.objects.filter(_members_q(body), is_active=True)
        .select_related("direction")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def is_member(user: User, body: Body, *, extra_ids: set[int] | None = None) -> bool:
    """The same rule as `body_members`, decided in Python for one user (no query when the body's
    extra members are given)."""
    if not policy.is_active_user(user):
        return False
    if body.chair_id == user.pk:
        return True
    if extra_ids is None:
        extra_ids = {u.pk for u in body.extra_members.all()}
    if user.pk in extra_ids:
        return True
    return policy.is_convened(user, body.kind, body.pole_id)


@dataclass(frozen=True)
class BodyAccess:
    visible: frozenset[int]  # bodies whose meetings the user sees
    member: frozenset[int]  # bodies the user is convened to
    prepares: frozenset[int]  # bodies whose agendas the user prepares


def body_access(user: User) -> BodyAccess:
    """What the user may do in each body: one query whatever the number of bodies (whether the
    user is among a body's preparers or extra members comes with it)."""
    if not policy.is_active_user(user):
        return BodyAccess(frozenset(), frozenset(), frozenset())
    bodies = Body.objects.filter(is_active=True).annotate(
        user_prepares=Exists(
            Body.preparers.through.objects.filter(body_id=OuterRef("pk"), user_id=user.pk)
        ),
        user_extra=Exists(
            Body.extra_members.through.objects.filter(body_id=OuterRef("pk"), user_id=user.pk)
        ),
    )
    visible, member, prepares = set(), set(), set()
    everything = policy.sees_every_meeting(user)
    for body in bodies:
        mine = {user.pk}
        if policy.prepares_body(
            user, chair_id=body.chair_id, preparer_ids=mine if body.user_prepares else set()
        ):
            prepares.add(body.pk)
        if is_member(user, body, extra_ids=mine if body.user_extra else set()):
            member.add(body.pk)
        if everything or body.pk in member or body.pk in prepares:
            visible.add(body.pk)
    return BodyAccess(frozenset(visible), frozenset(member), frozenset(prepares))


def meetings_visible_to(user: User, *, access: BodyAccess | None = None) -> QuerySet[Meeting]:
    access = access or body_access(user)
    return Meeting.objects.filter(body_id__in=access.visible).select_related("body", "body__pole")


def meeting_for(user: User, pk: int) -> tuple[Meeting, BodyAccess]:
    """The meeting if the user may see it (404 otherwise), with the user's access."""
    access = body_access(user)
    meeting = meetings_visible_to(user, access=access).filter(pk=pk).first()
    if meeting is None:
        raise Http404("Réunion introuvable")
    return meeting, access


def can_prepare(access: BodyAccess, meeting: Meeting) -> bool:
    return meeting.body_id in access.prepares


def agenda_visible(access: BodyAccess, meeting: Meeting) -> bool:
    """A draft agenda is read only by its preparers until it is published."""
    return meeting.is_published or can_prepare(access, meeting)


def can_propose(user: User, access: BodyAccess, meeting: Meeting) -> bool:
    """Directors and chargés de mission of the body (and its preparers) propose items; so does
    the SG's staff (Secrétaire générale, délégué·e, adjoint·e·s, chargés de mission) for every
    meeting it sees, a pôle's weekly meeting included."""
    if meeting.is_cancelled or meeting.starts_at < timezone.now():
        return False
    if can_prepare(access, meeting):
        return True
    if policy.proposes_to_visible_meetings(user):
        return meeting.body_id in access.visible
    return meeting.body_id in access.member and policy.proposes_as_member(user)


def action_for(user: User, pk: int) -> tuple[Action, BodyAccess]:
    """An action of a meeting the user sees or is convened to (404 otherwise), with the user's
    access."""
    access = body_access(user)
    action = (
        Action.objects.select_related("meeting")
        .filter(pk=pk, meeting__body_id__in=access.visible | access.member)
        .first()
    )
    if action is None:
        raise Http404("Action introuvable")
    return action, access


def can_close_action(user: User, access: BodyAccess, action: Action) -> bool:
    """Its owner, or a preparer of the meeting's body, closes an action."""
    return action.owner_id == user.pk or can_prepare(access, action.meeting)


def calendar_feed_owner(token: str) -> User | None:
    """The active user whose private calendar feed this secret opens; None for an unknown one.

    The secret is looked up by its hash: the database keeps nothing else of it.
    """
    if not token or len(token) > 100:
        return None
    found = (
        CalendarToken.objects.select_related("user", "user__direction")
        .filter(token_hash=CalendarToken.hash(token))
        .first()
    )
    if found is None or not policy.is_active_user(found.user):
        return None
    return found.user


def calendar_token_created_at(user: User) -> dt.datetime | None:
    """When the user's private feed address was made (it is not shown again), or None."""
    return CalendarToken.objects.filter(user=user).values_list("created_at", flat=True).first()


def default_presenter(user: User) -> User | None:
    """Who presents an item a user proposes: the director or référent themselves (for their
    direction); nobody named for anyone else."""
    return user if policy.presents_for_direction(user) else None


@dataclass
class TimedItem:
    item: AgendaItem
    starts: dt.datetime
    number: int


_ITEM_RELATED = ("presenter", "presenter_direction", "proposed_by")


def _accepted(meeting: Meeting) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting=meeting, status=AgendaItem.Status.ACCEPTED)


def _timed(meeting: Meeting, items: Iterable[AgendaItem]) -> list[TimedItem]:
    start = timezone.localtime(meeting.starts_at)
    out = []
    for number, item in enumerate(items, start=1):
        out.append(TimedItem(item=item, starts=start, number=number))
        start += dt.timedelta(minutes=item.duration_minutes)
    return out


def timed_agenda(meeting: Meeting) -> list[TimedItem]:
    """The accepted items in order, each with its start time computed from the durations, and
    the actions decided on each (the documents list them)."""
    items = _accepted(meeting).select_related(*_ITEM_RELATED).prefetch_related("actions__owner")
    return _timed(meeting, items)


def agenda_end(meeting: Meeting, timed: list[TimedItem]) -> dt.datetime:
    if not timed:
        return timezone.localtime(meeting.starts_at)
    last = timed[-1]
    return last.starts + dt.timedelta(minutes=last.item.duration_minutes)


def other_items(meeting: Meeting, user: User, access: BodyAccess) -> QuerySet[AgendaItem]:
    """Items not (or no longer) on the agenda: all of them for a preparer, one's own otherwise."""
    qs = AgendaItem.objects.filter(meeting=meeting).exclude(status=AgendaItem.Status.ACCEPTED)
    if not can_prepare(access, meeting):
        qs = qs.filter(proposed_by=user)
    return qs.order_by("status", "created_at", "id")


def open_actions_of_body(meeting: Meeting) -> QuerySet[Action]:
    """Actions decided at earlier meetings of the same body and still open: they come back on
    every following agenda until closed."""
    return (
        Action.objects.filter(
            meeting__body_id=meeting.body_id,
            meeting__starts_at__lt=meeting.starts_at,
            status=Action.Status.OPEN,
        )
        .select_related("owner", "meeting")
        .order_by("due_date", "id")
    )


def actions_of_user(user: User, *, until: dt.date) -> QuerySet[Action]:
    return (
        Action.objects.filter(owner=user, status=Action.Status.OPEN, due_date__lte=until)
        .select_related("meeting__body")
        .order_by("due_date", "id")
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(
            body_id=meeting.body_id,
            starts_at__gt=meeting.starts_at,
            status=Meeting.Status.SCHEDULED,
        )
        .order_by("starts_at")
        .first()
    )


def scope_directions(meeting: Meeting) -> QuerySet[Direction]:
    """Directions a meeting's suggestions look at: all for the CDS, the pôle's for its meeting."""
    return Direction.objects.filter(
        policy.body_directions_q(meeting.body.kind, meeting.body.pole_id)
    )


def pending_suggestions(
    *, meeting: Meeting, today: dt.date, reads: Iterable[Batched] = ()
) -> list[AgendaSuggestion]:
    """Suggestions for this meeting, minus those already added or set aside. Every app's reads,
    the keys already used and the caller's `reads` are done together (`sg_portal.batch`)."""
    added = Batched(
        meeting.items.exclude(suggestion_key="").order_by("pk"),
        then=lambda items: {item.suggestion_key for item in items},
    )
    dismissed = Batched(
        meeting.dismissals.order_by("pk"), then=lambda rows: {row.key for row in rows}
    )
    found = collect_suggestions(
        meeting=meeting,
        directions=scope_directions(meeting),
        today=today,
        reads=[added, dismissed, *reads],
    )
    used = added.result | dismissed.result
    return [s for s in found if s.key not in used]


def meeting_page_lists(
    meeting: Meeting, user: User, access: BodyAccess, *, today: dt.date, full: bool
) -> dict[str, Any]:
    """The lists of a meeting's page, read together (one query on PostgreSQL, `sg_portal.batch`):
    where the agenda is visible, the timed agenda and the open actions of earlier meetings; the
    other items; on the full page (not the agenda panel alone), the meeting's own actions and
    its attendance; and for those who prepare a meeting still to come, the agenda suggestions of
    every app. The items' own actions are not read: the page does not show them."""
    reads: dict[str, Batched] = {
        "others": Batched(other_items(meeting, user, access), related=_ITEM_RELATED)
    }
    if agenda_visible(access, meeting):
        reads["timed"] = Batched(
            _accepted(meeting), related=_ITEM_RELATED, then=lambda items: _timed(meeting, items)
        )
        reads["open_actions"] = Batched(open_actions_of_body(meeting), related=("owner", "meeting"))
    if full:
        reads["actions"] = Batched(
            meeting.actions.order_by("due_date", "id"), related=("owner", "item")
        )
        reads["attendances"] = Batched(meeting.attendances.order_by("pk"))
    lists: dict[str, Any] = {"timed": [], "open_actions": [], "suggestions": []}
    if (
        can_prepare(access, meeting)
        and not meeting.is_cancelled
        and meeting.starts_at >= timezone.now()
    ):
        lists["suggestions"] = pending_suggestions(
            meeting=meeting, today=today, reads=reads.values()
        )
    fetch_all(reads.values())
    lists.update({key: read.result for key, read in reads.items()})
    return lists


_AGENDA_ACTIONS = ("meetings.agenda.", "meetings.agenda_item.")


def meeting_history(meeting: Meeting, access: BodyAccess) -> list[Entry]:
    """The meeting's journal for one reader. Whoever sees the meeting sees its history, except
    the acts on a draft agenda, which only its preparers read until it is published."""
    entries = journal_of(meeting)
    if agenda_visible(access, meeting):
        return entries
    return [e for e in entries if not e.action.startswith(_AGENDA_ACTIONS)]


@dataclass(frozen=True)
class AgendaEmail:
    """The agenda's email to one member, as the outbox holds it."""

    recipient: str
    address: str
    state: str
    state_label: str
    badge: str
    sent_at: dt.datetime | None
    last_error: str


@dataclass(frozen=True)
class AgendaMailing:
    """Who the published agenda was sent to: failures first, then what is waiting, then sent."""

    lines: list[AgendaEmail]

    @property
    def sent(self) -> int:
        return sum(line.state == "sent" for line in self.lines)

    @property
    def failed(self) -> int:
        return sum(line.state == "failed" for line in self.lines)

    @property
    def waiting(self) -> int:
        return sum(line.state in {"queued", "sending"} for line in self.lines)


_STATE_ORDER = {"failed": 0, "queued": 1, "sending": 1, "sent": 2}


def agenda_mailing(meeting: Meeting) -> AgendaMailing:
    """Who the published agenda was sent to, read from the outbox: one line per member (their
    newest email, should the agenda have been sent in several versions)."""
    rows: dict[int, Email] = {}
    for email in emails_about(meeting, purposes=["meetings.agenda"]):
        member_id = int(email.key.rsplit(":", 1)[1])
        rows.setdefault(member_id, email)  # newest first
    people = User.objects.in_bulk(list(rows))

    def order(member_id: int) -> tuple[int, str, str, str]:
        email, person = rows[member_id], people.get(member_id)
        rank = _STATE_ORDER.get(email.state, 3)
        if person is None:
            return (rank, "~", "", ", ".join(email.to))
        return (rank, person.last_name.casefold(), person.first_name.casefold(), person.username)

    return AgendaMailing(
        lines=[
            AgendaEmail(
                recipient=str(people[member_id]) if member_id in people else ", ".join(email.to),
                address=", ".join(email.to),
                state=email.state,
                state_label=email.get_state_display(),
                badge=email.badge,
                sent_at=email.sent_at,
                last_error=email.last_error,
            )
            for member_id, email in sorted(rows.items(), key=lambda pair: order(pair[0]))
        ]
    )


def agenda_items_visible_to(
    user: User, *, access: BodyAccess | None = None
) -> QuerySet[AgendaItem]:
    """The agenda items a user may read: those of a published agenda, every item of the bodies
    they prepare, and their own proposals (as the meeting page shows them)."""
    access = access or body_access(user)
    return AgendaItem.objects.filter(meeting__body_id__in=access.visible).filter(
        Q(
            meeting__agenda_status=Meeting.AgendaStatus.PUBLISHED,
            status=AgendaItem.Status.ACCEPTED,
        )
        | Q(meeting__body_id__in=access.prepares)
        | Q(proposed_by=user)
    )


def actions_visible_to(user: User, *, access: BodyAccess | None = None) -> QuerySet[Action]:
    """The actions of the meetings a user sees or is convened to (as `action_for`)."""
    access = access or body_access(user)
    return Action.objects.filter(meeting__body_id__in=access.visible | access.member)


def has_meetings(user: User) -> bool:
    """Whether the list of meetings exists for the user (not for the élus and the cabinets)."""
    return policy.follows_the_administration(user)


def sees_every_meeting(user: User) -> bool:
    """The list speaks of every body to those who see them all, of their own meetings otherwise."""
    return policy.sees_every_meeting(user)
