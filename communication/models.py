"""Internal communication (seed §3, « information des cadres », « communication interne »):
announcements with their audience, read, acknowledged and relayed by the directors; the
auditorium sessions, with registration, waiting list and attendance."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from directions import policy
from sg_portal.states import Badge, StateChoices

TITLE_MAX = 200
LEAD_MAX = 300
BODY_MAX = 20_000
NOTE_MAX = 500
QUESTION_MAX = 1_000
SLIDES_MAX_BYTES = 10 * 1024 * 1024
#: Seats reserved for a pôle are released to everyone this long before registration closes.
RESERVATION_RELEASE_BEFORE = dt.timedelta(days=2)


class Audience(models.TextChoices):
    CADRES = policy.AUDIENCE_CADRES, "Tous les cadres"
    DIRECTORS = policy.AUDIENCE_DIRECTORS, "Les directrices et directeurs"
    POLE = policy.AUDIENCE_POLE, "Un pôle"
    DIRECTIONS = policy.AUDIENCE_DIRECTIONS, "Certaines directions"
    SG = policy.AUDIENCE_SG, "Les équipes du Secrétariat général"


class Signature(models.TextChoices):
    SECRETAIRE_GENERALE = "secretaire_generale", "La Secrétaire générale"
    SG_DELEGUE = "sg_delegue", "Le Secrétaire général délégué"
    SG_ADJOINT = "sg_adjoint", "La Secrétaire générale adjointe"
    SECRETARIAT = "secretariat", "Le Secrétariat général"


class AudienceFields(models.Model):
    """Who an announcement or a session is for (the role policy reads these three fields)."""

    audience = models.CharField(
        "public", max_length=20, choices=Audience.choices, default=Audience.CADRES
    )
    audience_pole = models.ForeignKey(
        "directions.Pole",
        verbose_name="pôle visé",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    audience_directions = models.ManyToManyField(
        "directions.Direction", verbose_name="directions visées", blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def audience_label(self) -> str:
        if self.audience == Audience.POLE and self.audience_pole_id:
            return str(self.audience_pole)
        if self.audience == Audience.DIRECTIONS:
            codes = ", ".join(d.code for d in self.audience_directions.all())
            return f"Directions : {codes}" if codes else "Certaines directions"
        return Audience(self.audience).label


class Announcement(AudienceFields):
    class Category(models.TextChoices):
        INFORMATION = "information", "Information"
        ORGANISATION = "organisation", "Organisation des services"
        RH = "rh", "Ressources humaines"
        PILOTAGE = "pilotage", "Pilotage et calendrier"
        EVENEMENT = "evenement", "Événement"

    class Format(models.TextChoices):
        PLAIN = "plain", "Texte simple (paragraphes et liens)"
        MARKDOWN = "markdown", "Markdown (titres, listes, gras, liens)"

    class State(StateChoices):
        SCHEDULED = "scheduled", Badge.MUTED, "Programmée"
        PUBLISHED = "published", Badge.OK, "Publiée"
        ENDED = "ended", Badge.MUTED, "Retirée"

    title = models.CharField("titre", max_length=TITLE_MAX)
    lead = models.CharField("chapeau", max_length=LEAD_MAX, blank=True)
    body = models.TextField("texte", max_length=BODY_MAX)
    body_format = models.CharField(
        "format du texte", max_length=10, choices=Format.choices, default=Format.PLAIN
    )
    category = models.CharField(
        "rubrique", max_length=20, choices=Category.choices, default=Category.INFORMATION
    )
    signature = models.CharField(
        "signée par", max_length=30, choices=Signature.choices, default=Signature.SECRETARIAT
    )
    publish_at = models.DateTimeField("publiée à partir du", default=timezone.now)
    unpublish_at = models.DateTimeField("retirée le", null=True, blank=True)
    pinned_until = models.DateField("épinglée à l'accueil jusqu'au", null=True, blank=True)
    is_important = models.BooleanField("bandeau « important »", default=False)
    asks_acknowledgement = models.BooleanField("demande une prise de connaissance", default=False)
    asks_relay = models.BooleanField("à relayer par les directeurs", default=False)
    version = models.PositiveIntegerField("version", default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigée par",
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = "annonce"
        verbose_name_plural = "annonces"
        constraints = [
            # « At most one important banner at a time »: the database keeps it so.
            models.UniqueConstraint(
                fields=["is_important"],
                condition=Q(is_important=True),
                name="one_important_announcement",
            )
        ]
        indexes = [models.Index(fields=["publish_at"])]

    def __str__(self) -> str:
        return self.title

    def state_at(self, now: dt.datetime) -> Announcement.State:
        if self.publish_at > now:
            return self.State.SCHEDULED
        if self.unpublish_at is not None and self.unpublish_at <= now:
            return self.State.ENDED
        return self.State.PUBLISHED

    @property
    def state(self) -> Announcement.State:
        return self.state_at(timezone.now())

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def text_hash(self) -> str:
        """What a dismissed banner remembers: when the text changes, the banner shows again."""
        text = "\x1f".join([self.title, self.lead, self.body])
        return hashlib.sha256(text.encode()).hexdigest()[:32]


class AnnouncementVersion(models.Model):
    """Every version of an announcement, as it was published or edited (never changed)."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("version")
    title = models.CharField("titre", max_length=TITLE_MAX)
    lead = models.CharField("chapeau", max_length=LEAD_MAX, blank=True)
    body = models.TextField("texte", max_length=BODY_MAX)
    body_format = models.CharField("format", max_length=10, choices=Announcement.Format.choices)
    signature = models.CharField("signée par", max_length=30, choices=Signature.choices)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "number"], name="unique_announcement_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class Reading(models.Model):
    """A reader opened the announcement; `acknowledged_at` when they said « j'ai pris
    connaissance » (where the SG asks for it)."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="readings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcement_readings"
    )
    read_at = models.DateTimeField("lue le", default=timezone.now)
    acknowledged_at = models.DateTimeField("prise de connaissance le", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="unique_reading")
        ]

    def __str__(self) -> str:
        return f"{self.user} a lu {self.announcement}"


class Relay(models.Model):
    """A director relayed the announcement in their direction: when, and how."""

    class How(models.TextChoices):
        NOTE = "note", "Une note de service"
        MEETING = "reunion", "Une réunion d'encadrement"
        EMAIL = "courriel", "Un courriel aux équipes"
        INTRANET = "intranet", "L'intranet de la direction"
        OTHER = "autre", "Autrement"

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="relays")
    direction = models.ForeignKey(
        "directions.Direction", on_delete=models.PROTECT, related_name="+"
    )
    relayed_on = models.DateField("relayée le")
    how = models.CharField("comment", max_length=20, choices=How.choices)
    note = models.CharField("précision", max_length=NOTE_MAX, blank=True)
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "direction"], name="unique_relay")
        ]

    def __str__(self) -> str:
        return f"{self.announcement} relayée ({self.direction})"


class BannerDismissal(models.Model):
    """A reader closed the « important » banner as it read then (`text_hash`)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text_hash = models.CharField(max_length=32)
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="unique_banner_dismissal")
        ]

    def __str__(self) -> str:
        return f"{self.user} a masqué {self.announcement}"


# --- The auditorium ----------------------------------------------------------------------------


class Session(AudienceFields):
    """A gathering of senior managers at the auditorium on one topic, with registration."""

    class State(StateChoices):
        SCHEDULED = "scheduled", Badge.INFO, "Prévue"
        CANCELLED = "cancelled", Badge.BAD, "Annulée"

    title = models.CharField("thème", max_length=TITLE_MAX)
    description = models.TextField("présentation", max_length=4_000, blank=True)
    speakers = models.CharField("intervenant·e·s", max_length=500, blank=True)
    starts_at = models.DateTimeField("début")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=90)
    room = models.CharField("salle", max_length=200, default="Auditorium de l'Hôtel de Ville")
    capacity = models.PositiveIntegerField("places")
    video_url = models.URLField("lien de la retransmission", max_length=500, blank=True)
    registration_opens_at = models.DateTimeField("inscriptions ouvertes à partir du")
    registration_closes_at = models.DateTimeField("inscriptions closes le")
    status = models.CharField("état", max_length=20, choices=State.choices, default=State.SCHEDULED)
    recording_url = models.URLField("lien de l'enregistrement", max_length=500, blank=True)
    slides = models.BinaryField("support de présentation", null=True, blank=True, editable=False)
    slides_name = models.CharField("nom du support", max_length=200, blank=True)
    slides_type = models.CharField("type du support", max_length=100, blank=True)
    sequence = models.PositiveIntegerField("version (iCalendar)", default=0)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="organisée par",
        on_delete=models.PROTECT,
        related_name="organised_sessions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "séance à l'auditorium"
        verbose_name_plural = "séances à l'auditorium"

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.State.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def state(self) -> Session.State:
        return self.State(self.status)

    def registration_is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            not self.is_cancelled
            and self.registration_opens_at <= now < self.registration_closes_at
            and now < self.starts_at
        )

    @property
    def reservations_release_at(self) -> dt.datetime:
        """Seats reserved for a pôle and not taken go to everyone this long before registration
        closes (docs/communication.md)."""
        return self.registration_closes_at - RESERVATION_RELEASE_BEFORE

    @property
    def speaker_list(self) -> list[str]:
        return [s.strip() for s in self.speakers.split(";") if s.strip()]


class SessionReservation(models.Model):
    """Seats of a session kept for the people of one pôle until the release date."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reservations")
    pole = models.ForeignKey(
        "directions.Pole", verbose_name="pôle", on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveIntegerField("places réservées")

    class Meta:
        ordering = ["pole__order", "pole__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "pole"], name="unique_session_reservation")
        ]

    def __str__(self) -> str:
        return f"{self.seats} places pour {self.pole} — {self.session}"


class Registration(models.Model):
    class Status(StateChoices):
        REGISTERED = "inscrit", Badge.OK, "Inscrit·e"
        OFFERED = "place_offerte", Badge.WARN, "Place libérée, à confirmer"
        WAITING = "attente", Badge.WAITING, "Liste d'attente"
        CANCELLED = "annule", Badge.MUTED, "Annulé"
        PRESENT = "present", Badge.OK, "Présent·e"
        ABSENT = "absent", Badge.BAD, "Absent·e"

    #: The states that hold a seat.
    SEATED = (Status.REGISTERED, Status.OFFERED, Status.PRESENT, Status.ABSENT)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations"
    )
    deputy_name = models.CharField(
        "suppléant·e qui vient à sa place",
        max_length=150,
        blank=True,
        help_text="Nom et fonction de la personne qui assiste à la séance à votre place.",
    )
    status = models.CharField("état", max_length=20, choices=Status.choices)
    queued_at = models.DateTimeField("rang d'inscription", default=timezone.now)
    offer_expires_at = models.DateTimeField("à confirmer avant", null=True, blank=True)
    offer_count = models.PositiveSmallIntegerField(default=0)
    reserved_pole = models.ForeignKey(
        "directions.Pole",
        verbose_name="place réservée au pôle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="unique_registration")
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"

    @property
    def state(self) -> Registration.Status:
        return self.Status(self.status)

    @property
    def attendee(self) -> str:
        name = self.user.get_full_name() or self.user.username
        return f"{self.deputy_name} (pour {name})" if self.deputy_name else name


class Question(models.Model):
    """A question sent before the session, read by its organisers."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField("question", max_length=QUESTION_MAX)
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return self.text[:60]
