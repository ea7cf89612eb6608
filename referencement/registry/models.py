"""Attestations with their unique referencing number and the history of each referencing
(DESIGN §3: « A later audit can withdraw it; the list keeps the history »)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import AttestationStatus, AuditConclusion, EventKind


class AttestationCounter(models.Model):
    """The last sequence number given per dispositif and year (locked when allocating)."""

    dispositif = models.ForeignKey("catalog.Dispositif", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "year"], name="attestation_counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.dispositif} {self.year}: {self.last}"


class Attestation(models.Model):
    number = models.CharField("numéro de référencement", max_length=80, unique=True)
    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.PROTECT, related_name="attestations"
    )
    dispositif = models.ForeignKey(
        "catalog.Dispositif", on_delete=models.PROTECT, related_name="attestations"
    )
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    editor_name = models.CharField("éditeur", max_length=200)
    solution_name = models.CharField("solution", max_length=200)
    commercial_names = models.JSONField("dénominations commerciales", default=list)
    technical_version = models.CharField("version technique", max_length=200, blank=True)
    profiles = models.JSONField("profils accordés", default=list)
    # Issue 14 item 5: the attestation of the version this one derives from (lineage).
    derives_from = models.ForeignKey(
        "self",
        verbose_name="dérive de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    issued_at = models.DateTimeField("délivrée le", default=timezone.now)
    # Issue 15 item 8: rendered by a worker once the attribution has committed; empty until then.
    pdf = models.FileField("attestation", upload_to="attestations/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=20, choices=AttestationStatus.choices, default=AttestationStatus.VALID
    )
    ended_at = models.DateTimeField("fin du référencement", null=True, blank=True)
    end_reason = models.TextField("motif de fin", blank=True)

    class Meta:
        verbose_name = "attestation de référencement"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispositif", "year", "sequence"], name="attestation_sequence_once"
            )
        ]
        indexes = [models.Index(fields=["issued_at", "ended_at"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.status == AttestationStatus.VALID


class RegistryEvent(models.Model):
    """The history of a referencing, shown on the verification page."""

    attestation = models.ForeignKey(Attestation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField("date")
    detail = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.attestation} {self.get_kind_display()}"


class Audit(models.Model):
    """An agency audit of a referenced solution (DESIGN §1: agency admins run audits)."""

    attestation = models.ForeignKey(Attestation, on_delete=models.PROTECT, related_name="audits")
    conducted_on = models.DateField("date de l'audit")
    conclusion = models.CharField(max_length=20, choices=AuditConclusion.choices)
    summary = models.TextField("constats")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-conducted_on", "-pk"]

    def __str__(self) -> str:
        return f"Audit du {self.conducted_on:%d/%m/%Y} — {self.attestation}"


class Edition(models.Model):
    """One published state of the public registry (issue 15): immutable, numbered, its JSON
    and CSV files in the content-addressed store, chained by the previous edition's hash."""

    number = models.PositiveIntegerField("numéro d'édition", unique=True)
    published_at = models.DateTimeField("publiée le")
    sha256 = models.CharField("SHA-256 du fichier JSON", max_length=64, unique=True)
    previous_sha256 = models.CharField("SHA-256 de l'édition précédente", max_length=64, blank=True)
    # The hash of the rows alone: an unchanged registry publishes no new edition.
    content_sha256 = models.CharField(max_length=64)
    json_blob = models.ForeignKey("files.Blob", on_delete=models.PROTECT, related_name="+")
    csv_blob = models.ForeignKey("files.Blob", on_delete=models.PROTECT, related_name="+")
    referenced_count = models.PositiveIntegerField(default=0)
    candidates_count = models.PositiveIntegerField(default=0)
    # What this edition changed since the previous one (the feed's entries).
    changes = models.JSONField(default=list)

    class Meta:
        verbose_name = "édition du registre"
        ordering = ["-number"]
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return f"Édition n° {self.number}"
