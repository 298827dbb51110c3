"""One journal for every app: one row per state change, who, when, what, on what, before, after."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

ACTION_MAX_LENGTH = 80
COMMENT_MAX_LENGTH = 2000  # as long as the longest reason a form accepts (a report's return)


class Entry(models.Model):
    """A state change of any object of any app.

    `action` is namespaced `<app>.<thing>.<verb>` (`indicators.report.submit`). The object is a
    generic link; `parent` ties a sub-object to the page that shows it (a milestone to its
    project, an agenda item to its meeting), so a page reads its history with one query. An entry
    carries in `before`/`after` the labels it needs to be read (an indicator's name, a sitting's
    label), so showing it needs no other query and survives the object's deletion.
    """

    at = models.DateTimeField("date", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide pour un acte du portail lui-même (tâche planifiée, import).",
    )
    action = models.CharField("action", max_length=ACTION_MAX_LENGTH)
    content_type = models.ForeignKey(
        ContentType, verbose_name="type d'objet", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("identifiant de l'objet")
    obj = GenericForeignKey("content_type", "object_id")
    parent_type = models.ForeignKey(
        ContentType,
        verbose_name="type de la page",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    parent_id = models.PositiveBigIntegerField("identifiant de la page", null=True, blank=True)
    parent = GenericForeignKey("parent_type", "parent_id")
    before = models.JSONField("avant", default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("après", default=dict, blank=True, encoder=DjangoJSONEncoder)
    comment = models.CharField("commentaire", max_length=COMMENT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal"
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="journal_object"),
            models.Index(fields=["parent_type", "parent_id", "-at"], name="journal_parent"),
            models.Index(fields=["action", "-at"], name="journal_action"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent_type__isnull=True, parent_id__isnull=True)
                | models.Q(parent_type__isnull=False, parent_id__isnull=False),
                name="journal_parent_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({timezone.localtime(self.at):%d/%m/%Y %H:%M})"
