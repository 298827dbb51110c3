"""The periodic reporting of the directions (seed §2): indicators, periods, reports, values."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from directions.models import Arrondissement, Direction
from sg_portal import calendar as C
from sg_portal.french import de
from sg_portal.states import Badge, StateChoices
from sg_portal.text import line_field, text_field

#: a comment explains a figure; a pasted document has no place here
COMMENT_MAX_LENGTH = 2000


class Periodicity(models.TextChoices):
    FORTNIGHTLY = "quinzaine", "Quinzaine"
    MONTHLY = "mois", "Mois"
    QUARTERLY = "trimestre", "Trimestre"
    YEARLY = "annee", "Année"


class Indicator(models.Model):
    class Family(models.TextChoices):
        CONTEXT = "contexte", "Contexte économique et social"
        RESOURCES = "ressources", "Moyens et responsabilité de la Ville"
        COMMITMENTS = "engagements", "Engagements de mandature et modernisation"

    class Breakdown(models.TextChoices):
        NONE = "aucune", "Aucune"
        ARRONDISSEMENT = "arrondissement", "Par arrondissement"

    class Polarity(models.TextChoices):
        HIGHER = "hausse", "Plus c'est haut, mieux c'est"
        LOWER = "baisse", "Plus c'est bas, mieux c'est"
        NEUTRAL = "neutre", "Neutre"

    code = models.SlugField("code", max_length=40, unique=True)
    name = line_field("nom", max_length=200)
    definition = text_field("définition", max_length=2000, blank=True)
    family = models.CharField("famille", max_length=20, choices=Family.choices)
    unit = line_field("unité", max_length=30, blank=True, help_text="%, €, jours, personnes…")
    decimals = models.PositiveSmallIntegerField("décimales", default=0)
    periodicity = models.CharField(
        "périodicité", max_length=20, choices=Periodicity.choices, default=Periodicity.FORTNIGHTLY
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name="direction qui le renseigne",
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    breakdown = models.CharField(
        "ventilation géographique", max_length=20, choices=Breakdown.choices, default=Breakdown.NONE
    )
    polarity = models.CharField(
        "polarité", max_length=10, choices=Polarity.choices, default=Polarity.NEUTRAL
    )
    target_value = models.DecimalField(
        "cible", max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField("échéance de la cible", null=True, blank=True)
    min_plausible = models.DecimalField(
        "minimum plausible", max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_plausible = models.DecimalField(
        "maximum plausible", max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_change_percent = models.PositiveSmallIntegerField(
        "variation au-delà de laquelle un commentaire est exigé (%)", default=30
    )
    source = line_field("source", max_length=200, blank=True)
    is_active = models.BooleanField("actif", default=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["family", "order", "name"]
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"

    def __str__(self) -> str:
        return self.name

    @property
    def by_arrondissement(self) -> bool:
        return self.breakdown == self.Breakdown.ARRONDISSEMENT


class Period(models.Model):
    periodicity = models.CharField("périodicité", max_length=20, choices=Periodicity.choices)
    start = models.DateField("début")
    end = models.DateField("fin")
    due_date = models.DateField("date limite")

    class Meta:
        ordering = ["-start", "periodicity"]
        verbose_name = "période"
        verbose_name_plural = "périodes"
        constraints = [
            models.UniqueConstraint(fields=["periodicity", "start"], name="unique_period"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_order"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.dateformat import format as date_format

        if self.periodicity == Periodicity.FORTNIGHTLY:
            half = "1re" if self.start.day == 1 else "2de"
            return f"{half} quinzaine {de(date_format(self.start, 'F Y'))}"
        if self.periodicity == Periodicity.MONTHLY:
            return date_format(self.start, "F Y").capitalize()
        if self.periodicity == Periodicity.QUARTERLY:
            quarter = (self.start.month - 1) // 3 + 1
            return f"{quarter}{'er' if quarter == 1 else 'e'} trimestre {self.start.year}"
        return f"Année {self.start.year}"


class ReportState(StateChoices):
    """What a report shows on every screen and in every email: its stored status, except that a
    draft is split by its due date (late, or still to fill) and, on the completeness matrix, by
    whether a value was entered yet. One badge per state, wherever it is shown."""

    TO_FILL = "a_remplir", Badge.MUTED, "À remplir"
    NOT_STARTED = "non_commence", Badge.MUTED, "Non commencé"
    IN_PROGRESS = "en_cours", Badge.MUTED, "En cours"
    LATE = "en_retard", Badge.BAD, "En retard"
    SUBMITTED = "soumis", Badge.WAITING, "Soumis"
    RETURNED = "renvoye", Badge.WARN, "Renvoyé"
    VALIDATED = "valide", Badge.OK, "Validé"

    @classmethod
    def for_draft(
        cls, due_date: dt.date, today: dt.date, has_values: bool | None = None
    ) -> ReportState:
        if C.is_late(due_date, today):
            return cls.LATE
        if has_values is None:
            return cls.TO_FILL
        return cls.IN_PROGRESS if has_values else cls.NOT_STARTED

    @classmethod
    def of(
        cls, status: str, due_date: dt.date, today: dt.date, has_values: bool | None = None
    ) -> ReportState:
        """The state of a report from its stored fields (for rows read with `.values()`)."""
        if status == Report.Status.DRAFT:
            return cls.for_draft(due_date, today, has_values)
        return cls(status)


class Report(models.Model):
    """One per (direction, period): every indicator the direction reports for that period."""

    class Status(StateChoices):
        DRAFT = "brouillon", Badge.MUTED, "À remplir"
        SUBMITTED = "soumis", Badge.WAITING, "Soumis"
        RETURNED = "renvoye", Badge.WARN, "Renvoyé"
        VALIDATED = "valide", Badge.OK, "Validé"

    EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})

    direction = models.ForeignKey(
        Direction, verbose_name="direction", on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        Period, verbose_name="période", on_delete=models.PROTECT, related_name="reports"
    )
    due_date = models.DateField("date limite")
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("soumis le", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="soumis par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("examiné le", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="examiné par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_comment = text_field("motif du renvoi", max_length=2000, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        ordering = ["-due_date", "direction__code"]
        verbose_name = "rapport"
        verbose_name_plural = "rapports"
        constraints = [
            models.UniqueConstraint(fields=["direction", "period"], name="unique_report"),
        ]
        indexes = [
            models.Index(fields=["period", "status"], name="report_period_status"),
            models.Index(fields=["status", "due_date"], name="report_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.direction.code} — {self.period.label}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED

    @classmethod
    def late_draft_q(cls, today: dt.date) -> Q:
        """The drafts late on `today`: the state « En retard » (a returned report stays
        « Renvoyé », with its days late)."""
        return Q(status=cls.Status.DRAFT, due_date__lt=C.late_when_due_before(today))

    @classmethod
    def late_q(cls, today: dt.date) -> Q:
        """The reports late on `today`, whatever their label: a draft (« En retard ») or a
        returned report (« Renvoyé ») whose due date has passed, by the calendar's rule. Every
        « en retard » list and count reads this, as `is_late` and the completeness matrix do."""
        return Q(status__in=cls.EDITABLE, due_date__lt=C.late_when_due_before(today))

    def is_late(self, today: dt.date) -> bool:
        """Late is derived, never stored: not yet submitted, and late by the kernel's rule."""
        return self.status in self.EDITABLE and C.is_late(self.due_date, today)

    def days_late(self, today: dt.date) -> int:
        """Working days late (`sg_portal.calendar.days_late`); 0 once submitted."""
        return C.days_late(self.due_date, today) if self.status in self.EDITABLE else 0

    def state(self, today: dt.date, *, has_values: bool | None = None) -> ReportState:
        """The report's state on `today`. A draft is late, or to fill; given `has_values` (the
        completeness matrix), a draft not yet late is « en cours » or « non commencé »."""
        if self.status == self.Status.DRAFT:
            return ReportState.for_draft(self.due_date, today, has_values)
        return ReportState(self.status)

    @property
    def current_state(self) -> ReportState:
        """The state today (Paris time)."""
        from django.utils import timezone

        return self.state(timezone.localdate())

    @property
    def status_badge(self) -> Badge:
        return self.current_state.badge


class Value(models.Model):
    """A value of an indicator in a report, per arrondissement where the indicator is broken down."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Denormalised from the report so "latest values of an indicator" needs no join.
    period_end = models.DateField("fin de période")
    value = models.DecimalField("valeur", max_digits=18, decimal_places=4, null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "valeur"
        verbose_name_plural = "valeurs"
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["report", "indicator", "arrondissement"],
                condition=Q(arrondissement__isnull=False),
                name="unique_value_by_arrondissement",
            ),
            models.UniqueConstraint(
                fields=["report", "indicator"],
                condition=Q(arrondissement__isnull=True),
                name="unique_value_city_wide",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "-period_end"], name="value_indicator_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} / {self.report_id} : {self.value}"


class Comment(models.Model):
    """The director's comment on one indicator of a report (required after a large change)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    text = text_field("commentaire", max_length=COMMENT_MAX_LENGTH, blank=True)
    version = models.PositiveIntegerField("version", default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "commentaire"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="unique_comment"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- Reporting reminders (issue 4) --------------------------------------------------------------


class ReminderPolicy(models.Model):
    """When to remind a direction of a report not yet submitted, per periodicity.

    Counted in working days (weekends and French public holidays skipped) from the due date.
    An empty number switches that reminder off. Edited by administrators at /rapports/rappels/.
    """

    DEFAULTS = {"days_before": 3, "on_due_date": True, "days_after": 2, "escalation_days": 5}

    periodicity = models.CharField(
        "périodicité", max_length=20, choices=Periodicity.choices, unique=True
    )
    days_before = models.PositiveSmallIntegerField(
        "rappel avant l'échéance (jours ouvrés avant)", null=True, blank=True, default=3
    )
    on_due_date = models.BooleanField("rappel le jour de l'échéance", default=True)
    days_after = models.PositiveSmallIntegerField(
        "relance après l'échéance (jours ouvrés après)", null=True, blank=True, default=2
    )
    escalation_days = models.PositiveSmallIntegerField(
        "escalade au SG adjoint du pôle (jours ouvrés après)", null=True, blank=True, default=5
    )
    send_hour = models.PositiveSmallIntegerField(
        "heure d'envoi (heure de Paris)", default=8, help_text="De 0 à 23."
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["periodicity"]
        verbose_name = "politique de rappel"
        verbose_name_plural = "politiques de rappel"
        constraints = [
            models.CheckConstraint(condition=Q(send_hour__lte=23), name="reminder_hour_range"),
        ]

    def __str__(self) -> str:
        return f"Rappels — {self.get_periodicity_display()}"


class ReminderKind(models.TextChoices):
    BEFORE = "avant", "Rappel avant l'échéance"
    DUE = "echeance", "Rappel le jour de l'échéance"
    AFTER = "retard", "Relance après l'échéance"
    ESCALATION = "escalade", "Escalade au SG adjoint du pôle"


class Reminder(models.Model):
    """One reminder of one report, as decided: which kind, for when, automatic or by hand.

    Its email is a row of the outbox (`email`), which sends it, retries it and records how it
    went. The automatic reminder of a kind exists at most once per report (unique constraint), so
    a repeated tick or two beats plan it once; a resend by an administrator is a row of its own,
    marked manual, and its email's key keeps two clicks from queuing it twice.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("type", max_length=20, choices=ReminderKind.choices)
    manual = models.BooleanField("renvoi manuel", default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scheduled_for = models.DateField("prévu le")
    email = models.OneToOneField(
        "outbox.Email",
        verbose_name="envoi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminder",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "rappel"
        verbose_name_plural = "rappels"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind"],
                condition=Q(manual=False),
                name="unique_automatic_reminder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.report_id}"


class ReportingDigest(models.Model):
    """The fortnightly digest to SG staff, decided once per fortnight (unique period); its email
    is a row of the outbox."""

    period = models.OneToOneField(
        Period, verbose_name="quinzaine", on_delete=models.PROTECT, related_name="digest"
    )
    email = models.OneToOneField(
        "outbox.Email",
        verbose_name="envoi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="digest",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "synthèse de quinzaine"
        verbose_name_plural = "synthèses de quinzaine"

    def __str__(self) -> str:
        return f"Synthèse — {self.period_id}"


class ImportRun(models.Model):
    """One import of a history file, run by the worker: checked, then (once confirmed) written,
    all or nothing. Its page follows it, so closing the tab loses nothing."""

    class Status(StateChoices):
        CHECKING = "verification", Badge.INFO, "Vérification en cours"
        REFUSED = "refuse", Badge.BAD, "Refusé"
        READY = "pret", Badge.WAITING, "À confirmer"
        WRITING = "ecriture", Badge.INFO, "Import en cours"
        DONE = "termine", Badge.OK, "Importé"
        FAILED = "echec", Badge.BAD, "Échec : rien n'a été écrit"
        CANCELLED = "annule", Badge.MUTED, "Annulé"

    RUNNING = frozenset({Status.CHECKING, Status.WRITING})

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        on_delete=models.PROTECT,
        related_name="import_runs",
    )
    created_at = models.DateTimeField("envoyé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    filename = models.CharField("fichier", max_length=255)
    # The file until it has been checked, then the checked rows until they are written.
    data = models.BinaryField("contenu", default=b"")
    rows = models.JSONField("lignes vérifiées", default=list, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    total = models.PositiveIntegerField("lignes", default=0)
    done = models.PositiveIntegerField("lignes traitées", default=0)
    imported = models.PositiveIntegerField("valeurs importées", default=0)
    message = models.CharField("message", max_length=500, blank=True)
    # The first refused rows ([line, column, reason]) and their total count.
    errors = models.JSONField("lignes refusées", default=list, blank=True)
    error_count = models.PositiveIntegerField("nombre de lignes refusées", default=0)
    sample = models.JSONField("aperçu", default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import d'historique"
        verbose_name_plural = "imports d'historique"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def state(self) -> ImportRun.Status:
        return ImportRun.Status(self.status)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def hidden_errors(self) -> int:
        return max(0, self.error_count - len(self.errors))

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0
