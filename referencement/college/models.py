"""The convention the editor signs, the weekly collège and its decisions (001 §4.5,
003 §4.5, 004 §4.5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from referencement.catalog.choices import CollegeOutcome

from .choices import SessionStatus


class Convention(models.Model):
    """001 §4.5: the agency prepares the convention once every evidence is validated; the
    editor signs it electronically, a prerequisite to the collège."""

    candidature = models.OneToOneField(
        "candidatures.Candidature", on_delete=models.PROTECT, related_name="convention"
    )
    generated_at = models.DateTimeField("préparée le", default=timezone.now)
    draft = models.FileField("projet de convention", upload_to="conventions/")
    draft_sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField("signée le", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField("signataire", max_length=200, blank=True)
    signed = models.FileField("convention signée", upload_to="conventions/", blank=True)
    signed_sha256 = models.CharField("SHA-256 de la convention signée", max_length=64, blank=True)

    class Meta:
        verbose_name = "convention de référencement"

    def __str__(self) -> str:
        return f"Convention — {self.candidature}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class CollegeSession(models.Model):
    sits_at = models.DateTimeField("date de séance", unique=True)
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    minutes = models.FileField("procès-verbal", upload_to="college/", blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "séance du collège"
        ordering = ["sits_at"]

    def __str__(self) -> str:
        return f"Collège du {timezone.localtime(self.sits_at):%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.PLANNED


class AgendaItem(models.Model):
    session = models.ForeignKey(CollegeSession, on_delete=models.PROTECT, related_name="agenda")
    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.PROTECT, related_name="agenda_items"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "candidature"], name="agenda_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.candidature}"


class Decision(models.Model):
    session = models.ForeignKey(CollegeSession, on_delete=models.PROTECT, related_name="decisions")
    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField("décision", max_length=30, choices=CollegeOutcome.choices)
    reasons = models.TextField("motifs / réserves", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    # 004 §4.5: réserves non bloquantes, 4 weeks from the notification to fix them.
    fix_deadline = models.DateTimeField("corrections attendues avant le", null=True, blank=True)
    reserves_lifted_at = models.DateTimeField("réserves levées le", null=True, blank=True)
    # 004 §4.5: the editor declares the corrections made; the agency then judges them.
    corrections_ready_at = models.DateTimeField(
        "corrections déclarées prêtes le", null=True, blank=True
    )
    # 001 §4.5: réserves bloquantes before Date 3, the editor may re-deposit.
    redeposit_allowed = models.BooleanField("redépôt des preuves possible", default=False)

    class Meta:
        verbose_name = "décision du collège"
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "candidature"], name="decision_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidature} : {self.get_outcome_display()}"


class Reserve(models.Model):
    """One réserve non bloquante of a decision: a minor correction to make (004 §4.5)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reserves")
    number = models.PositiveSmallIntegerField("numéro")
    text = models.TextField("réserve")

    class Meta:
        verbose_name = "réserve"
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="reserve_number_unique")
        ]

    def __str__(self) -> str:
        return f"Réserve {self.number} — {self.decision.candidature}"


class ReserveCorrection(models.Model):
    """The editor's proof of a correction against one reserve (004 §4.5 « une fois les
    preuves des corrections apportées par l'Editeur »), file stored like evidence."""

    reserve = models.ForeignKey(Reserve, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField("correction apportée")
    blob = models.ForeignKey(
        "evidence.Blob", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filename = models.CharField("nom du fichier", max_length=255, blank=True)
    deposited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deposited_at = models.DateTimeField("déposée le", default=timezone.now)

    class Meta:
        verbose_name = "correction d'une réserve"
        ordering = ["deposited_at", "pk"]

    def __str__(self) -> str:
        return f"Correction de la {self.reserve}"
