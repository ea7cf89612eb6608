"""The convention the editor signs, the weekly collège and its decisions (001 §4.5,
003 §4.5, 004 §4.5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from referencement.catalog.choices import CollegeOutcome

from .choices import CorrectionVerdict, SessionStatus


class Convention(models.Model):
    """001 §4.5: the agency prepares the convention once every evidence is validated; the
    editor signs it electronically, a prerequisite to the collège. 004 §4.2: the convention
    is signed with the application, an element of the dossier (dispositif parameter)."""

    candidature = models.OneToOneField(
        "candidatures.Candidature", on_delete=models.PROTECT, related_name="convention"
    )
    generated_at = models.DateTimeField("préparée le", default=timezone.now)
    draft = models.FileField("projet de convention", upload_to="conventions/")
    draft_sha256 = models.CharField(max_length=64)
    # Issue 12 item 10b: the fingerprint of the dossier data the draft carries
    # (college.terms); signed with the application (004 §4.2), a change voids the signature.
    terms_sha256 = models.CharField("empreinte des données du dossier", max_length=64, blank=True)
    signed_at = models.DateTimeField("signée le", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField("signataire", max_length=200, blank=True)
    signed = models.FileField("convention signée", upload_to="conventions/", blank=True)
    signed_sha256 = models.CharField("SHA-256 de la convention signée", max_length=64, blank=True)
    # 001 §4.5 « signature de la présente Convention par les deux parties (Editeur et ANS) ».
    countersigned_at = models.DateTimeField("contresignée par l'agence le", null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "convention de référencement"

    def __str__(self) -> str:
        return f"Convention — {self.candidature}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_countersigned(self) -> bool:
        return self.countersigned_at is not None


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


class Attendance(models.Model):
    """Issue 16 item 7: each member of a sitting is recorded present or absent."""

    session = models.ForeignKey(CollegeSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("présent")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "présence en séance"
        ordering = ["member__full_name", "member__email"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {'présent' if self.present else 'absent'}"


class InterestDeclaration(models.Model):
    """« Déclaration d'intérêts » (issue 16 item 7): the editors a member has interests
    with, renewed every year; the latest one applies."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interest_declarations"
    )
    declared_at = models.DateTimeField("déclarée le", default=timezone.now)
    editors = models.ManyToManyField(
        "accounts.Editor", blank=True, related_name="+", verbose_name="éditeurs concernés"
    )

    class Meta:
        verbose_name = "déclaration d'intérêts"
        ordering = ["-declared_at", "-pk"]

    def __str__(self) -> str:
        return f"Déclaration d'intérêts de {self.member}"


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


class DecisionQuerySet(models.QuerySet):
    def confirmed(self) -> DecisionQuerySet:
        """Decisions in effect: recorded by one member, confirmed by another."""
        return self.filter(confirmed_at__isnull=False)


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
    # Issue 16 item 7: four eyes, the decision takes effect when a second member confirms it.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True)
    # 004 §4.5: réserves non bloquantes, 4 weeks from the notification to fix them.
    fix_deadline = models.DateTimeField("corrections attendues avant le", null=True, blank=True)
    reserves_lifted_at = models.DateTimeField("réserves levées le", null=True, blank=True)
    # Issue 16 item 7: lifting is a collège act, proposed by one member, confirmed by another.
    lift_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_proposed_at = models.DateTimeField("levée proposée le", null=True, blank=True)
    lift_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 004 §4.5: the editor declares the corrections made; the agency then judges them.
    corrections_ready_at = models.DateTimeField(
        "corrections déclarées prêtes le", null=True, blank=True
    )
    # 001 §4.5: réserves bloquantes before Date 3, the editor may re-deposit.
    redeposit_allowed = models.BooleanField("redépôt des preuves possible", default=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision du collège"
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "candidature"], name="decision_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidature} : {self.get_outcome_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


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
        "files.Blob", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filename = models.CharField("nom du fichier", max_length=255, blank=True)
    deposited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deposited_at = models.DateTimeField("déposée le", default=timezone.now)
    verdict = models.CharField(
        "avis de l'instructeur", max_length=20, choices=CorrectionVerdict.choices, blank=True
    )
    verdict_comment = models.TextField("commentaire de l'instructeur", blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField("jugée le", null=True, blank=True)

    class Meta:
        verbose_name = "correction d'une réserve"
        ordering = ["deposited_at", "pk"]

    def __str__(self) -> str:
        return f"Correction de la {self.reserve}"
