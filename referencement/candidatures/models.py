"""The candidature of one candidate version to one dispositif, and its administrative dossier
(001 §4.3, 003 §4.2, 004 §4.2)."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils import timezone

from referencement.accounts.models import Editor
from referencement.accounts.validators import validate_siret
from referencement.catalog.models import Chapter, Dispositif, Profile

from .choices import (
    FINAL_STATUSES,
    CandidatureStatus,
    ComponentKind,
    SolicitationPhase,
    SolicitationStatus,
)


class CharterAcceptance(models.Model):
    """001 §4.3: the person able to commit the editor accepts the charter, which opens the
    dossier space. Issue 12 item 8: the SHA-256 of the exact text accepted is kept, so a
    changed text asks for a new acceptance; who accepted, under which verified name, when."""

    editor = models.ForeignKey(Editor, on_delete=models.PROTECT, related_name="charter_acceptances")
    dispositif = models.ForeignKey(Dispositif, on_delete=models.PROTECT, related_name="+")
    charter_version = models.CharField("version de la charte", max_length=40)
    text_sha256 = models.CharField("empreinte SHA-256 du texte accepté", max_length=64)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField("accepté au nom de l'éditeur par", max_length=200, blank=True)
    accepted_at = models.DateTimeField("acceptée le", default=timezone.now)

    class Meta:
        verbose_name = "acceptation de charte"
        constraints = [
            models.UniqueConstraint(
                fields=["editor", "dispositif", "text_sha256"], name="charter_text_accepted_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.editor} — {self.dispositif} v{self.charter_version}"


class Candidature(models.Model):
    editor = models.ForeignKey(Editor, on_delete=models.PROTECT, related_name="candidatures")
    dispositif = models.ForeignKey(
        Dispositif, on_delete=models.PROTECT, related_name="candidatures"
    )
    status = models.CharField(
        "état", max_length=30, choices=CandidatureStatus.choices, default=CandidatureStatus.DRAFT
    )
    solution_name = models.CharField("nom de la solution", max_length=200)
    profiles = models.ManyToManyField(Profile, related_name="candidatures", blank=True)
    catalogue_version = models.ForeignKey(
        "catalog.CatalogueVersion",
        verbose_name="version du catalogue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidatures",
    )

    # Issue 14 item 5: the next version of a referenced solution (001 §1.2 « compatibilité
    # ascendante ») records the candidature it derives from and the chapters declared changed.
    derived_from = models.ForeignKey(
        "self",
        verbose_name="version précédente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    chapter_changes = models.JSONField(
        "chapitres déclarés modifiés ou inchangés", default=dict, blank=True
    )

    # Version candidate (001 §4.3 « Informations relatives à la Version candidate »)
    planned_evidence_date = models.DateField(
        "date prévisionnelle du dépôt complet", null=True, blank=True
    )
    previous_referencing_number = models.CharField(
        "numéro de référencement précédent", max_length=60, blank=True
    )
    previously_referenced_under_other_name = models.BooleanField(
        "déjà référencée sous une autre dénomination commerciale", default=False
    )
    differs_only_by_components = models.BooleanField(
        "composant principal identique à une solution référencée, composants additionnels ou "
        "proxy différents",
        default=False,
    )
    is_consortium = models.BooleanField("candidature d'un groupement solidaire", default=False)
    nie = models.CharField("NIE (CNDA)", max_length=40, blank=True)
    psc_application_number = models.CharField(
        "numéro de candidature EDC Pro Santé Connect", max_length=60, blank=True
    )
    sold_through_distributors = models.BooleanField(
        "commercialisée via des distributeurs", default=False
    )
    documentation = models.ForeignKey(
        "files.Blob",
        verbose_name="documentation logicielle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    documentation_name = models.CharField(max_length=255, blank=True)
    honour_attestation = models.ForeignKey(
        "files.Blob",
        verbose_name="attestation sur l'honneur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    honour_attestation_name = models.CharField(max_length=255, blank=True)
    # 003 §4.2 « Si référencé vague 1 : l'attestation de référencement vague 1 ».
    wave1_attestation = models.ForeignKey(
        "files.Blob",
        verbose_name="attestation de référencement vague 1",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    wave1_attestation_name = models.CharField(max_length=255, blank=True)
    # 003 §4.2 (*), 004 §4.2 « si applicable »: proof of the CNDA filing.
    cnda_filing_proof = models.ForeignKey(
        "files.Blob",
        verbose_name="preuve de dépôt de la demande CNDA",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cnda_filing_proof_name = models.CharField(max_length=255, blank=True)
    # Issue 12 item 7: the values of the dossier elements only some dispositifs ask for
    # (catalogue `dossier:`), and the « si applicable » ones declared « sans objet »; keys
    # and types are checked by rules.details_problems before they are saved.
    dossier_details = models.JSONField("éléments propres au dispositif", default=dict, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # 001 §4.3: the date of the dossier is the date it was first submitted.
    admin_submitted_at = models.DateTimeField(
        "dossier administratif soumis le", null=True, blank=True
    )
    admin_decided_at = models.DateTimeField(null=True, blank=True)
    # 001 §4.4: the date of the complete evidence dossier is its first submission.
    evidence_submitted_at = models.DateTimeField(
        "dossier de preuves complet le", null=True, blank=True
    )
    # Position in the instruction queue (001 §4.4 / 004 §4.4): reception order, reset when
    # the editor answers a solicitation after the guarantee.
    queue_entered_at = models.DateTimeField("entrée en file d'instruction", null=True, blank=True)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="instructeur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_candidatures",
    )
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "candidature"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["dispositif", "status"]),
            models.Index(fields=["status", "queue_entered_at"]),
            # Issue 15 item 5: the queue is read in reception order, a page at a time; the
            # database walks this index instead of sorting the whole queue per page.
            models.Index(
                fields=["queue_entered_at", "id"],
                name="queue_reception_order",
                condition=models.Q(queue_entered_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution_name} — {self.dispositif.code}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def changed_chapters(self) -> list[str]:
        """Issue 14 item 5: the chapters the editor declared changed in this next version."""
        return [code for code, change in self.chapter_changes.items() if change == "changed"]

    @cached_property
    def technical_version(self) -> str:
        """The technical version numbers of the commercial names (001 §4.3), in order."""
        versions = (name.technical_version for name in self.commercial_names.all())
        return ", ".join(dict.fromkeys(v for v in versions if v))


class CommercialName(models.Model):
    """A commercial name with its CNDA NIL and technical version (001 §4.3 (*))."""

    candidature = models.ForeignKey(
        Candidature, on_delete=models.CASCADE, related_name="commercial_names"
    )
    name = models.CharField("dénomination commerciale", max_length=200)
    nil = models.CharField("NIL (CNDA)", max_length=40, blank=True)
    technical_version = models.CharField("numéro de version technique", max_length=60, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidature", "name"], name="commercial_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.technical_version}"


class ConsortiumMember(models.Model):
    """A member of a groupement solidaire; the lead (chef de file) holds the mandates (001 §4.3)."""

    candidature = models.ForeignKey(
        Candidature, on_delete=models.CASCADE, related_name="consortium_members"
    )
    name = models.CharField("dénomination sociale", max_length=200)
    siret = models.CharField("SIRET", max_length=14, validators=[validate_siret])
    is_lead = models.BooleanField("chef de file", default=False)
    mandate = models.ForeignKey(
        "files.Blob", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mandate_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-is_lead", "pk"]

    def __str__(self) -> str:
        return self.name


class Distributor(models.Model):
    """A mandated distributor (001 §4.3): name, SIRET, mandate start and end."""

    candidature = models.ForeignKey(
        Candidature, on_delete=models.CASCADE, related_name="distributors"
    )
    name = models.CharField("dénomination sociale", max_length=200)
    siret = models.CharField("SIRET", max_length=14, validators=[validate_siret])
    mandate_start = models.DateField("début du mandat")
    mandate_end = models.DateField("fin du mandat", null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Component(models.Model):
    """Main, additional or Proxy e-santé component (001 §4.3)."""

    candidature = models.ForeignKey(
        Candidature, on_delete=models.CASCADE, related_name="components"
    )
    kind = models.CharField("type", max_length=20, choices=ComponentKind.choices)
    editor_name = models.CharField("éditeur du composant", max_length=200)
    name = models.CharField("dénomination commerciale", max_length=200)
    version = models.CharField("version", max_length=60)
    in_previous_referencing = models.BooleanField(
        "présent dans le référencement précédent", default=False
    )
    # 003 §4.2: the NIL of an additional component that replaces the main one for the CNDA.
    nil = models.CharField("NIL (CNDA) du composant", max_length=40, blank=True)
    chapter = models.ForeignKey(
        Chapter,
        verbose_name="chapitre du REM",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name} {self.version}"


class Solicitation(models.Model):
    """A question from the agency with a response deadline (DESIGN §3: admin phase and
    instruction phase have different delays, taken from the dispositif)."""

    candidature = models.ForeignKey(
        Candidature, on_delete=models.CASCADE, related_name="solicitations"
    )
    phase = models.CharField(max_length=20, choices=SolicitationPhase.choices)
    status = models.CharField(
        max_length=20, choices=SolicitationStatus.choices, default=SolicitationStatus.OPEN
    )
    question = models.TextField("demande")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField("envoyée le", default=timezone.now)
    # Admin phase: answer deadline. Instruction phase: the queue-place guarantee.
    due_at = models.DateTimeField("réponse attendue avant le")
    # Instruction phase: abandonment without an answer (001 §4.4: 30 days).
    abandon_at = models.DateTimeField("abandon sans réponse le", null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField("réponse", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)
    status_before = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = "sollicitation"
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "abandon_at"]),
        ]

    def __str__(self) -> str:
        return f"Sollicitation du {self.asked_at:%d/%m/%Y} — {self.candidature}"

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at


class Message(models.Model):
    """A message outside any solicitation: the editor writes to the agency first (000 §4.2,
    002 §4.2, 004 §4.6 « solliciter l'ANS … pour toute question »), or the agency answers.
    It starts no clock."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="messages")
    body = models.TextField("message")
    from_agency = models.BooleanField("envoyé par l'agence")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "message"
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"Message du {self.sent_at:%d/%m/%Y} — {self.candidature}"


class Attachment(models.Model):
    """A file joined to an answer to a solicitation or to a message, stored like evidence
    (content-addressed blob, sniffed, size-limited)."""

    candidature = models.ForeignKey(
        Candidature, on_delete=models.CASCADE, related_name="attachments"
    )
    solicitation = models.ForeignKey(
        Solicitation, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    blob = models.ForeignKey("files.Blob", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField("nom du fichier", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(solicitation__isnull=True) ^ models.Q(message__isnull=True),
                name="attachment_of_one_entry",
            )
        ]

    def __str__(self) -> str:
        return self.filename
