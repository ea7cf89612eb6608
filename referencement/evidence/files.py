"""The files of a candidature that people open: each evidence version and each document of
the administrative dossier (documentation, attestation sur l'honneur, mandates of a
groupement's members, 001 §4.3), and the audited read of any of them by the agency."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.http import Http404

from referencement.audit.actions import record
from referencement.candidatures.models import Candidature

from .models import Blob, EvidenceVersion

DOSSIER_DOCUMENTS = {
    "documentation": "Documentation logicielle",
    "honour_attestation": "Attestation sur l'honneur",
    "wave1_attestation": "Attestation de référencement vague 1",
    "cnda_filing_proof": "Preuve de dépôt de la demande CNDA",
}
MANDATE_PREFIX = "mandat-"


@dataclass(frozen=True)
class StoredFile:
    blob: Blob
    filename: str
    label: str
    subject: models.Model  # what the audit event of a read is about


def evidence_file(candidature: Candidature, version_pk: int) -> StoredFile:
    """A deposited evidence version of this candidature holding a file, else 404."""
    version = (
        EvidenceVersion.objects.select_related("blob", "evidence")
        .filter(evidence__candidature=candidature, blob__isnull=False, pk=version_pk)
        .first()
    )
    if version is None:
        raise Http404("Fichier introuvable.")
    return StoredFile(
        blob=version.blob,
        filename=version.filename,
        label=f"Preuve {version.evidence.code}, version {version.number}",
        subject=version,
    )


def dossier_files(candidature: Candidature) -> list[tuple[str, StoredFile]]:
    """Every document the administrative dossier holds, with its key in URLs."""
    files = []
    for kind, label in DOSSIER_DOCUMENTS.items():
        blob = getattr(candidature, kind)
        if blob is not None:
            name = getattr(candidature, f"{kind}_name")
            files.append((kind, StoredFile(blob, name, label, candidature)))
    for member in candidature.consortium_members.select_related("mandate"):
        if member.mandate is not None:
            label = f"Mandat de {member.name}"
            stored = StoredFile(member.mandate, member.mandate_name, label, candidature)
            files.append((f"{MANDATE_PREFIX}{member.pk}", stored))
    return files


def dossier_file(candidature: Candidature, document: str) -> StoredFile:
    for key, stored in dossier_files(candidature):
        if key == document:
            return stored
    raise Http404("Document introuvable.")


def record_read(user, stored: StoredFile, *, how: str) -> None:
    """Every read of a file by the agency is audited (issue 10: who opened which proof);
    the editor's people reading their own files are not."""
    if getattr(user, "is_agency_staff", False):
        record(
            "file.read",
            actor=user,
            subject=stored.subject,
            new={"how": how, "file": stored.label, "sha256": stored.blob.sha256},
        )
