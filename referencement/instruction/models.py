"""The agency's review of the evidence: verdicts, the instruction clock, field test sessions
(001 §4.4, 003 §4.4, 004 §4.4, 000 §3.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from referencement.catalog.models import Requirement

from .choices import FieldTestOutcome, FieldTestStatus, VerdictValue


class Verdict(models.Model):
    """The instructor's verdict on one deposited version; a re-deposit needs a new verdict."""

    version = models.OneToOneField(
        "evidence.EvidenceVersion", on_delete=models.PROTECT, related_name="verdict"
    )
    value = models.CharField("avis", max_length=20, choices=VerdictValue.choices)
    comment = models.TextField("commentaire pour l'éditeur", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("rendu le", default=timezone.now)

    class Meta:
        verbose_name = "avis d'instruction"

    def __str__(self) -> str:
        return f"{self.version} : {self.get_value_display()}"


class OpenedVersion(models.Model):
    """An agency user opened (previewed or downloaded) a deposited version: « tout le
    chapitre conforme » may only cover versions someone actually looked at."""

    version = models.ForeignKey(
        "evidence.EvidenceVersion", on_delete=models.CASCADE, related_name="openings"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("ouverte le", default=timezone.now)

    class Meta:
        verbose_name = "version ouverte"
        constraints = [
            models.UniqueConstraint(fields=["version", "opened_by"], name="version_opened_once")
        ]

    def __str__(self) -> str:
        return f"{self.version} ouverte par {self.opened_by}"


class ClockPeriod(models.Model):
    """One stretch of instruction time; the clock is stopped while the agency waits for the
    editor (003 §4.4, 004 §4.4: « le décompte … est suspendu jusqu'à la réponse »)."""

    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.CASCADE, related_name="clock_periods"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidature"],
                condition=models.Q(ended_at__isnull=True),
                name="one_running_clock_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidature} {self.started_at:%d/%m/%Y}"


class InstructionRecord(models.Model):
    """When the instruction started and ended (the field test limit counts from the start)."""

    candidature = models.OneToOneField(
        "candidatures.Candidature", on_delete=models.CASCADE, related_name="instruction_record"
    )
    started_at = models.DateTimeField("instruction commencée le")
    finished_at = models.DateTimeField("instruction terminée le", null=True, blank=True)
    # Issue 10 item 4: the instructor's written proposal, read by the collège on its agenda.
    proposal = models.TextField("proposition de l'instructeur au collège", blank=True)
    # Issue 12 item 9: when the sweep told editor and agency that the field test window
    # (000 §3.3, 004 §4.4) passed without a session: once, whatever follows.
    field_test_missed_at = models.DateTimeField(
        "session de tests signalée non tenue dans le délai le", null=True, blank=True
    )

    def __str__(self) -> str:
        return str(self.candidature)


class FieldTestSession(models.Model):
    """000 §3.3, 004 §4.4: evidence reviewed in a test session with an agency representative.
    The editor proposes the date within the catalogue's delay after the instruction starts;
    the agency confirms it (or asks for another), then records the results once it is held."""

    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.CASCADE, related_name="field_tests"
    )
    status = models.CharField(
        "état", max_length=20, choices=FieldTestStatus.choices, default=FieldTestStatus.PROPOSED
    )
    scheduled_for = models.DateTimeField("date de la session")
    place = models.CharField("lieu / environnement", max_length=300)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="proposée par",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    scheduled_at = models.DateTimeField("proposée le", default=timezone.now)
    agency_representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="représentant de l'agence",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    agency_note = models.TextField("message de l'agence", blank=True)
    held_at = models.DateTimeField("tenue le", null=True, blank=True)

    class Meta:
        ordering = ["scheduled_for"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidature"],
                condition=models.Q(status__in=["proposed", "confirmed"]),
                name="one_pending_field_test",
            )
        ]

    def __str__(self) -> str:
        return f"Session de tests du {self.scheduled_for:%d/%m/%Y}"


class FieldTestResult(models.Model):
    session = models.ForeignKey(FieldTestSession, on_delete=models.CASCADE, related_name="results")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField("résultat", max_length=20, choices=FieldTestOutcome.choices)
    comment = models.TextField("observations", blank=True)

    class Meta:
        ordering = ["requirement__order", "requirement__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "requirement"], name="field_test_result_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement} : {self.get_outcome_display()}"


class DispositifAssignment(models.Model):
    """An instructor assigned to a dispositif by an agency admin (DESIGN §1: « Instructors
    see all dossiers of the dispositifs they are assigned to »)."""

    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dispositif_assignments"
    )
    dispositif = models.ForeignKey(
        "catalog.Dispositif", on_delete=models.CASCADE, related_name="instructor_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField("affecté le", default=timezone.now)

    class Meta:
        verbose_name = "affectation d'un instructeur"
        constraints = [
            models.UniqueConstraint(
                fields=["instructor", "dispositif"], name="instructor_assigned_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instructor} — {self.dispositif}"


class Suspension(models.Model):
    """A breach of the charter (000 §4.4, 002 §4.4, 004 §4.8): the instruction process is
    suspended with a reason (its clock stopped) and resumed where it stood, or the
    candidature is excluded for good."""

    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.CASCADE, related_name="suspensions"
    )
    reason = models.TextField("motif")
    status_before = models.CharField("état avant la suspension", max_length=30)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    suspended_at = models.DateTimeField("suspendue le", default=timezone.now)
    lifted_at = models.DateTimeField("reprise le", null=True, blank=True)

    class Meta:
        verbose_name = "suspension"
        ordering = ["-suspended_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidature"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_open_suspension",
            )
        ]

    def __str__(self) -> str:
        return f"Suspension du {self.suspended_at:%d/%m/%Y} — {self.candidature}"
