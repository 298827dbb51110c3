"""The outbox: every email the portal sends is a row queued in the transaction of the act.

An app decides *what* is due and *to whom*, then calls `outbox.services.email_queue`; only the
outbox sends (`outbox.delivery`). The row is the whole message, so it can be sent again, shown on
`/envois/` and kept as the record of what went out.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from sg_portal.states import Badge, StateChoices

SUBJECT_MAX = 200
KEY_MAX = 200
PURPOSE_MAX = 60


class EmailState(StateChoices):
    QUEUED = "queued", Badge.INFO, "En attente"
    SENDING = "sending", Badge.INFO, "Envoi en cours"
    SENT = "sent", Badge.OK, "Envoyé"
    FAILED = "failed", Badge.BAD, "Échec"
    CANCELLED = "cancelled", Badge.MUTED, "Annulé"


class Email(models.Model):
    """One email, from the act that queued it to the SMTP server's acceptance (or its failure).

    `state` moves only by conditional updates (`delivery.py`): queued → sending (a claim, dated
    by `claimed_at`) → sent, or back to queued with `next_attempt_at` after a transient error, or
    failed (a reason in `last_error`) when it cannot be sent or after the last attempt.
    """

    purpose = models.CharField("objet", max_length=PURPOSE_MAX)
    key = models.CharField("clé d'unicité", max_length=KEY_MAX, unique=True)
    to = models.JSONField("destinataires", default=list)
    cc = models.JSONField("en copie", default=list, blank=True)
    subject = models.CharField("sujet", max_length=SUBJECT_MAX)
    body = models.TextField("texte")
    html = models.TextField("version HTML", blank=True)
    # [{"filename": ..., "mimetype": ..., "content": base64}]: small files (an agenda's .ics).
    attachments = models.JSONField("pièces jointes", default=list, blank=True)

    about_type = models.ForeignKey(
        ContentType,
        verbose_name="à propos de (type)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    about_id = models.PositiveBigIntegerField("à propos de (identifiant)", null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    state = models.CharField(
        "état", max_length=12, choices=EmailState.choices, default=EmailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.TextField("dernière erreur", blank=True)
    next_attempt_at = models.DateTimeField("prochain essai")
    claimed_at = models.DateTimeField("pris en charge le", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    failed_at = models.DateTimeField("en échec le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "envoi"
        verbose_name_plural = "envois"
        indexes = [
            # The sweep's two questions: what is due, and which claims are stale.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="queued"),
                name="outbox_email_due",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(state="sending"),
                name="outbox_email_claimed",
            ),
            models.Index(fields=["about_type", "about_id"], name="outbox_email_about"),
            models.Index(fields=["purpose", "-created_at"], name="outbox_email_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} — {self.subject}"

    @property
    def badge(self) -> Badge:
        return EmailState.badge_of(self.state)

    @property
    def is_failed(self) -> bool:
        return self.state == EmailState.FAILED

    @property
    def is_sent(self) -> bool:
        return self.state == EmailState.SENT

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc]
