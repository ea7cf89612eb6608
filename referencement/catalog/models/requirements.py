"""The requirement catalogue (REM): chapters, requirements, scenarios, expected evidence."""

from __future__ import annotations

from django.db import models

from ..choices import CatalogStatus, EvidenceType, Perimeter, RequirementKind
from .dispositif import Dispositif, Profile


class Chapter(models.Model):
    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="chapters")
    code = models.CharField("code", max_length=60)
    title = models.CharField("titre", max_length=300)
    field_test = models.BooleanField(
        "vérifié en session de tests",
        default=False,
        help_text="000 §3.3, 004 §4.4 : cœur de métier et INS.",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["dispositif", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "code"], name="chapter_code_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Requirement(models.Model):
    """One requirement of a REM; retired, never deleted, when a newer catalogue drops it."""

    dispositif = models.ForeignKey(
        Dispositif, on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField("ID", max_length=60)
    chapter = models.ForeignKey(
        Chapter, on_delete=models.PROTECT, related_name="requirements", null=True, blank=True
    )
    function = models.CharField("fonction / bloc", max_length=500, blank=True)
    text = models.TextField("énoncé", blank=True)
    comment = models.TextField("commentaire", blank=True)
    kind = models.CharField(
        "nature", max_length=4, choices=RequirementKind.choices, default=RequirementKind.EXI
    )
    perimeter = models.CharField("périmètre", max_length=10, choices=Perimeter.choices)
    profiles = models.ManyToManyField(Profile, related_name="requirements")
    criticality = models.CharField("criticité", max_length=40, blank=True)
    conditional = models.BooleanField(
        "exigence conditionnelle",
        null=True,
        blank=True,
        help_text="Donnée par la disposition de publication ; sinon déduite des profils.",
    )
    field_test = models.BooleanField(
        "vérifiée en session de tests",
        default=False,
        help_text="000 §3.3, 004 §4.4 : colonne « Session de tests » du REM importé.",
    )
    status = models.CharField(
        max_length=10, choices=CatalogStatus.choices, default=CatalogStatus.ACTIVE
    )
    order = models.PositiveIntegerField(default=0)
    origin = models.ForeignKey(
        "catalog.CatalogueVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="origine",
    )

    class Meta:
        ordering = ["dispositif", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "code"], name="requirement_code_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.status == CatalogStatus.ACTIVE

    @property
    def is_conditional(self) -> bool:
        """Stated by the file, else: conditional when no mandatory profile carries it."""
        if self.conditional is not None:
            return self.conditional
        return not any(p.mandatory for p in self.profiles.all())


class Scenario(models.Model):
    """« Scénario de conformité » X.Y of requirement X (000 §3.1)."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="scenarios")
    code = models.CharField("N° scénario", max_length=80)
    text = models.TextField("scénario de conformité", blank=True)
    status = models.CharField(
        max_length=10, choices=CatalogStatus.choices, default=CatalogStatus.ACTIVE
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["requirement", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "code"], name="scenario_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class EvidenceSpec(models.Model):
    """Expected evidence X.Y.Z; deposited evidence (another app) points here."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="evidence_specs")
    code = models.CharField("N° preuve", max_length=100)
    text = models.TextField("preuve attendue", blank=True)
    evidence_type = models.CharField(
        "type de preuve", max_length=20, choices=EvidenceType.choices, default=EvidenceType.OTHER
    )
    status = models.CharField(
        max_length=10, choices=CatalogStatus.choices, default=CatalogStatus.ACTIVE
    )
    order = models.PositiveIntegerField(default=0)
    origin = models.ForeignKey(
        "catalog.CatalogueVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="origine",
    )

    class Meta:
        ordering = ["scenario", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "code"], name="evidence_spec_code_unique")
        ]

    def __str__(self) -> str:
        return self.code
