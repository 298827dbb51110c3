"""Orientations and the Maire's arbitrations (seed §1).

An orientation is prepared by the SG with at least two scenarios on one grid, one of them
préconisé with its reasons; the adjoint·e·s and maires d'arrondissement concerned are consulted
by a deadline; the Maire arbitrates (the decision is immutable, a later one supersedes it); the
arbitration launches projects, deliberations and follow-up actions, linked from here downwards.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from directions.models import Arrondissement, Direction, ElectedOfficial
from projects.models import Deliberation, Project, Sitting
from sg_portal.states import Badge, StateChoices
from sg_portal.text import line_field, text_field

TITLE_MAX = 200
TEXT_MAX = 5000
SHORT_TEXT_MAX = 2000


class Orientation(models.Model):
    class Origin(models.TextChoices):
        PROGRAMME = "programme", "Programme de mandature"
        LETTRE_MISSION = "lettre_mission", "Lettre de mission"
        CDS = "cds", "Décision du comité de direction (CDS)"
        ADJOINT = "adjoint", "Demande d'un·e adjoint·e"

    class Status(StateChoices):
        PREPARATION = "preparation", Badge.MUTED, "En préparation"
        CONSULTATION = "consultation", Badge.INFO, "Consultation en cours"
        AWAITING = "attente", Badge.WAITING, "En attente d'arbitrage"
        ARBITRATED = "arbitree", Badge.OK, "Arbitrée"
        ABANDONED = "abandonnee", Badge.MUTED, "Abandonnée"

    title = line_field("intitulé", max_length=TITLE_MAX)
    text = text_field("exposé de l'orientation", max_length=TEXT_MAX)
    origin = models.CharField("origine", max_length=20, choices=Origin.choices)
    carriers = models.ManyToManyField(
        ElectedOfficial,
        verbose_name="adjoint·e·s qui la portent",
        related_name="carried_orientations",
        blank=True,
    )
    arrondissements = models.ManyToManyField(
        Arrondissement, verbose_name="arrondissements concernés", blank=True, related_name="+"
    )
    directions = models.ManyToManyField(
        Direction, verbose_name="directions concernées", blank=True, related_name="orientations"
    )
    arbitration_due = models.DateField("arbitrage attendu le")
    status = models.CharField(
        "état", max_length=20, choices=Status.choices, default=Status.PREPARATION
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)

    # The SG's recommendation: it stays visible after the decision.
    recommended = models.ForeignKey(
        "Scenario",
        verbose_name="scénario préconisé",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recommendation_reasons = text_field(
        "motifs de la préconisation", max_length=SHORT_TEXT_MAX, blank=True
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommended_at = models.DateTimeField(null=True, blank=True)

    # The consultation.
    consultation_deadline = models.DateField("date limite des avis", null=True, blank=True)
    urgency_reason = text_field("motif d'urgence", max_length=SHORT_TEXT_MAX, blank=True)
    consultation_opened_at = models.DateTimeField(null=True, blank=True)
    consultation_closed_at = models.DateTimeField(null=True, blank=True)
    # The current round (0 before the first): reopening after a sending back starts the next
    # one, and the earlier rounds' requests and opinions stay as they were.
    consultation_round = models.PositiveSmallIntegerField("consultation n°", default=0)

    class Meta:
        ordering = ["arbitration_due", "title"]
        verbose_name = "orientation"
        verbose_name_plural = "orientations"
        indexes = [models.Index(fields=["status", "consultation_deadline"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("orientations:detail", args=[self.pk])

    @property
    def state(self) -> Orientation.Status:
        return self.Status(self.status)

    @property
    def is_in_preparation(self) -> bool:
        return self.status == self.Status.PREPARATION

    @property
    def is_consulting(self) -> bool:
        return self.status == self.Status.CONSULTATION

    def deadline_passed(self, today: dt.date | None = None) -> bool:
        """The deadline day itself is still open: opinions are locked from the day after."""
        if self.consultation_deadline is None:
            return False
        return (today or timezone.localdate()) > self.consultation_deadline


class Scenario(models.Model):
    """One way of carrying out the orientation, on the grid every scenario shares."""

    class Vehicle(models.TextChoices):
        DELIBERATION = "deliberation", "Délibération du Conseil de Paris"
        ARRETE = "arrete", "Arrêté"
        NONE = "aucun", "Aucun acte juridique"

    orientation = models.ForeignKey(Orientation, on_delete=models.CASCADE, related_name="scenarios")
    position = models.PositiveSmallIntegerField("rang", default=1)
    title = line_field("intitulé", max_length=TITLE_MAX)
    description = text_field("description", max_length=TEXT_MAX)
    cost_operating = models.DecimalField(
        "coût de fonctionnement (€)", max_digits=14, decimal_places=2, default=0
    )
    cost_investment = models.DecimalField(
        "coût d'investissement (€)", max_digits=14, decimal_places=2, default=0
    )
    calendar = line_field("calendrier", max_length=300)
    vehicle = models.CharField("véhicule juridique", max_length=20, choices=Vehicle.choices)
    sitting = models.ForeignKey(
        Sitting,
        verbose_name="séance du Conseil de Paris",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    directions = models.ManyToManyField(
        Direction, verbose_name="directions qui le porteraient", blank=True, related_name="+"
    )
    arrondissement_effects = text_field(
        "effet par arrondissement", max_length=SHORT_TEXT_MAX, blank=True
    )
    risks = text_field("principaux risques", max_length=SHORT_TEXT_MAX, blank=True)
    advantages = text_field("avantages", max_length=SHORT_TEXT_MAX, blank=True)
    drawbacks = text_field("inconvénients", max_length=SHORT_TEXT_MAX, blank=True)

    class Meta:
        ordering = ["orientation", "position", "pk"]
        verbose_name = "scénario"
        verbose_name_plural = "scénarios"

    def __str__(self) -> str:
        return f"Scénario {self.letter} — {self.title}"

    @property
    def letter(self) -> str:
        return chr(ord("A") + max(self.position - 1, 0) % 26)

    @property
    def total_cost(self):
        return self.cost_operating + self.cost_investment


class Verdict(StateChoices):
    FAVOURABLE = "favorable", Badge.OK, "Favorable"
    RESERVATIONS = "reserves", Badge.WARN, "Favorable avec réserves"
    UNFAVOURABLE = "defavorable", Badge.BAD, "Défavorable"
    NO_OPINION = "sans_avis", Badge.MUTED, "Sans avis"
    DEEMED = "repute_sans_avis", Badge.MUTED, "Réputé sans avis"


#: What a person asked may answer (« réputé sans avis » is the portal's, at the deadline).
GIVEN_VERDICTS = [
    (v.value, v.label)
    for v in (Verdict.FAVOURABLE, Verdict.RESERVATIONS, Verdict.UNFAVOURABLE, Verdict.NO_OPINION)
]


class ConsultationRequest(models.Model):
    """One élu·e asked for an opinion in one round of consultation, and the opinion given (or
    deemed) on their behalf. Only the orientation's current round is answered; an earlier
    round's requests are never changed again."""

    orientation = models.ForeignKey(Orientation, on_delete=models.CASCADE, related_name="requests")
    round = models.PositiveSmallIntegerField("consultation n°", default=1)
    official = models.ForeignKey(
        ElectedOfficial, verbose_name="élu·e consulté·e", on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("demande envoyée le", default=timezone.now)
    # The deadline the request was sent with: the orientation's own is the current round's.
    deadline = models.DateField("date limite des avis", null=True, blank=True)
    verdict = models.CharField("avis", max_length=20, choices=Verdict.choices, blank=True)
    text = text_field("texte de l'avis", max_length=TEXT_MAX, blank=True)
    per_scenario = models.JSONField("avis par scénario", default=dict, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_at = models.DateTimeField("saisi le", null=True, blank=True)

    class Meta:
        ordering = ["orientation", "-round", "official__office", "official__rank"]
        verbose_name = "demande d'avis"
        verbose_name_plural = "demandes d'avis"
        constraints = [
            models.UniqueConstraint(
                fields=["orientation", "round", "official"], name="one_request_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"Avis de {self.official.full_name} sur {self.orientation}"

    @property
    def has_opinion(self) -> bool:
        return bool(self.verdict)

    @property
    def is_current(self) -> bool:
        return self.round == self.orientation.consultation_round

    @property
    def verdict_state(self) -> Verdict | None:
        return Verdict(self.verdict) if self.verdict else None

    def verdict_for(self, scenario: Scenario) -> Verdict | None:
        value = (self.per_scenario or {}).get(str(scenario.pk))
        return Verdict(value) if value else None


class Arbitration(models.Model):
    """The Maire's decision. Immutable: a later arbitration supersedes it, both stay readable."""

    class Outcome(models.TextChoices):
        CHOSEN = "retenu", "Un scénario est retenu"
        SENT_BACK = "renvoi", "Renvoyée pour de nouveaux scénarios"
        ABANDONED = "abandon", "Orientation abandonnée"

    orientation = models.ForeignKey(
        Orientation, on_delete=models.PROTECT, related_name="arbitrations"
    )
    outcome = models.CharField("décision", max_length=20, choices=Outcome.choices)
    scenario = models.ForeignKey(
        Scenario,
        verbose_name="scénario retenu",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    conditions = text_field("conditions et motifs", max_length=TEXT_MAX, blank=True)
    decided_on = models.DateField("date de la décision")
    contrary_to_recommendation = models.BooleanField("contraire à la préconisation", default=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="remplace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("enregistrée le", default=timezone.now)

    class Meta:
        ordering = ["orientation", "recorded_at", "pk"]
        verbose_name = "arbitrage"
        verbose_name_plural = "arbitrages"
        constraints = [
            # Only one arbitration starts the chain; each later one replaces exactly one.
            models.UniqueConstraint(
                fields=["orientation"],
                condition=models.Q(supersedes__isnull=True),
                name="one_first_arbitration",
            )
        ]

    def __str__(self) -> str:
        return f"Arbitrage du {self.decided_on:%d/%m/%Y} sur {self.orientation}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Un arbitrage ne se modifie pas : enregistrez-en un nouveau.")
        super().save(*args, **kwargs)


class LaunchedProject(models.Model):
    """A project the arbitration launched (the link goes from the orientation down)."""

    orientation = models.ForeignKey(
        Orientation, on_delete=models.CASCADE, related_name="launched_projects"
    )
    arbitration = models.ForeignKey(Arbitration, on_delete=models.PROTECT, related_name="+")
    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.orientation} → {self.project}"


class LaunchedDeliberation(models.Model):
    orientation = models.ForeignKey(
        Orientation, on_delete=models.CASCADE, related_name="launched_deliberations"
    )
    arbitration = models.ForeignKey(Arbitration, on_delete=models.PROTECT, related_name="+")
    deliberation = models.OneToOneField(Deliberation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.orientation} → {self.deliberation}"


class FollowUpAction(models.Model):
    """A follow-up action the arbitration calls for, owned by a person of the SG or a direction."""

    class Status(StateChoices):
        OPEN = "open", Badge.WARN, "Ouverte"
        CLOSED = "closed", Badge.OK, "Close"

    orientation = models.ForeignKey(Orientation, on_delete=models.CASCADE, related_name="actions")
    arbitration = models.ForeignKey(Arbitration, on_delete=models.PROTECT, related_name="+")
    title = line_field("action", max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField("échéance")
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "action de suivi"
        verbose_name_plural = "actions de suivi"
        constraints = [
            models.UniqueConstraint(
                fields=["orientation", "title", "owner", "due_date"], name="one_action_per_title"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> FollowUpAction.Status:
        return self.Status(self.status)
