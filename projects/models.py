"""Mandate and modernisation projects, their milestones and fortnightly statuses (seed §2,
"sur la durée des projets"), and the deliberations forecast for the Conseil de Paris ("à trois
mois").

Derived figures (slippage, overdue statuses, slips of a deliberation) are computed, never typed:
see `projects/fortnights.py` and `projects/selectors.py`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from directions.models import Arrondissement, Direction
from sg_portal.states import Badge, StateChoices
from sg_portal.text import line_field, text_field


class Rating(StateChoices):
    """The three-level scale of a status, per dimension and overall."""

    ON_TRACK = "on_track", Badge.OK, "Dans les temps"
    AT_RISK = "at_risk", Badge.WARN, "À risque"
    OFF_TRACK = "off_track", Badge.BAD, "En dérive"


RATING_SEVERITY = {Rating.ON_TRACK: 0, Rating.AT_RISK: 1, Rating.OFF_TRACK: 2}


class MilestoneState(StateChoices):
    """Where a milestone stands (derived from its dates, never stored)."""

    REACHED = "atteint", Badge.OK, "Atteint"
    REACHED_LATE = "atteint_en_retard", Badge.WARN, "Atteint"
    LATE = "en_retard", Badge.BAD, "En retard"
    SHIFTED = "decale", Badge.WARN, "Décalé"
    UPCOMING = "a_venir", Badge.MUTED, "À venir"


class Project(models.Model):
    class Kind(models.TextChoices):
        ENGAGEMENT = "engagement", "Engagement de mandature"
        MODERNISATION = "modernisation", "Projet de modernisation"

    class Phase(models.TextChoices):
        CADRAGE = "cadrage", "Cadrage"
        ETUDES = "etudes", "Études et concertation"
        REALISATION = "realisation", "Réalisation"
        DEPLOIEMENT = "deploiement", "Déploiement"
        CLOTURE = "cloture", "Clôturé"

    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = line_field("nom", max_length=200, unique=True)
    description = text_field("description", max_length=4000, blank=True)
    lead_direction = models.ForeignKey(
        Direction,
        verbose_name="direction pilote",
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    partner_directions = models.ManyToManyField(
        Direction,
        verbose_name="directions partenaires",
        blank=True,
        related_name="partner_projects",
    )
    chef_projet = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="chef·fe de projet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    sg_adjoint = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="SG adjoint·e en charge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_projects",
    )
    arrondissements = models.ManyToManyField(
        Arrondissement, verbose_name="arrondissements concernés", blank=True
    )
    start_date = models.DateField("début")
    planned_end = models.DateField("fin prévue")
    forecast_end = models.DateField(
        "fin prévisionnelle", null=True, blank=True, help_text="Vide : conforme à la fin prévue."
    )
    phase = models.CharField("phase", max_length=20, choices=Phase.choices, default=Phase.CADRAGE)
    budget_planned = models.DecimalField(
        "budget prévu (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_committed = models.DecimalField(
        "budget engagé (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifié le", default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "projet"
        verbose_name_plural = "projets"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("start_date")),
                name="project_planned_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def expected_end(self) -> dt.date:
        return self.forecast_end or self.planned_end

    @property
    def slippage_days(self) -> int:
        """Days between the planned end and the forecast end (positive: late)."""
        return (self.expected_end - self.planned_end).days

    @property
    def is_active(self) -> bool:
        return self.phase != self.Phase.CLOTURE


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name="projet", on_delete=models.CASCADE, related_name="milestones"
    )
    title = line_field("jalon", max_length=200)
    planned_date = models.DateField("date prévue")
    forecast_date = models.DateField(
        "date prévisionnelle", null=True, blank=True, help_text="Vide : conforme à la date prévue."
    )
    actual_date = models.DateField("date réelle", null=True, blank=True)

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = "jalon"
        verbose_name_plural = "jalons"
        constraints = [
            models.UniqueConstraint(fields=["project", "title"], name="unique_milestone_title")
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.project.get_absolute_url()}#jalon-{self.pk}"

    @property
    def done(self) -> bool:
        return self.actual_date is not None

    def expected_date(self, today: dt.date | None = None) -> dt.date:
        """When the milestone is (or was) reached: actual, else forecast, else planned; a milestone
        not reached whose date has passed is expected no earlier than today."""
        if self.actual_date:
            return self.actual_date
        expected = self.forecast_date or self.planned_date
        today = today or timezone.localdate()
        return max(expected, today) if expected < today else expected

    def slippage_days(self, today: dt.date | None = None) -> int:
        return (self.expected_date(today) - self.planned_date).days

    def state(self, today: dt.date | None = None) -> MilestoneState:
        """Where the milestone stands on `today` (its label and badge)."""
        today = today or timezone.localdate()
        slip = self.slippage_days(today)
        if self.done:
            return MilestoneState.REACHED if slip <= 0 else MilestoneState.REACHED_LATE
        if (self.forecast_date or self.planned_date) < today:
            return MilestoneState.LATE
        if slip > 0:
            return MilestoneState.SHIFTED
        return MilestoneState.UPCOMING


class StatusUpdate(models.Model):
    """The fortnightly status a chef de projet posts; the SG adjoint acknowledges or asks."""

    class Review(StateChoices):
        PENDING = "pending", Badge.MUTED, "À lire"
        ACKNOWLEDGED = "acknowledged", Badge.OK, "Pris en compte"
        QUESTION = "question", Badge.WAITING, "Question posée"
        ANSWERED = "answered", Badge.OK, "Question répondue"

    project = models.ForeignKey(
        Project, verbose_name="projet", on_delete=models.CASCADE, related_name="statuses"
    )
    fortnight_start = models.DateField("quinzaine du", db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur·rice",
        on_delete=models.PROTECT,
        related_name="+",
    )
    posted_at = models.DateTimeField("publié le", default=timezone.now)
    schedule = models.CharField("délais", max_length=20, choices=Rating.choices)
    budget = models.CharField("budget", max_length=20, choices=Rating.choices)
    scope = models.CharField("périmètre", max_length=20, choices=Rating.choices)
    overall = models.CharField("appréciation générale", max_length=20, choices=Rating.choices)
    narrative = text_field("où en est le projet", max_length=4000)
    next_steps = text_field("prochaines étapes", max_length=2000, blank=True)
    needs_from_sg = text_field("besoins vis-à-vis du SG", max_length=2000, blank=True)
    review = models.CharField(
        "lecture par le SG", max_length=20, choices=Review.choices, default=Review.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lu par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("lu le", null=True, blank=True)
    question = text_field("question du SG", max_length=2000, blank=True)
    # The chef de projet's answer closes the question; it goes to the one who asked.
    answer = text_field("réponse", max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="répondu par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = "point d'avancement"
        verbose_name_plural = "points d'avancement"
        indexes = [models.Index(fields=["project", "-posted_at"], name="status_project_latest")]

    def __str__(self) -> str:
        return f"{self.project} — quinzaine du {date_format(self.fortnight_start, 'j F Y')}"

    def get_absolute_url(self) -> str:
        return f"{self.project.get_absolute_url()}#statut-{self.pk}"

    @property
    def overall_rating(self) -> Rating:
        return Rating(self.overall)

    @property
    def review_state(self) -> StatusUpdate.Review:
        return self.Review(self.review)

    @property
    def is_acknowledged(self) -> bool:
        return self.review == self.Review.ACKNOWLEDGED

    @property
    def has_question(self) -> bool:
        """A question of the SG waits for its answer."""
        return self.review == self.Review.QUESTION

    @property
    def is_answered(self) -> bool:
        return self.review == self.Review.ANSWERED


class Sitting(models.Model):
    """A sitting (séance) of the Conseil de Paris, usually Tuesday to Friday of one week."""

    start_date = models.DateField("premier jour", unique=True)
    end_date = models.DateField("dernier jour")

    class Meta:
        ordering = ["start_date"]
        verbose_name = "séance du Conseil de Paris"
        verbose_name_plural = "séances du Conseil de Paris"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="sitting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Conseil de Paris — {self.label}"

    @property
    def label(self) -> str:
        start, end = self.start_date, self.end_date
        if start == end:
            return date_format(start, "j F Y")
        if start.month == end.month:
            return f"{start.day} au {date_format(end, 'j F Y')}"
        return f"{date_format(start, 'j F')} au {date_format(end, 'j F Y')}"

    @property
    def short_label(self) -> str:
        return date_format(self.start_date, "F Y")


class Deliberation(models.Model):
    class Status(StateChoices):
        PREPARATION = "preparation", Badge.MUTED, "En préparation"
        TRANSMISE = "transmise", Badge.INFO, "Transmise"
        INSCRITE = "inscrite", Badge.INFO, "Inscrite"
        VOTEE = "votee", Badge.OK, "Votée"
        RETIREE = "retiree", Badge.BAD, "Retirée"
        REPORTEE = "reportee", Badge.WARN, "Reportée"

    CLOSED = frozenset({Status.VOTEE, Status.RETIREE})
    # What the Conseil de Paris decides, recorded by the SG (`policy.records_council_decisions`):
    # a direction neither sets these states nor moves its deliberation out of them.
    COUNCIL_DECIDED = frozenset({Status.INSCRITE, Status.VOTEE})

    direction = models.ForeignKey(
        Direction, verbose_name="direction", on_delete=models.PROTECT, related_name="deliberations"
    )
    year = models.PositiveSmallIntegerField("année")
    number = models.PositiveSmallIntegerField("numéro")
    title = line_field("objet", max_length=400)
    project = models.ForeignKey(
        Project,
        verbose_name="projet servi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliberations",
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name="séance visée", on_delete=models.PROTECT, related_name="deliberations"
    )
    status = models.CharField(
        "état", max_length=20, choices=Status.choices, default=Status.PREPARATION
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déclarée par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("déclarée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now, editable=False)

    class Meta:
        ordering = ["sitting__start_date", "direction__code", "number"]
        verbose_name = "délibération"
        verbose_name_plural = "délibérations"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "direction", "number"], name="unique_deliberation_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("projects:deliberation_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.year} {self.direction.code} {self.number}"

    @property
    def status_state(self) -> Deliberation.Status:
        return self.Status(self.status)

    @property
    def status_badge(self) -> Badge:
        return self.status_state.badge


class SittingChange(models.Model):
    """The history of a deliberation's target sitting: its first aim, then each move."""

    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="sitting_changes"
    )
    from_sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="+")
    slipped = models.BooleanField("glissement", default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = line_field("motif", max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "changement de séance visée"
        verbose_name_plural = "changements de séance visée"

    def __str__(self) -> str:
        return f"{self.deliberation.reference} : {self.from_sitting} → {self.to_sitting}"
