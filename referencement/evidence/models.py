"""Deposited evidence: items expected from a candidature and their versions, on stored files
(DESIGN §6 Storage: never overwritten, never deleted by a user action)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from referencement.catalog.models import Chapter, EvidenceSpec, ExtraEvidence, Requirement
from referencement.files.models import Blob

from .choices import ConformityStatus, EquivalenceVerdict


class Evidence(models.Model):
    """One expected item of a candidature: a REM evidence spec (X.Y.Z), a requirement whose
    REM has no evidence spec yet (the shipped catalogues list requirement IDs only, DESIGN §3
    « Requirement catalogues »: one deposit per requirement until the REM is imported), or an
    extra mandatory evidence of the dispositif (CNDA homologation, EDC PSC, PASSI report, SSI
    questionnaire). Created at the first deposit; never deleted."""

    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.PROTECT, related_name="evidence"
    )
    spec = models.ForeignKey(
        EvidenceSpec, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extra = models.ForeignKey(
        ExtraEvidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 001 §4.1: already validated in a previous referencing; not required unless demanded.
    equivalence = models.BooleanField("équivalence", default=False)
    equivalence_reference = models.CharField("référencement d'origine", max_length=60, blank=True)
    demanded_by_agency = models.BooleanField(
        "demandée par l'agence malgré l'équivalence", default=False
    )
    # 003 §3.1: a claim the instructor confirms or refuses like a verdict.
    equivalence_verdict = models.CharField(
        "avis sur l'équivalence", max_length=20, choices=EquivalenceVerdict.choices, blank=True
    )
    equivalence_comment = models.TextField("commentaire sur l'équivalence", blank=True)
    # Issue 14 item 4: the requirement changed in the catalogue version the candidature was
    # migrated to; earlier versions stay attached for reference, a new deposit is expected.
    reopened_at = models.DateTimeField("rouverte le", null=True, blank=True)
    reopened_for = models.ForeignKey(
        "catalog.CatalogueVersion",
        verbose_name="rouverte pour la version du catalogue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Why a new deposit is expected (catalogue change, next version, instructor's demand), and
    # how many versions existed then: a version numbered higher answers the reopening.
    reopened_reason = models.CharField("motif de la réouverture", max_length=500, blank=True)
    reopened_after = models.PositiveIntegerField(
        "versions déposées avant la réouverture", default=0
    )
    # Issue 14 item 5: the item of the referenced version this one was carried forward from.
    inherited_from = models.ForeignKey(
        "self",
        verbose_name="reprise de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "preuve"
        constraints = [
            models.UniqueConstraint(fields=["candidature", "spec"], name="evidence_spec_once"),
            models.UniqueConstraint(fields=["candidature", "extra"], name="evidence_extra_once"),
            models.UniqueConstraint(
                fields=["candidature", "requirement"], name="evidence_requirement_once"
            ),
            models.CheckConstraint(
                name="evidence_is_spec_extra_or_requirement",
                condition=(
                    models.Q(spec__isnull=False, extra__isnull=True, requirement__isnull=True)
                    | models.Q(spec__isnull=True, extra__isnull=False, requirement__isnull=True)
                    | models.Q(spec__isnull=True, extra__isnull=True, requirement__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        item = self.spec or self.extra or self.requirement
        return item.code

    @property
    def is_required(self) -> bool:
        return (
            not self.equivalence
            or self.demanded_by_agency
            or self.equivalence_verdict == EquivalenceVerdict.REFUSED
        )

    def awaits_redeposit(self, latest_number: int) -> bool:
        """Reopened and no version deposited since (`latest_number`: 0 without any)."""
        return self.reopened_at is not None and latest_number <= self.reopened_after


class EvidenceVersion(models.Model):
    """One deposit: a file and/or a text (e.g. a test execution ID). A re-deposit is a new
    version; earlier versions stay visible."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("version")
    blob = models.ForeignKey(
        Blob, on_delete=models.PROTECT, null=True, blank=True, related_name="versions"
    )
    filename = models.CharField("nom du fichier", max_length=255, blank=True)
    text = models.TextField("texte", blank=True)
    deposited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deposited_at = models.DateTimeField("déposée le", default=timezone.now)
    conformity_status = models.CharField(
        "contrôle automatique",
        max_length=20,
        choices=ConformityStatus.choices,
        default=ConformityStatus.NOT_APPLICABLE,
    )
    conformity_report = models.JSONField("rapport de contrôle", default=dict, blank=True)
    # Issue 14 item 5: the deposit of the referenced version carried forward (same blob).
    inherited_from = models.ForeignKey(
        "self",
        verbose_name="reprise de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when the periodic sweep re-queues a check left pending (lost by a worker).
    conformity_requeued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "version de preuve"
        ordering = ["evidence", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "number"], name="evidence_version_number_unique"
            ),
            models.CheckConstraint(
                name="evidence_version_has_content",
                condition=models.Q(blob__isnull=False) | ~models.Q(text=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evidence} v{self.number}"


class ChapterSubmission(models.Model):
    """Reception of a complete evidence chapter: orders the wave-2 instruction queue
    (001 §4.4 « l'ordre de réception d'un chapitre complet »)."""

    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.PROTECT, related_name="chapter_submissions"
    )
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("reçu le", default=timezone.now)

    class Meta:
        verbose_name = "chapitre soumis"
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidature", "chapter"], name="chapter_submitted_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidature} — {self.chapter}"


class UploadReservation(models.Model):
    """Bytes of one request body being received for an account (issue 16 item 2): the sum
    of an account's reservations is its in-flight upload, bounded by a quota. A reservation
    lives as long as its request; one left by a crashed process stops counting when stale."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_reservations"
    )
    size = models.BigIntegerField("octets")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "envoi en cours"
        verbose_name_plural = "envois en cours"

    def __str__(self) -> str:
        return f"{self.size} octets"
