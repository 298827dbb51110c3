"""Writes of internal communication: announcements, their reading and relay; the auditorium's
sessions and registrations. Services trust their caller (views authorise through selectors)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from communication import notifications
from communication.models import (
    RESERVATION_RELEASE_BEFORE,
    Announcement,
    AnnouncementVersion,
    BannerDismissal,
    Question,
    Reading,
    Registration,
    Relay,
    Session,
    SessionReservation,
)
from directions import policy
from directions.models import Direction, User
from sg_portal.journal.services import journal_record
from sg_portal.outbox.models import Email
from sg_portal.outbox.services import email_queue

#: A freed seat is offered to the next person waiting, who has this long to confirm it.
OFFER_DELAY = dt.timedelta(hours=24)
#: Registered people are reminded of a session this long before it starts.
REMINDER_BEFORE = dt.timedelta(days=2)

ANNOUNCEMENT_TEXT_FIELDS = ("title", "lead", "body", "body_format", "signature")
ANNOUNCEMENT_FIELDS = (
    *ANNOUNCEMENT_TEXT_FIELDS,
    "category",
    "audience",
    "audience_pole",
    "publish_at",
    "unpublish_at",
    "pinned_until",
    "is_important",
    "asks_acknowledgement",
    "asks_relay",
)
SESSION_FIELDS = (
    "title",
    "description",
    "speakers",
    "starts_at",
    "duration_minutes",
    "room",
    "capacity",
    "video_url",
    "audience",
    "audience_pole",
    "registration_opens_at",
    "registration_closes_at",
)


class CommunicationError(Exception):
    """A refused act, with its French message and the field it concerns (if any)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _moment(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "l j F Y à G\\hi")


# --- Announcements -------------------------------------------------------------------------------


def _snapshot(announcement: Announcement) -> dict[str, Any]:
    return {name: getattr(announcement, name) for name in ("title", "is_important", "version")}


def _keep_version(announcement: Announcement, *, actor: User) -> None:
    AnnouncementVersion.objects.create(
        announcement=announcement,
        number=announcement.version,
        title=announcement.title,
        lead=announcement.lead,
        body=announcement.body,
        body_format=announcement.body_format,
        signature=announcement.signature,
        edited_by=actor,
    )


def _one_banner(announcement: Announcement, *, actor: User) -> None:
    """At most one « important » banner: marking one takes the mark off the previous one."""
    if not announcement.is_important:
        return
    for previous in (
        Announcement.objects.select_for_update()
        .filter(is_important=True)
        .exclude(pk=announcement.pk)
    ):
        Announcement.objects.filter(pk=previous.pk).update(is_important=False)
        journal_record(
            actor=actor,
            action="communication.announcement.unmark",
            obj=previous,
            before={"is_important": True},
            after={"is_important": False},
            comment=f"Remplacée en bandeau par « {announcement.title} ».",
        )


@transaction.atomic
def announcement_create(
    *, actor: User, data: dict[str, Any], directions: Iterable[Direction] = ()
) -> Announcement:
    announcement = Announcement(author=actor, version=1)
    for name in ANNOUNCEMENT_FIELDS:
        if name in data:
            setattr(announcement, name, data[name])
    important = announcement.is_important
    announcement.is_important = False
    announcement.save()
    if important:
        announcement.is_important = True
        _one_banner(announcement, actor=actor)
        announcement.save(update_fields=["is_important"])
    announcement.audience_directions.set(directions)
    _keep_version(announcement, actor=actor)
    journal_record(
        actor=actor,
        action="communication.announcement.create",
        obj=announcement,
        after={
            "title": announcement.title,
            "publish_at": announcement.publish_at,
            "audience": announcement.audience,
        },
    )
    notifications.relay_due(announcement=announcement, actor=actor)
    return announcement


@transaction.atomic
def announcement_update(
    *,
    actor: User,
    announcement: Announcement,
    data: dict[str, Any],
    directions: Iterable[Direction] = (),
) -> Announcement:
    """Changes an announcement; a change of its text is a new version, the former ones kept."""
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    before = {name: getattr(locked, name) for name in ANNOUNCEMENT_FIELDS}
    text_changed = any(
        name in data and data[name] != getattr(locked, name) for name in ANNOUNCEMENT_TEXT_FIELDS
    )
    for name in ANNOUNCEMENT_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    if locked.is_important and not before["is_important"]:
        _one_banner(locked, actor=actor)
    if text_changed:
        locked.version = F("version") + 1
    locked.save(update_fields=[*ANNOUNCEMENT_FIELDS, "version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    locked.audience_directions.set(directions)
    if text_changed:
        _keep_version(locked, actor=actor)
    after = {name: getattr(locked, name) for name in ANNOUNCEMENT_FIELDS}
    changed = [name for name in ANNOUNCEMENT_FIELDS if before[name] != after[name]]
    journal_record(
        actor=actor,
        action="communication.announcement.update",
        obj=locked,
        before={name: before[name] for name in changed if name != "body"},
        after={name: after[name] for name in changed if name != "body"}
        | {"version": locked.version},
        comment="Texte modifié : nouvelle version." if text_changed else "",
    )
    notifications.relay_due(announcement=locked, actor=actor)
    return locked


def announcement_read(*, user: User, announcement: Announcement) -> Reading:
    """The reader opened the announcement (the first time counts)."""
    reading, _ = Reading.objects.get_or_create(announcement=announcement, user=user)
    return reading


@transaction.atomic
def announcement_acknowledge(*, user: User, announcement: Announcement) -> bool:
    """« J'ai pris connaissance »: recorded once, however often it is clicked."""
    Reading.objects.get_or_create(announcement=announcement, user=user)
    done = (
        Reading.objects.filter(
            announcement=announcement, user=user, acknowledged_at__isnull=True
        ).update(acknowledged_at=timezone.now())
        == 1
    )
    if done:
        journal_record(
            actor=user,
            action="communication.announcement.acknowledge",
            obj=announcement,
            after={"title": announcement.title},
        )
    return done


@transaction.atomic
def announcement_relay(
    *,
    actor: User,
    announcement: Announcement,
    direction: Direction,
    relayed_on: dt.date,
    how: str,
    note: str = "",
) -> Relay:
    if relayed_on > timezone.localdate():
        raise CommunicationError("La date du relais ne peut pas être dans le futur.", "relayed_on")
    if relayed_on < timezone.localdate(announcement.publish_at):
        raise CommunicationError("L'annonce n'était pas encore publiée à cette date.", "relayed_on")
    try:
        with transaction.atomic():
            relay = Relay.objects.create(
                announcement=announcement,
                direction=direction,
                relayed_on=relayed_on,
                how=how,
                note=note,
                relayed_by=actor,
            )
    except IntegrityError:
        raise CommunicationError(
            f"Le relais de cette annonce dans la direction {direction.code} est déjà enregistré."
        ) from None
    journal_record(
        actor=actor,
        action="communication.announcement.relay",
        obj=announcement,
        after={
            "direction": direction.code,
            "relayed_on": relayed_on,
            "how": Relay.How(how).label,
        },
        comment=note,
    )
    return relay


@transaction.atomic
def announcement_remind_relays(*, actor: User | None, announcement: Announcement) -> int:
    """Remind the directors of the directions that have not relayed the announcement yet.

    Each direction is reminded once (the outbox's key), however often the SG clicks or two
    clicks race; returns how many reminders this call queued. The announcement's row is locked,
    so two racing clicks see each other's reminders."""
    Announcement.objects.select_for_update().get(pk=announcement.pk)
    directions = (
        Direction.objects.filter(
            policy.relaying_directions_q(
                announcement.audience,
                announcement.audience_pole_id,
                list(announcement.audience_directions.values_list("pk", flat=True)),
            )
        )
        .exclude(pk__in=announcement.relays.values("direction_id"))
        .order_by("code")
    )
    url = _link(f"/annonces/{announcement.pk}/")
    queued = 0
    for direction in directions:
        to = list(
            User.objects.filter(policy.direction_directors_q(direction.pk))
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not to:
            continue
        key = f"communication.relay_reminder:{announcement.pk}:{direction.pk}"
        if Email.objects.filter(key=key).exists():
            continue
        context = {"announcement": announcement, "direction": direction, "url": url}
        email_queue(
            purpose="communication.relay_reminder",
            key=key,
            to=to,
            subject=f"Annonce à relayer dans votre direction : {announcement.title}",
            body=render_to_string("communication/email/relay_reminder.txt", context),
            about=announcement,
        )
        queued += 1
    if queued:
        journal_record(
            actor=actor,
            action="communication.announcement.remind",
            obj=announcement,
            after={"reminders": queued},
        )
    return queued


def banner_dismiss(*, user: User, announcement: Announcement) -> None:
    """The reader closes the banner as it reads now; a changed text shows it again."""
    BannerDismissal.objects.update_or_create(
        announcement=announcement,
        user=user,
        defaults={"text_hash": announcement.text_hash, "dismissed_at": timezone.now()},
    )


# --- Sessions ------------------------------------------------------------------------------------


def _check_reservations(
    data: dict[str, Any], reservations: dict[int, int], taken: dict[int, int]
) -> None:
    """At most the capacity reserved in all; never fewer seats for a pôle than its people hold."""
    for pole_id, seats in reservations.items():
        if seats < taken.get(pole_id, 0):
            raise CommunicationError(
                f"{taken[pole_id]} personnes du pôle occupent déjà des places réservées :"
                " n'en réservez pas moins.",
                f"reserved_{pole_id}",
            )
    for pole_id, held in taken.items():
        if held and pole_id not in reservations:
            raise CommunicationError(
                f"{held} personnes du pôle occupent déjà des places réservées :"
                " n'en réservez pas moins.",
                f"reserved_{pole_id}",
            )
    total = sum(reservations.values())
    if reservations and total > data["capacity"]:
        raise CommunicationError(
            f"{total} places réservées pour {data['capacity']} places : réservez-en moins"
            " ou augmentez le nombre de places.",
            f"reserved_{max(reservations, key=lambda pk: reservations[pk])}",
        )


def _set_reservations(session: Session, reservations: dict[int, int]) -> None:
    session.reservations.exclude(pole_id__in=list(reservations)).delete()
    for pole_id, seats in reservations.items():
        SessionReservation.objects.update_or_create(
            session=session, pole_id=pole_id, defaults={"seats": seats}
        )


def _reserved_taken(session: Session) -> dict[int, int]:
    rows = (
        session.registrations.filter(status__in=Registration.SEATED, reserved_pole__isnull=False)
        .values("reserved_pole_id")
        .annotate(n=Count("pk"))
    )
    return {row["reserved_pole_id"]: row["n"] for row in rows}


def _check_session(data: dict[str, Any], *, seated: int = 0, creating: bool) -> None:
    now = timezone.now()
    starts = data["starts_at"]
    if creating and starts <= now:
        raise CommunicationError("La séance ne peut pas être dans le passé.", "starts_at")
    if data["registration_closes_at"] > starts:
        raise CommunicationError(
            "Les inscriptions doivent fermer avant le début de la séance.",
            "registration_closes_at",
        )
    if data["registration_opens_at"] >= data["registration_closes_at"]:
        raise CommunicationError(
            "Les inscriptions doivent ouvrir avant de fermer.", "registration_opens_at"
        )
    if data["capacity"] < seated:
        raise CommunicationError(
            f"{seated} personnes ont déjà une place : la capacité ne peut pas être inférieure.",
            "capacity",
        )


@transaction.atomic
def session_create(
    *,
    actor: User,
    data: dict[str, Any],
    directions: Iterable[Direction] = (),
    reservations: dict[int, int] | None = None,
) -> Session:
    reservations = {pk: n for pk, n in (reservations or {}).items() if n}
    _check_session(data, creating=True)
    _check_reservations(data, reservations, {})
    session = Session(organiser=actor)
    for name in SESSION_FIELDS:
        if name in data:
            setattr(session, name, data[name])
    session.save()
    session.audience_directions.set(directions)
    _set_reservations(session, reservations)
    journal_record(
        actor=actor,
        action="communication.session.create",
        obj=session,
        after={
            "title": session.title,
            "starts_at": session.starts_at,
            "capacity": session.capacity,
            "reserved": {str(pk): n for pk, n in reservations.items()},
        },
    )
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: Session,
    data: dict[str, Any],
    directions: Iterable[Direction] = (),
    reservations: dict[int, int] | None = None,
) -> Session:
    """Reservations: None keeps them as they are; a mapping replaces them."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    seated = locked.registrations.filter(status__in=Registration.SEATED).count()
    _check_session(data, seated=seated, creating=False)
    old_reserved = {str(r.pole_id): r.seats for r in locked.reservations.all()}
    if reservations is not None:
        reservations = {pk: n for pk, n in reservations.items() if n}
        released = timezone.now() >= data["registration_closes_at"] - RESERVATION_RELEASE_BEFORE
        _check_reservations(data, reservations, {} if released else _reserved_taken(locked))
    before = {name: getattr(locked, name) for name in SESSION_FIELDS}
    for name in SESSION_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    if before["starts_at"] != locked.starts_at or before["room"] != locked.room:
        locked.sequence += 1
    locked.save(update_fields=[*SESSION_FIELDS, "sequence"])
    locked.audience_directions.set(directions)
    if reservations is not None:
        _set_reservations(locked, reservations)
    before["reserved"] = old_reserved
    after = {name: getattr(locked, name) for name in SESSION_FIELDS}
    after["reserved"] = {str(r.pole_id): r.seats for r in locked.reservations.all()}
    changed = [name for name in after if before[name] != after[name]]
    journal_record(
        actor=actor,
        action="communication.session.update",
        obj=locked,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    _promote(locked, actor=actor)
    return locked


@transaction.atomic
def session_attach_material(
    *,
    actor: User,
    session: Session,
    recording_url: str,
    slides: tuple[str, bytes, str] | None = None,
) -> None:
    """Slides and the recording, attached after the session."""
    fields = ["recording_url"]
    session.recording_url = recording_url
    if slides is not None:
        session.slides_name, session.slides, session.slides_type = slides
        fields += ["slides_name", "slides", "slides_type"]
    session.save(update_fields=fields)
    journal_record(
        actor=actor,
        action="communication.session.material",
        obj=session,
        after={"recording_url": recording_url, "slides": session.slides_name},
    )


def _seated(session: Session) -> int:
    return session.registrations.filter(status__in=Registration.SEATED).count()


class _Seats:
    """The seats still free of a session: per pôle (its reserved seats) and for everyone.

    Before the release date a person of a pôle takes a seat reserved for it first, then an
    unreserved one; anyone else only an unreserved one. From the release date every free seat
    is for everyone."""

    def __init__(self, session: Session, now: dt.datetime | None = None) -> None:
        now = now or timezone.now()
        reserved = {r.pole_id: r.seats for r in session.reservations.all()}
        seated = session.registrations.filter(status__in=Registration.SEATED)
        self.reserved_free: dict[int, int] = {}
        if not reserved or now >= session.reservations_release_at:
            self.open_free = session.capacity - seated.count()
            return
        taken = _reserved_taken(session)
        held_in_reserved = sum(min(taken.get(pk, 0), n) for pk, n in reserved.items())
        self.reserved_free = {pk: max(n - taken.get(pk, 0), 0) for pk, n in reserved.items()}
        self.open_free = (
            session.capacity - sum(reserved.values()) - (seated.count() - held_in_reserved)
        )

    def take(self, pole_id: int | None) -> tuple[bool, int | None]:
        """A seat for a person of this pôle: (found, the pôle whose reserved seat it is)."""
        if pole_id is not None and self.reserved_free.get(pole_id, 0) > 0:
            self.reserved_free[pole_id] -= 1
            return True, pole_id
        if self.open_free > 0:
            self.open_free -= 1
            return True, None
        return False, None


def seats_free_for(session: Session, user: User) -> int:
    """How many free seats this person could take now (their pôle's reserved ones included)."""
    seats = _Seats(session)
    return max(seats.open_free, 0) + seats.reserved_free.get(policy.user_pole_id(user) or 0, 0)


def _offer_email(registration: Registration) -> None:
    session = registration.session
    context = {
        "registration": registration,
        "session": session,
        "when": _moment(session.starts_at),
        "until": _moment(registration.offer_expires_at or timezone.now()),
        "url": _link(f"/auditorium/{session.pk}/"),
    }
    email_queue(
        purpose="communication.seat_offer",
        key=f"communication.seat_offer:{registration.pk}:{registration.offer_count}",
        to=[registration.user.email],
        subject=f"Une place s'est libérée : {session.title}",
        body=render_to_string("communication/email/seat_offer.txt", context),
        about=session,
    )


def _promote(session: Session, *, actor: User | None) -> list[Registration]:
    """Offer the freed seats to the people waiting, in order of registration. The caller holds
    the session's row lock."""
    offered: list[Registration] = []
    if session.is_cancelled or session.is_past:
        return offered
    seats = _Seats(session)
    if seats.open_free <= 0 and not any(seats.reserved_free.values()):
        return offered
    waiting = list(
        session.registrations.select_related("user", "user__direction", "session")
        .filter(status=Registration.Status.WAITING)
        .order_by("queued_at", "pk")
    )
    expires = timezone.now() + OFFER_DELAY
    for registration in waiting:
        found, reserved_pole = seats.take(policy.user_pole_id(registration.user))
        if not found:
            continue
        Registration.objects.filter(pk=registration.pk).update(
            status=Registration.Status.OFFERED,
            offer_expires_at=expires,
            offer_count=F("offer_count") + 1,
            reserved_pole_id=reserved_pole,
        )
        registration.refresh_from_db()
        journal_record(
            actor=actor,
            action="communication.registration.offer",
            obj=registration,
            parent=session,
            before={"status": Registration.Status.WAITING},
            after={"status": registration.status, "offer_expires_at": expires},
            comment=registration.user.get_full_name(),
        )
        _offer_email(registration)
        notifications.seat_offered(registration=registration)
        offered.append(registration)
    return offered


@transaction.atomic
def session_register(
    *, session_id: int, user: User, deputy_name: str = "", now: dt.datetime | None = None
) -> Registration:
    """One click: a seat if one is free, else the waiting list, in order of registration.

    The session's row is locked for the decision, so of two people taking the last seat at
    the same instant one gets it and the other is put on the waiting list."""
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=session_id)
    if not session.registration_is_open(now):
        raise CommunicationError("Les inscriptions à cette séance ne sont pas ouvertes.")
    existing = Registration.objects.filter(session=session, user=user).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        if deputy_name != existing.deputy_name:
            existing.deputy_name = deputy_name
            existing.save(update_fields=["deputy_name", "updated_at"])
        return existing
    # Those already waiting go first: whatever seat they can take is offered to them, and
    # the newcomer only gets a seat none of them could use (one reserved for their pôle).
    _promote(session, actor=None)
    found, reserved_pole = _Seats(session, now).take(policy.user_pole_id(user))
    status = Registration.Status.REGISTERED if found else Registration.Status.WAITING
    if existing is None:
        registration = Registration.objects.create(
            session=session,
            user=user,
            deputy_name=deputy_name,
            status=status,
            queued_at=now,
            reserved_pole_id=reserved_pole,
        )
    else:
        registration = existing
        registration.status = status
        registration.deputy_name = deputy_name
        registration.queued_at = now
        registration.offer_expires_at = None
        registration.reserved_pole_id = reserved_pole
        registration.save(
            update_fields=[
                "status",
                "deputy_name",
                "queued_at",
                "offer_expires_at",
                "reserved_pole",
                "updated_at",
            ]
        )
    journal_record(
        actor=user,
        action="communication.registration.register",
        obj=registration,
        parent=session,
        after={"status": status, "deputy_name": deputy_name},
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: User) -> bool:
    """The person withdraws; a seat they held goes to the next person waiting."""
    session = Session.objects.select_for_update().get(pk=registration.session_id)
    old = Registration.objects.get(pk=registration.pk).status
    if old not in {
        Registration.Status.REGISTERED,
        Registration.Status.OFFERED,
        Registration.Status.WAITING,
    }:
        return False
    if session.is_past:
        raise CommunicationError("La séance a eu lieu : l'inscription ne peut plus être annulée.")
    changed = (
        Registration.objects.filter(pk=registration.pk, status=old).update(
            status=Registration.Status.CANCELLED, offer_expires_at=None
        )
        == 1
    )
    if changed:
        journal_record(
            actor=actor,
            action="communication.registration.cancel",
            obj=registration,
            parent=session,
            before={"status": old},
            after={"status": Registration.Status.CANCELLED},
        )
        _promote(session, actor=None)
    return changed


@transaction.atomic
def registration_confirm(*, registration: Registration, actor: User) -> bool:
    """The person offered a freed seat takes it, within the 24 hours."""
    Session.objects.select_for_update().get(pk=registration.session_id)
    changed = (
        Registration.objects.filter(
            pk=registration.pk,
            status=Registration.Status.OFFERED,
            offer_expires_at__gt=timezone.now(),
        ).update(status=Registration.Status.REGISTERED, offer_expires_at=None)
        == 1
    )
    if changed:
        journal_record(
            actor=actor,
            action="communication.registration.confirm",
            obj=registration,
            parent=registration.session,
            before={"status": Registration.Status.OFFERED},
            after={"status": Registration.Status.REGISTERED},
        )
    return changed


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Offers not confirmed in time lapse: the seat passes to the next person waiting. One row
    at a time, each claimed by a conditional update, so two beat ticks lapse it once."""
    now = now or timezone.now()
    lapsed = 0
    for pk, session_id in list(
        Registration.objects.filter(
            status=Registration.Status.OFFERED, offer_expires_at__lte=now
        ).values_list("pk", "session_id")
    ):
        with transaction.atomic():
            session = Session.objects.select_for_update().get(pk=session_id)
            if (
                Registration.objects.filter(
                    pk=pk, status=Registration.Status.OFFERED, offer_expires_at__lte=now
                ).update(status=Registration.Status.CANCELLED, offer_expires_at=None)
                != 1
            ):
                continue
            registration = Registration.objects.get(pk=pk)
            journal_record(
                actor=None,
                action="communication.registration.lapse",
                obj=registration,
                parent=session,
                before={"status": Registration.Status.OFFERED},
                after={"status": Registration.Status.CANCELLED},
            )
            _promote(session, actor=None)
            lapsed += 1
    return lapsed


def reservations_release(*, now: dt.datetime | None = None) -> int:
    """From their release date, the reserved seats nobody took are offered to the people
    waiting, whatever their pôle. Each session under its row lock; returns the offers made."""
    now = now or timezone.now()
    offered = 0
    sessions = Session.objects.filter(
        status=Session.State.SCHEDULED,
        starts_at__gt=now,
        registration_closes_at__lte=now + RESERVATION_RELEASE_BEFORE,
        reservations__isnull=False,
        registrations__status=Registration.Status.WAITING,
    ).distinct()
    for pk in list(sessions.values_list("pk", flat=True)):
        with transaction.atomic():
            session = Session.objects.select_for_update().get(pk=pk)
            offered += len(_promote(session, actor=None))
    return offered


def session_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Reminders two days before a session, to each person with a seat, once each (the key)."""
    now = now or timezone.now()
    registrations = Registration.objects.select_related("session", "user").filter(
        status=Registration.Status.REGISTERED,
        session__status=Session.State.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_BEFORE,
    )
    count = 0
    for registration in registrations:
        session = registration.session
        if not registration.user.email:
            continue
        context = {
            "registration": registration,
            "session": session,
            "when": _moment(session.starts_at),
            "url": _link(f"/auditorium/{session.pk}/"),
        }
        with transaction.atomic():
            email_queue(
                purpose="communication.session_reminder",
                key=f"communication.session_reminder:{registration.pk}",
                to=[registration.user.email],
                subject=f"Rappel : {session.title}, {_moment(session.starts_at)}",
                body=render_to_string("communication/email/session_reminder.txt", context),
                about=session,
            )
        count += 1
    return count


@transaction.atomic
def attendance_record(*, actor: User, session: Session, present_ids: set[int]) -> int:
    """After the session: who came (the others with a seat were absent)."""
    changed = 0
    for registration in session.registrations.filter(status__in=Registration.SEATED):
        new = (
            Registration.Status.PRESENT
            if registration.pk in present_ids
            else Registration.Status.ABSENT
        )
        if registration.status == new:
            continue
        old = registration.status
        Registration.objects.filter(pk=registration.pk).update(status=new)
        changed += 1
        journal_record(
            actor=actor,
            action="communication.registration.attendance",
            obj=registration,
            parent=session,
            before={"status": old},
            after={"status": new},
        )
    return changed


@transaction.atomic
def question_ask(*, session: Session, author: User, text: str) -> Question:
    question = Question.objects.create(session=session, author=author, text=text)
    journal_record(
        actor=author,
        action="communication.session.question",
        obj=session,
        after={"question": text[:200]},
    )
    return question


def relay_notifications_due(*, now: dt.datetime | None = None) -> int:
    """Announcements to relay whose publication time has come (they may have been scheduled):
    their directors are notified, once each (the notification's key). Looks back 30 days."""
    now = now or timezone.now()
    announcements = Announcement.objects.filter(
        asks_relay=True, publish_at__lte=now, publish_at__gte=now - dt.timedelta(days=30)
    ).exclude(unpublish_at__lte=now)
    count = 0
    for announcement in announcements:
        with transaction.atomic():
            notifications.relay_due(announcement=announcement, actor=None)
        count += 1
    return count
