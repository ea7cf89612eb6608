"""Immutable versions of a dispositif's requirement catalogue, and where each came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import VersionOrigin
from .dispositif import Dispositif
from .imports import RemImport


class CatalogueVersion(models.Model):
    """What a catalogue file load or a confirmed REM import that changed something left.

    `snapshot` holds the whole active catalogue (profiles, requirements with their
    statements, scenarios and proofs) so any two versions can be compared later.
    """

    dispositif = models.ForeignKey(
        Dispositif, on_delete=models.CASCADE, related_name="catalogue_versions"
    )
    number = models.PositiveIntegerField("numéro")
    created_at = models.DateTimeField("date", default=timezone.now)
    origin = models.CharField("origine", max_length=10, choices=VersionOrigin.choices)
    source_name = models.CharField("fichier", max_length=255)
    sha256 = models.CharField("SHA-256 du fichier", max_length=64)
    rem_import = models.ForeignKey(
        RemImport, on_delete=models.PROTECT, null=True, blank=True, related_name="versions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.JSONField("résumé", default=dict)
    snapshot = models.JSONField("contenu", default=dict)

    class Meta:
        ordering = ["dispositif", "-number"]
        verbose_name = "version du catalogue"
        constraints = [
            models.UniqueConstraint(
                fields=["dispositif", "number"], name="catalogue_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispositif} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Une version du catalogue ne se modifie pas.")
        super().save(*args, **kwargs)
