"""Who a City account is, and what the directory's groups give on the portal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from directions import policy
from directions.models import Direction, ElectedOfficial, Pole

GROUP_MAX = 255


class Identity(models.Model):
    """A person as the City's identity provider knows them, linked to their portal account.

    The subject (`sub`) is the provider's stable identifier; the employee id (matricule) stays
    the same when the person's email changes, or when the City moves to another provider. A person
    without a mapped group has an identity but no account yet."""

    issuer = models.CharField("fournisseur d'identité", max_length=255)
    subject = models.CharField("identifiant chez le fournisseur (sub)", max_length=255)
    employee_id = models.CharField("matricule", max_length=64, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte du portail",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="city_identity",
    )
    email = models.EmailField("courriel", max_length=254, blank=True)
    full_name = models.CharField("nom", max_length=300, blank=True)
    groups = models.JSONField("groupes de l'annuaire", default=list, blank=True)
    first_seen_at = models.DateTimeField("première connexion", auto_now_add=True)
    last_seen_at = models.DateTimeField("dernière connexion", null=True, blank=True)

    class Meta:
        verbose_name = "compte Ville de Paris"
        verbose_name_plural = "comptes Ville de Paris"
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_subject"),
            models.UniqueConstraint(
                fields=["employee_id"],
                condition=~models.Q(employee_id=""),
                name="sso_identity_employee_id",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.subject


class GroupMapping(models.Model):
    """A directory group and the role and scope it gives on the portal, kept by administrators.

    A person in several mapped groups gets the mapping with the smallest priority."""

    group = models.CharField(
        "groupe de l'annuaire",
        max_length=GROUP_MAX,
        unique=True,
        help_text="Le nom ou l'identifiant du groupe, tel que l'annuaire l'envoie.",
    )
    portal_role = models.CharField(
        "rôle sur le portail", max_length=30, choices=policy.role_choices
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name="direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pole = models.ForeignKey(
        Pole,
        verbose_name="pôle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    elected_official = models.ForeignKey(
        ElectedOfficial,
        verbose_name="élu·e",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Pour un·e élu·e ou son cabinet : l'élu·e au nom de qui le groupe répond.",
    )
    priority = models.PositiveSmallIntegerField(
        "priorité",
        default=100,
        help_text="Pour une personne de plusieurs groupes, la plus petite priorité l'emporte.",
    )
    note = models.CharField("commentaire", max_length=300, blank=True)

    class Meta:
        verbose_name = "correspondance de groupe"
        verbose_name_plural = "correspondances de groupes"
        ordering = ["priority", "group"]

    def __str__(self) -> str:
        return f"{self.group} → {policy.role_label(self.portal_role)}"

    def clean(self) -> None:
        super().clean()
        self.group = (self.group or "").strip()
        if any(char in self.group for char in "\r\n"):
            raise ValidationError({"group": "Le nom du groupe tient sur une ligne."})
        problem = policy.role_scope_problem(
            self.portal_role,
            direction_id=self.direction_id,
            pole_id=self.pole_id,
            elected_official_id=self.elected_official_id,
        )
        if problem:
            field = policy.role_scope_needed(self.portal_role) or "portal_role"
            raise ValidationError({field: problem})
