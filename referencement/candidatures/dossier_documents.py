"""The documents of the administrative dossier that people open (documentation, attestation
sur l'honneur, mandates of a groupement's members, 001 §4.3), with their key in URLs."""

from __future__ import annotations

from django.http import Http404

from referencement.files.stored_file import StoredFile

from .models import Candidature

DOSSIER_DOCUMENTS = {
    "documentation": "Documentation logicielle",
    "honour_attestation": "Attestation sur l'honneur",
    "wave1_attestation": "Attestation de référencement vague 1",
    "cnda_filing_proof": "Preuve de dépôt de la demande CNDA",
}
MANDATE_PREFIX = "mandat-"


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
