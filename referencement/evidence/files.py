"""The evidence versions of a candidature that people open, and the audited read of any file
of a candidature (its evidence or its dossier's documents) by the agency."""

from __future__ import annotations

from django.http import Http404

from referencement.audit.actions import record
from referencement.candidatures.models import Candidature
from referencement.files.stored_file import StoredFile

from .models import EvidenceVersion


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
