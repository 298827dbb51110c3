"""Meetings of the SG (seed §3, "animer les équipes"): bodies, meetings, agendas, follow-up."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from sg_portal import calendar as C
from sg_portal.states import Badge, StateChoices
from sg_portal.text import line_field, no_line_breaks, text_field

#: a decision is a few paragraphs; a pasted document made the minutes take 20 s to draw
DECISION_MAX = 4000
REPRESENTED_BY_MAX = 200


class Body(models.Model):
    """An instance that meets on a cadence: the CDS, a pôle meeting, the chargés de mission…"""

    class Kind(models.TextChoices):
        CDS = "cds", "Comité de direction des services"
        POLE = "pole", "Réunion de pôle"
        CHARGES_MISSION = "charges_mission", "Réunion des chargés de mission"
        AUDITORIUM = "auditorium", "Réunion à l'auditorium"

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Toutes les semaines"
        FORTNIGHTLY = "fortnightly", "Tous les quinze jours"
        MONTHLY = "monthly", "Tous les mois"
        AD_HOC = "ad_hoc", "Selon le calendrier fixé"

    code = models.SlugField("code", max_length=40, unique=True)
    name = line_field("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    pole = models.ForeignKey(
        "directions.Pole",
        verbose_name="pôle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
    )
    cadence = models.CharField("rythme", max_length=20, choices=Cadence.choices)
    weekday = models.PositiveSmallIntegerField(
        "jour", default=0, help_text="0 = lundi … 4 = vendredi."
    )
    week_of_month = models.PositiveSmallIntegerField(
        "semaine du mois", default=1, help_text="Pour un rythme mensuel : 1 = premier jour du mois."
    )
    anchor_date = models.DateField(
        "date de référence",
        null=True,
        blank=True,
        help_text="Pour un rythme de quinze jours : une date de séance, qui fixe la parité des semaines.",
    )
    start_time = models.TimeField("heure", default=dt.time(9, 30))
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=90)
    place = line_field("lieu", max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="présidence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_bodies",
    )
    preparers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="chargé·e·s de mission qui préparent l'ordre du jour",
        blank=True,
        related_name="prepared_bodies",
    )
    extra_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="membres ajoutés",
        blank=True,
        related_name="extra_bodies",
        help_text="En plus des membres déduits de l'organisation.",
    )
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "instance"
        verbose_name_plural = "instances"

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    class Status(StateChoices):
        SCHEDULED = "scheduled", Badge.INFO, "Prévue"
        CANCELLED = "cancelled", Badge.BAD, "Annulée"

    class AgendaStatus(StateChoices):
        DRAFT = "draft", Badge.MUTED, "En préparation"
        PUBLISHED = "published", Badge.OK, "Publié"

    body = models.ForeignKey(
        Body, verbose_name="instance", on_delete=models.CASCADE, related_name="meetings"
    )
    slot_date = models.DateField(
        "date prévue par le rythme",
        help_text="La date que le rythme a produite ; déplacer la séance ne la change pas.",
    )
    starts_at = models.DateTimeField("début")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=90)
    place = line_field("lieu", max_length=200, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = line_field("motif d'annulation", max_length=300, blank=True)
    agenda_status = models.CharField(
        "ordre du jour", max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    agenda_published_at = models.DateTimeField("publié le", null=True, blank=True)
    invited_guests = text_field(
        "personnalités invitées",
        max_length=2000,
        blank=True,
        help_text="Une par ligne : nom, qualité.",
    )
    sequence = models.PositiveIntegerField("version (iCalendar)", default=0)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        constraints = [
            models.UniqueConstraint(fields=["body", "slot_date"], name="unique_meeting_slot")
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.body.name} du {timezone.localtime(self.starts_at):%d/%m/%Y}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_published(self) -> bool:
        return self.agenda_status == self.AgendaStatus.PUBLISHED

    @property
    def state(self) -> Meeting.Status | Meeting.AgendaStatus:
        """What a list shows of the meeting: cancelled, else where its agenda stands."""
        if self.is_cancelled:
            return self.Status.CANCELLED
        return self.AgendaStatus(self.agenda_status)

    @property
    def guests(self) -> list[str]:
        return [line.strip() for line in self.invited_guests.splitlines() if line.strip()]


class AgendaItem(models.Model):
    class Type(StateChoices):
        INFORMATION = "information", Badge.MUTED, "Information"
        DECISION = "decision", Badge.WARN, "Décision"
        TOUR_DE_TABLE = "tour_de_table", Badge.MUTED, "Tour de table"
        INTERVENTION = "intervention", Badge.INFO, "Intervention extérieure"

    class Status(StateChoices):
        PROPOSED = "proposed", Badge.WAITING, "Proposé"
        ACCEPTED = "accepted", Badge.MUTED, "Retenu"
        DEFERRED = "deferred", Badge.WARN, "Reporté"
        DECLINED = "declined", Badge.MUTED, "Écarté"

    meeting = models.ForeignKey(
        Meeting, verbose_name="réunion", on_delete=models.CASCADE, related_name="items"
    )
    title = line_field("intitulé", max_length=300)
    item_type = models.CharField(
        "type", max_length=20, choices=Type.choices, default=Type.INFORMATION
    )
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=10)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="présenté par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_items",
    )
    presenter_direction = models.ForeignKey(
        "directions.Direction",
        verbose_name="direction qui présente",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_items",
    )
    guest = line_field(
        "personnalité invitée", max_length=200, blank=True, help_text="Pour une intervention."
    )
    status = models.CharField(
        "état", max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    position = models.PositiveIntegerField("rang", default=0)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="proposé par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposed_items",
    )
    created_at = models.DateTimeField("proposé le", default=timezone.now)
    # What the item is about: a report, an indicator, a project… linked generically so this app
    # imports no later app; label and URL are stored so the agenda renders without the object.
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField("concerne", max_length=300, blank=True)
    subject_url = models.CharField("lien", max_length=500, blank=True)
    suggestion_key = models.CharField("suggestion d'origine", max_length=100, blank=True)
    carried_to = models.ForeignKey(
        "self",
        verbose_name="repris dans",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_from",
        help_text="Pour un point reporté : le point qui le reprend à une séance suivante.",
    )
    decision = text_field("relevé de décisions", max_length=DECISION_MAX, blank=True)
    # The note or slides the members read before the meeting: a link to where the City keeps
    # them (its intranet, a shared drive), never a copy here.
    document_url = models.URLField(
        "lien vers le document",
        max_length=500,
        blank=True,
        help_text="Adresse http(s).",
        validators=[no_line_breaks],
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        indexes = [models.Index(fields=["meeting", "status", "position"])]

    def __str__(self) -> str:
        return self.title

    @property
    def type_state(self) -> AgendaItem.Type:
        return self.Type(self.item_type)

    @property
    def status_state(self) -> AgendaItem.Status:
        return self.Status(self.status)

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def presenter_label(self) -> str:
        parts = []
        if self.presenter_id:
            parts.append(str(self.presenter))
        if self.presenter_direction_id and self.presenter_direction is not None:
            parts.append(self.presenter_direction.code)
        if self.guest:
            parts.append(self.guest)
        return " — ".join(parts)


class SuggestionDismissal(models.Model):
    """A suggestion the chargé de mission set aside for a meeting: not proposed again."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="dismissals")
    key = models.CharField(max_length=100)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "key"], name="unique_dismissed_suggestion")
        ]

    def __str__(self) -> str:
        return self.key


class Attendance(models.Model):
    class Status(StateChoices):
        PRESENT = "present", Badge.OK, "Présent·e"
        EXCUSED = "excused", Badge.MUTED, "Excusé·e"
        REPRESENTED = "represented", Badge.MUTED, "Représenté·e"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField("présence", max_length=20, choices=Status.choices)
    represented_by = line_field("représenté·e par", max_length=REPRESENTED_BY_MAX, blank=True)

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.user} : {self.get_status_display()}"

    @property
    def status_state(self) -> Attendance.Status:
        return self.Status(self.status)


class Action(models.Model):
    """What was decided to be done, by whom, by when; followed until closed."""

    class Status(StateChoices):
        OPEN = "open", Badge.WARN, "Ouverte"
        CLOSED = "closed", Badge.OK, "Close"

    meeting = models.ForeignKey(
        Meeting, verbose_name="décidée en", on_delete=models.CASCADE, related_name="actions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name="point",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    title = line_field("action", max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    due_date = models.DateField("échéance")
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "action"
        verbose_name_plural = "actions"
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def status_state(self) -> Action.Status:
        return self.Status(self.status)

    @property
    def days_late(self) -> int:
        """Working days late today (`sg_portal.calendar.days_late`); 0 once closed."""
        if not self.is_open:
            return 0
        return C.days_late(self.due_date, timezone.localdate())

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


class CalendarToken(models.Model):
    """The secret of a user's private iCalendar feed (read by Outlook without a session).

    Only the secret's SHA-256 is kept: the address is shown once, when it is made, and a copy of
    the database does not give it away. The secret is random (256 bits), so a plain hash suffices.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Flux iCalendar de {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
