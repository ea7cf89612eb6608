"""A REM spreadsheet upload, previewed then applied by the worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..choices import ImportStatus
from .dispositif import Dispositif


class RemImport(models.Model):
    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    file = models.FileField(upload_to="rem/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256 du fichier", max_length=64, blank=True)
    layout = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_processed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dispositif} {self.filename}"

    @property
    def in_progress(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.rows_processed / self.rows_total) if self.rows_total else 0

    @property
    def retired_count(self) -> int:
        return len(self.summary.get("retired", []))

    @property
    def retires_much(self) -> bool:
        """More than 10 % of the active catalogue retired: confirmed by typing the code."""
        return self.retired_count * 10 > self.summary.get("active_before", 0)
