"""Stored files, content-addressed (DESIGN §6 Storage: never overwritten, never deleted by a
user action)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Blob(models.Model):
    """A stored file, named by its SHA-256. The same content is stored once."""

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    size = models.PositiveBigIntegerField("taille (octets)")
    content_type = models.CharField("type détecté", max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table evidence created before the model moved here (issue 12): no data moved.
        db_table = "evidence_blob"
        verbose_name = "fichier stocké"

    def __str__(self) -> str:
        return self.sha256
