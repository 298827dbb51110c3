from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sg_portal.notifications.kinds import Delivery, Reason

TITLE_MAX = 300
BODY_MAX = 2000


class Notification(models.Model):
    """Something that concerns one person, produced once (its `key`) by the act that caused it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinataire",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("type", max_length=60)
    reason = models.CharField("raison", max_length=20, choices=Reason.choices)
    key = models.CharField("clé", max_length=200)
    title = models.CharField("titre", max_length=TITLE_MAX)
    body = models.TextField("texte", max_length=BODY_MAX, blank=True)
    url = models.CharField("adresse", max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur·rice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    about_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    delivery = models.CharField("remise", max_length=20, choices=Delivery.choices)
    created_at = models.DateTimeField("reçue le", default=timezone.now)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    digested_at = models.DateTimeField("récapitulée le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]
        indexes = [
            # The bell's count: one index-only scan of the reader's unread rows.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(delivery="digest", digested_at__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """How one person receives one kind (absent: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField("type", max_length=60)
    delivery = models.CharField("remise", max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"


DEFAULT_DIGEST_HOUR = 8


class DigestHour(models.Model):
    """The hour (Paris time) of one person's daily digest (absent: 8 h)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_hour"
    )
    hour = models.PositiveSmallIntegerField("heure du récapitulatif", default=DEFAULT_DIGEST_HOUR)

    class Meta:
        verbose_name = "heure du récapitulatif"
        constraints = [models.CheckConstraint(condition=Q(hour__lte=23), name="digest_hour_in_day")]

    def __str__(self) -> str:
        return f"{self.hour} h"


class Snooze(models.Model):
    """An item of the home page put aside by one person until a date (it comes back then)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="snoozes"
    )
    key = models.CharField("élément", max_length=200)
    until = models.DateField("jusqu'au")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "élément mis de côté"
        verbose_name_plural = "éléments mis de côté"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="snooze_once")]

    def __str__(self) -> str:
        return f"{self.key} → {self.until}"
