"""The organisation the SG coordinates: pôles, directions, arrondissements, elected officials, users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Pole(models.Model):
    """A group of directions overseen by one SG adjoint·e (or the SG délégué·e)."""

    code = models.SlugField("code", max_length=30, unique=True)
    name = models.CharField("nom", max_length=200, unique=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "pôle"
        verbose_name_plural = "pôles"

    def __str__(self) -> str:
        return self.name


class Direction(models.Model):
    class Kind(models.TextChoices):
        DIRECTION = "direction", "Direction"
        DELEGATION = "delegation", "Délégation générale"
        MISSION = "mission", "Mission"
        SG = "sg", "Secrétariat général"

    code = models.CharField("sigle", max_length=20, unique=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.DIRECTION)
    pole = models.ForeignKey(
        Pole,
        verbose_name="pôle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directions",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="rattachée à",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="Pour les délégations générales et missions rattachées au Secrétariat général.",
    )
    email = models.EmailField("adresse fonctionnelle", blank=True)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "direction"
        verbose_name_plural = "directions"

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Arrondissement(models.Model):
    number = models.PositiveSmallIntegerField("numéro", unique=True)
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    label = models.CharField("libellé", max_length=30)
    official_name = models.CharField("nom officiel", max_length=100)
    mairie = models.CharField(
        "mairie",
        max_length=100,
        help_text="Depuis 2020, les 1er à 4e forment le secteur Paris Centre.",
    )
    surface_m2 = models.PositiveBigIntegerField("surface (m²)", null=True, blank=True)
    geometry = models.JSONField("géométrie (GeoJSON, WGS84)", default=dict, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "arrondissement"
        verbose_name_plural = "arrondissements"

    def __str__(self) -> str:
        return self.label


class ElectedOfficial(models.Model):
    class Office(models.TextChoices):
        MAIRE = "maire", "Maire de Paris"
        ADJOINT = "adjoint", "Adjoint·e à la Maire"
        MAIRE_ARRONDISSEMENT = "maire_arrondissement", "Maire d'arrondissement"

    office = models.CharField("mandat", max_length=30, choices=Office.choices)
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    rank = models.PositiveSmallIntegerField(
        "rang", default=0, help_text="Ordre du tableau pour les adjoints."
    )
    delegation = models.CharField("délégation", max_length=300, blank=True)
    arrondissements = models.ManyToManyField(
        Arrondissement, verbose_name="arrondissements", blank=True, related_name="mayors"
    )
    email = models.EmailField("courriel", blank=True)

    class Meta:
        ordering = ["office", "rank", "last_name"]
        verbose_name = "élu·e"
        verbose_name_plural = "élu·e·s"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "first_name", "last_name"], name="unique_elected_official"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.get_office_display()})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class User(AbstractUser):
    """A person of the City who uses the portal: a role and a scope (a direction or a pôle)."""

    class Role(models.TextChoices):
        DIRECTEUR = "directeur", "Directeur·rice"
        REFERENT = "referent", "Référent·e reporting"
        SECRETAIRE_GENERALE = "secretaire_generale", "Secrétaire générale"
        SG_DELEGUE = "sg_delegue", "Secrétaire général·e délégué·e"
        SG_ADJOINT = "sg_adjoint", "Secrétaire général·e adjoint·e"
        CHARGE_MISSION = "charge_mission", "Chargé·e de mission"
        CHEF_PROJET = "chef_projet", "Chef·fe de projet transverse"
        CADRE_SUPERIEUR = "cadre_superieur", "Cadre supérieur·e"
        ADMINISTRATEUR = "administrateur", "Administrateur·rice"
        ELU = "elu", "Élu·e (adjoint·e à la Maire ou maire d'arrondissement)"
        CABINET_ELU = "cabinet_elu", "Membre du cabinet d'un·e élu·e"
        CABINET_MAIRE = "cabinet_maire", "Cabinet de la Maire"

    SG_ROLES = frozenset({Role.SECRETAIRE_GENERALE, Role.SG_DELEGUE, Role.SG_ADJOINT})
    DIRECTION_ROLES = frozenset({Role.DIRECTEUR, Role.REFERENT})

    role = models.CharField(
        "rôle", max_length=30, choices=Role.choices, default=Role.CADRE_SUPERIEUR
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name="direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    pole = models.ForeignKey(
        Pole,
        verbose_name="pôle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="Pour un·e SG adjoint·e : le pôle qu'il ou elle supervise.",
    )
    job_title = models.CharField("fonction", max_length=200, blank=True)
    elected_official = models.ForeignKey(
        ElectedOfficial,
        verbose_name="élu·e",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text=(
            "Pour un·e élu·e : sa fiche d'élu·e. Pour un membre de cabinet : l'élu·e "
            "au nom de qui il ou elle répond."
        ),
    )

    class Meta:
        verbose_name = "utilisateur·rice"
        verbose_name_plural = "utilisateur·rice·s"
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_sg_staff(self) -> bool:
        """The Secrétaire générale, the délégué·e and the adjoint·e·s."""
        return self.role in self.SG_ROLES

    @property
    def is_direction_member(self) -> bool:
        """A director or a référent: reports for one direction."""
        return self.role in self.DIRECTION_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATEUR or self.is_superuser
