"""The risk system (seed §2, « système d'analyse et de prévention des risques »).

A risk is evaluated on a versioned matrix (probability × impact → level): gross (« brut »),
after its controls (« dispositif de maîtrise », rated by strength) net, and the target after the
planned measures. Levels are stored beside the coordinates so that lists, the heat map and the
reminders filter in the database; every evaluation keeps the matrix version it used, so a new
matrix never rewrites history.

Reviews and acceptances are immutable records that freeze the risk's state as it was (`snapshot`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from directions.models import Direction, Pole
from sg_portal.states import Badge, StateChoices
from sg_portal.text import line_field, text_field


class Level(StateChoices):
    """The four levels of the matrix, from the least to the most serious."""

    FAIBLE = "faible", Badge.OK, "Faible"
    MODERE = "modere", Badge.INFO, "Modéré"
    ELEVE = "eleve", Badge.WARN, "Élevé"
    CRITIQUE = "critique", Badge.BAD, "Critique"


LEVEL_RANK: dict[str, int] = {
    Level.FAIBLE: 1,
    Level.MODERE: 2,
    Level.ELEVE: 3,
    Level.CRITIQUE: 4,
}
LEVELS_BY_RANK = sorted(Level, key=lambda level: LEVEL_RANK[level])


def level_rank(level: str | None) -> int:
    return LEVEL_RANK.get(level or "", 0)


class Category(models.TextChoices):
    JURIDIQUE = "juridique", "Juridique"
    FINANCIER = "financier", "Financier"
    RH = "rh", "Ressources humaines"
    CONTINUITE = "continuite", "Continuité du service public"
    SECURITE = "securite", "Sécurité des personnes"
    IMAGE = "image", "Image"
    SI = "si", "Systèmes d'information"
    ENVIRONNEMENT = "environnement", "Environnement"
    PROBITE = "probite", "Probité"


class ControlStrength(StateChoices):
    INEXISTANT = "inexistant", Badge.BAD, "Inexistant"
    INSUFFISANT = "insuffisant", Badge.WARN, "Insuffisant"
    PERFECTIBLE = "perfectible", Badge.INFO, "Perfectible"
    EFFICACE = "efficace", Badge.OK, "Efficace"


DEFAULT_PROBABILITIES = ["Peu probable", "Possible", "Probable", "Quasi certain"]
DEFAULT_IMPACTS = ["Mineur", "Significatif", "Majeur", "Critique"]
# grid[probability - 1][impact - 1]
DEFAULT_GRID = [
    ["faible", "faible", "faible", "modere"],
    ["faible", "faible", "modere", "eleve"],
    ["faible", "modere", "eleve", "critique"],
    ["modere", "eleve", "critique", "critique"],
]
# Light tints, so that the dark text of a cell keeps a contrast above 4.5:1.
DEFAULT_COLOURS = {
    "faible": "#d7eedd",
    "modere": "#fbeec2",
    "eleve": "#f9d2ae",
    "critique": "#f4b9b3",
}
DEFAULT_INTERVALS = {"critique": 30, "eleve": 90, "modere": 180, "faible": 365}
DEFAULT_TOLERANCE = Level.MODERE
STRICT_CATEGORIES = {Category.PROBITE, Category.SECURITE}  # tolerance « faible » by default


class Matrix(models.Model):
    """One version of the probability × impact matrix. A change is a new version (the admin
    saves it so); the current one evaluates new assessments, older ones stay for history."""

    version = models.PositiveIntegerField("version", unique=True)
    probability_labels = models.JSONField("libellés des probabilités")
    impact_labels = models.JSONField("libellés des impacts")
    grid = models.JSONField("niveaux", help_text="grid[probabilité - 1][impact - 1] = niveau")
    colours = models.JSONField("couleurs par niveau")
    is_current = models.BooleanField("en vigueur", default=False)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = "matrice des risques"
        verbose_name_plural = "matrices des risques"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_risk_matrix",
            )
        ]

    def __str__(self) -> str:
        return f"Matrice v{self.version}"

    @property
    def size(self) -> tuple[int, int]:
        return len(self.probability_labels), len(self.impact_labels)

    def clean(self) -> None:
        levels = {str(level) for level in Level}
        n_p, n_i = len(self.probability_labels or []), len(self.impact_labels or [])
        if not (2 <= n_p <= 6 and 2 <= n_i <= 6):
            raise ValidationError("La matrice compte de 2 à 6 probabilités et de 2 à 6 impacts.")
        if len(self.grid or []) != n_p or any(len(row) != n_i for row in self.grid):
            raise ValidationError(
                {"grid": f"La grille doit compter {n_p} lignes de {n_i} niveaux."}
            )
        if any(cell not in levels for row in self.grid for cell in row):
            raise ValidationError({"grid": "Chaque case porte un niveau : " + ", ".join(levels)})
        if set(self.colours or {}) != levels:
            raise ValidationError({"colours": "Une couleur par niveau."})

    def level(self, probability: int, impact: int) -> Level:
        n_p, n_i = self.size
        if not (1 <= probability <= n_p and 1 <= impact <= n_i):
            raise ValueError(f"({probability}, {impact}) hors de la matrice {n_p} × {n_i}")
        return Level(self.grid[probability - 1][impact - 1])

    def colour(self, level: str) -> str:
        return str(self.colours.get(level, "#ffffff"))

    def probability_label(self, probability: int | None) -> str:
        if not probability or probability > len(self.probability_labels):
            return "—"
        return str(self.probability_labels[probability - 1])

    def impact_label(self, impact: int | None) -> str:
        if not impact or impact > len(self.impact_labels):
            return "—"
        return str(self.impact_labels[impact - 1])

    def probability_choices(self) -> list[tuple[int, str]]:
        return [(n, f"{n} — {label}") for n, label in enumerate(self.probability_labels, 1)]

    def impact_choices(self) -> list[tuple[int, str]]:
        return [(n, f"{n} — {label}") for n, label in enumerate(self.impact_labels, 1)]


class ReviewInterval(models.Model):
    """How often a risk is reviewed, by its net level (administrators change it)."""

    level = models.CharField("niveau net", max_length=10, choices=Level.choices, unique=True)
    days = models.PositiveIntegerField("revue tous les (jours)")

    class Meta:
        verbose_name = "périodicité de revue"
        verbose_name_plural = "périodicités de revue"

    def __str__(self) -> str:
        return f"{Level.label_of(self.level)} : {self.days} jours"


class CategoryTolerance(models.Model):
    """The highest net level a category tolerates without a treatment or an acceptance."""

    category = models.CharField("catégorie", max_length=20, choices=Category.choices, unique=True)
    tolerance = models.CharField("niveau toléré", max_length=10, choices=Level.choices)

    class Meta:
        verbose_name = "tolérance par catégorie"
        verbose_name_plural = "tolérances par catégorie"

    def __str__(self) -> str:
        return f"{self.get_category_display()} : {Level.label_of(self.tolerance)}"


class Treatment(StateChoices):
    """Where a risk stands against the tolerance of its category (derived, never stored)."""

    WITHIN = "tolere", Badge.OK, "Dans la tolérance"
    ACCEPTED = "accepte", Badge.INFO, "Accepté"
    TREATING = "en_traitement", Badge.WARN, "En traitement"
    TO_TREAT = "a_traiter", Badge.BAD, "À traiter ou accepter"


class Risk(models.Model):
    class Scope(models.TextChoices):
        DIRECTION = "direction", "Une direction"
        POLE = "pole", "Un pôle"
        PROJECT = "project", "Un projet"
        VILLE = "ville", "La Ville dans son ensemble"

    class State(StateChoices):
        OPEN = "ouvert", Badge.INFO, "Ouvert"
        CLOSED = "clos", Badge.MUTED, "Clos"

    class Escalation(StateChoices):
        NONE = "", Badge.MUTED, "Non escaladé"
        POLE = "pole", Badge.WARN, "Escaladé au pôle"
        SG = "sg", Badge.BAD, "Escaladé à la Secrétaire générale"

    title = line_field("intitulé", max_length=200)
    description = text_field("description")
    causes = text_field("causes", blank=True)
    consequences = text_field("conséquences", blank=True)
    category = models.CharField("catégorie", max_length=20, choices=Category.choices)
    scope = models.CharField("périmètre", max_length=20, choices=Scope.choices)
    direction = models.ForeignKey(
        Direction,
        verbose_name="direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="projet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    # The pôle the risk belongs to: set for a pôle's risk, derived for a direction's or a
    # project's (its lead direction's pôle) so filters and escalation read one column.
    pole = models.ForeignKey(
        Pole, verbose_name="pôle", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="propriétaire",
        on_delete=models.PROTECT,
        related_name="owned_risks",
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="contributeur·rice·s",
        blank=True,
        related_name="contributed_risks",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="SG adjoint·e qui le revoit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_risks",
    )
    state = models.CharField("état", max_length=10, choices=State.choices, default=State.OPEN)

    # The current evaluation, on `matrix`.
    matrix = models.ForeignKey(Matrix, on_delete=models.PROTECT, related_name="+")
    gross_probability = models.PositiveSmallIntegerField("probabilité brute")
    gross_impact = models.PositiveSmallIntegerField("impact brut")
    gross_level = models.CharField("niveau brut", max_length=10, choices=Level.choices)
    controls = text_field("dispositif de maîtrise", blank=True)
    control_strength = models.CharField(
        "force du dispositif", max_length=12, choices=ControlStrength.choices
    )
    net_probability = models.PositiveSmallIntegerField("probabilité nette")
    net_impact = models.PositiveSmallIntegerField("impact net")
    net_level = models.CharField("niveau net", max_length=10, choices=Level.choices)
    target_probability = models.PositiveSmallIntegerField("probabilité cible")
    target_impact = models.PositiveSmallIntegerField("impact cible")
    target_level = models.CharField("niveau cible", max_length=10, choices=Level.choices)
    # Where the net evaluation was before the last review (the map's arrows).
    previous_net_probability = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_net_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_net_level = models.CharField(max_length=10, choices=Level.choices, blank=True)

    next_review_on = models.DateField("prochaine revue", db_index=True)
    last_reviewed_on = models.DateField("dernière revue", null=True, blank=True)
    review_flag = line_field(
        "revue demandée", max_length=300, blank=True, help_text="Pourquoi une revue est demandée."
    )
    escalation = models.CharField(
        "escalade", max_length=4, choices=Escalation.choices, default="", blank=True
    )
    escalated_at = models.DateTimeField("escaladé le", null=True, blank=True)
    on_sg_map = models.BooleanField("sur la cartographie consolidée du SG", default=False)
    # The acceptance in force, cleared when its expiry passes or a material change voids it.
    acceptance = models.ForeignKey(
        "Acceptance", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = "risque"
        verbose_name_plural = "risques"
        indexes = [
            models.Index(fields=["state", "next_review_on"], name="risk_review_due"),
            models.Index(fields=["state", "net_level"], name="risk_net_level"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="direction", direction__isnull=False, project__isnull=True)
                    | models.Q(scope="project", project__isnull=False, direction__isnull=True)
                    | models.Q(scope="pole", pole__isnull=False, direction__isnull=True)
                    | models.Q(scope="ville", direction__isnull=True, project__isnull=True)
                ),
                name="risk_scope_consistent",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risks:detail", args=[self.pk])

    # --- words for the templates ---
    @property
    def state_choice(self) -> Risk.State:
        return self.State(self.state)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def gross(self) -> Level:
        return Level(self.gross_level)

    @property
    def net(self) -> Level:
        return Level(self.net_level)

    @property
    def target(self) -> Level:
        return Level(self.target_level)

    @property
    def strength(self) -> ControlStrength:
        return ControlStrength(self.control_strength)

    @property
    def escalation_state(self) -> Risk.Escalation:
        return self.Escalation(self.escalation)

    @property
    def scope_label(self) -> str:
        if self.scope == self.Scope.DIRECTION and self.direction_id:
            return self.direction.code  # type: ignore[union-attr]
        if self.scope == self.Scope.PROJECT and self.project_id:
            return f"Projet : {self.project}"
        if self.scope == self.Scope.POLE and self.pole_id:
            return str(self.pole)
        return "Ville de Paris"

    @property
    def trend(self) -> str:
        """« hausse », « baisse », « stable » since the last review, "" before any."""
        if not self.previous_net_level:
            return ""
        before = (level_rank(self.previous_net_level), self.previous_net_probability or 0)
        after = (level_rank(self.net_level), self.net_probability)
        previous_score = (self.previous_net_probability or 0) * (self.previous_net_impact or 0)
        score = self.net_probability * self.net_impact
        if before[0] != after[0]:
            return "hausse" if after[0] > before[0] else "baisse"
        if score != previous_score:
            return "hausse" if score > previous_score else "baisse"
        return "stable"

    @property
    def direction_in_charge_id(self) -> int | None:
        """The direction that answers for the risk: its own, or its project's lead direction."""
        if self.direction_id:
            return self.direction_id
        if self.project_id and self.project is not None:
            return self.project.lead_direction_id
        return None

    def days_to_review(self, today: dt.date) -> int:
        return (self.next_review_on - today).days

    def evaluation(self) -> dict[str, Any]:
        """The state a review or an acceptance freezes."""
        return {
            "matrix": self.matrix.version,
            "gross_probability": self.gross_probability,
            "gross_impact": self.gross_impact,
            "gross_level": self.gross_level,
            "controls": self.controls,
            "control_strength": self.control_strength,
            "net_probability": self.net_probability,
            "net_impact": self.net_impact,
            "net_level": self.net_level,
            "target_probability": self.target_probability,
            "target_impact": self.target_impact,
            "target_level": self.target_level,
        }

    def material_fingerprint(self) -> str:
        """What an acceptance applies to: a change of these asks for a new acceptance."""
        material = {
            k: v
            for k, v in self.evaluation().items()
            if k not in {"controls", "target_probability", "target_impact", "target_level"}
        }
        material["category"] = self.category
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:32]


EVALUATION_FIELDS = [
    "gross_probability",
    "gross_impact",
    "controls",
    "control_strength",
    "net_probability",
    "net_impact",
    "target_probability",
    "target_impact",
]


class Review(models.Model):
    """An immutable record of a review: who, when, the evaluation before and after."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("date de la revue")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistrée le", default=timezone.now)
    matrix = models.ForeignKey(Matrix, on_delete=models.PROTECT, related_name="+")
    before = models.JSONField("avant")
    after = models.JSONField("après")
    unchanged = models.BooleanField("sans changement")
    changes = text_field("ce qui a changé", blank=True)
    comment = text_field("commentaire", blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-recorded_at"]
        verbose_name = "revue de risque"
        verbose_name_plural = "revues de risque"

    def __str__(self) -> str:
        return f"Revue du {self.reviewed_on:%d/%m/%Y} — {self.risk}"

    @property
    def net_before(self) -> Level:
        return Level(self.before["net_level"])

    @property
    def net_after(self) -> Level:
        return Level(self.after["net_level"])


class Acceptance(models.Model):
    """A decision to accept a net level above tolerance, by the authority that level requires.
    It applies to the state it froze (`fingerprint`): a material change asks for a new one; its
    expiry reopens the risk."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="acceptances")
    level = models.CharField("niveau accepté", max_length=10, choices=Level.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("décidée le", default=timezone.now)
    justification = text_field("justification")
    expires_on = models.DateField("échéance de l'acceptation")
    snapshot = models.JSONField("état accepté")
    fingerprint = models.CharField(max_length=32)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = "acceptation de risque"
        verbose_name_plural = "acceptations de risque"

    def __str__(self) -> str:
        return f"Acceptation du {self.decided_at:%d/%m/%Y} — {self.risk}"

    @property
    def level_choice(self) -> Level:
        return Level(self.level)

    def applies(self, risk: Risk, today: dt.date) -> bool:
        return (
            self.withdrawn_at is None
            and self.expires_on >= today
            and self.fingerprint == risk.material_fingerprint()
        )


class Measure(models.Model):
    """A planned measure: an owner, a due date, a state. It may be followed as a meeting's
    action or a project's milestone; its state then follows theirs."""

    class Status(StateChoices):
        PLANNED = "prevue", Badge.MUTED, "Prévue"
        IN_PROGRESS = "en_cours", Badge.INFO, "En cours"
        DONE = "realisee", Badge.OK, "Réalisée"
        ABANDONED = "abandonnee", Badge.MUTED, "Abandonnée"

    OPEN = frozenset({Status.PLANNED, Status.IN_PROGRESS})

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="measures")
    title = line_field("mesure", max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.PROTECT,
        related_name="risk_measures",
    )
    due_date = models.DateField("échéance")
    status = models.CharField("état", max_length=12, choices=Status.choices, default=Status.PLANNED)
    action = models.ForeignKey(
        "meetings.Action",
        verbose_name="action de réunion suivie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    milestone = models.ForeignKey(
        "projects.Milestone",
        verbose_name="jalon de projet suivi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField("réalisée le", null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "mesure"
        verbose_name_plural = "mesures"
        indexes = [models.Index(fields=["status", "due_date"], name="measure_due")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.risk.get_absolute_url()}#mesure-{self.pk}"

    @property
    def effective_status(self) -> str:
        """Its own state, or the state of what it follows: a closed meeting action or a reached
        project milestone makes it done."""
        if self.status in self.OPEN:
            if self.action_id and self.action is not None and not self.action.is_open:
                return self.Status.DONE
            if self.milestone_id and self.milestone is not None and self.milestone.done:
                return self.Status.DONE
        return self.status

    @property
    def status_choice(self) -> Measure.Status:
        return self.Status(self.effective_status)

    @property
    def is_open(self) -> bool:
        return self.effective_status in self.OPEN

    def days_late(self, today: dt.date) -> int:
        from sg_portal.calendar import days_late

        return days_late(self.due_date, today) if self.is_open else 0


class Occurrence(models.Model):
    """« Le risque s'est réalisé »: what happened feeds the next review."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="occurrences")
    occurred_on = models.DateField("date")
    impact = models.CharField(
        "impact constaté", max_length=10, choices=[(str(n), str(n)) for n in range(1, 7)]
    )
    what_happened = text_field("ce qui s'est passé")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = "réalisation du risque"
        verbose_name_plural = "réalisations du risque"

    def __str__(self) -> str:
        return f"{self.risk} — réalisé le {self.occurred_on:%d/%m/%Y}"


class KeyIndicator(models.Model):
    """A key risk indicator: when a validated value crosses the threshold, the risk is flagged
    for review and its owner told (once per value)."""

    class Crossing(models.TextChoices):
        ABOVE = "above", "au-dessus du seuil"
        BELOW = "below", "en dessous du seuil"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="key_indicators")
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name="indicateur",
        on_delete=models.PROTECT,
        related_name="+",
    )
    threshold = models.DecimalField("seuil", max_digits=18, decimal_places=4)
    crossing = models.CharField(
        "alerte quand la valeur passe", max_length=5, choices=Crossing.choices
    )
    last_value_id = models.BigIntegerField(null=True, blank=True, editable=False)
    crossed_at = models.DateTimeField("dernier franchissement", null=True, blank=True)

    class Meta:
        verbose_name = "indicateur clé de risque"
        verbose_name_plural = "indicateurs clés de risque"
        constraints = [
            models.UniqueConstraint(fields=["risk", "indicator"], name="unique_risk_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.get_crossing_display()} {self.threshold})"

    def crossed_by(self, value: Any) -> bool:
        if value is None:
            return False
        return (
            value > self.threshold
            if self.crossing == self.Crossing.ABOVE
            else value < self.threshold
        )


class Campaign(models.Model):
    """A direction's yearly re-evaluation: starts from last year's map (its `baseline`), ends
    when the direction declares its map done; the SG follows them like a reporting period."""

    class Status(StateChoices):
        IN_PROGRESS = "en_cours", Badge.INFO, "En cours"
        DONE = "terminee", Badge.OK, "Terminée"

    year = models.PositiveSmallIntegerField("année")
    direction = models.ForeignKey(
        Direction, verbose_name="direction", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "état", max_length=10, choices=Status.choices, default=Status.IN_PROGRESS
    )
    baseline = models.JSONField("cartographie de départ", default=dict)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "direction__code"]
        verbose_name = "campagne annuelle"
        verbose_name_plural = "campagnes annuelles"
        constraints = [
            models.UniqueConstraint(fields=["year", "direction"], name="unique_risk_campaign")
        ]

    def __str__(self) -> str:
        return f"Cartographie {self.year} — {self.direction.code}"

    @property
    def status_choice(self) -> Campaign.Status:
        return self.Status(self.status)
