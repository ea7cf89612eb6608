from __future__ import annotations

from django.db import models


class CandidatureStatus(models.TextChoices):
    """The lifecycle of DESIGN §4."""

    DRAFT = "draft", "Brouillon"
    ADMIN_SUBMITTED = "admin_submitted", "Dossier administratif soumis"
    ADMIN_ACCEPTED = "admin_accepted", "Dossier administratif accepté"
    ADMIN_REJECTED = "admin_rejected", "Dossier administratif rejeté"
    EVIDENCE_IN_PROGRESS = "evidence_in_progress", "Dépôt des preuves en cours"
    EVIDENCE_COMPLETE = "evidence_complete", "Dossier de preuves complet"
    IN_INSTRUCTION = "in_instruction", "En instruction"
    AWAITING_EDITOR = "awaiting_editor", "En attente de l'éditeur"
    INSTRUCTED = "instructed", "Instruit"
    CONVENTION_SIGNED = "convention_signed", "Convention signée"
    IN_COLLEGE = "in_college", "Inscrit au collège"
    # 001 §4.4: attributed on the CNDA pre-examination report; the attestation waits for the
    # CNDA attestation, « obligatoire pour l'obtention du référencement ».
    AWAITING_CNDA = "awaiting_cnda", "Attribué — attestation CNDA attendue"
    REFERENCED = "referenced", "Référencé"
    RESERVES_TO_LIFT = "reserves_to_lift", "Réserves à lever"
    REFUSED = "refused", "Référencement refusé"
    ABANDONED = "abandoned", "Abandonné"
    WITHDRAWN = "withdrawn", "Retiré"
    REVOKED = "revoked", "Référencement révoqué"
    # 000 §4.4, 002 §4.4, 004 §4.8: breach of the charter.
    SUSPENDED = "suspended", "Suspendue"
    EXCLUDED = "excluded", "Exclue du processus"


FINAL_STATUSES = frozenset(
    {
        CandidatureStatus.ADMIN_REJECTED,
        CandidatureStatus.REFUSED,
        CandidatureStatus.ABANDONED,
        CandidatureStatus.WITHDRAWN,
        CandidatureStatus.REVOKED,
        CandidatureStatus.EXCLUDED,
    }
)


class ComponentKind(models.TextChoices):
    """DESIGN §2: composant principal / additionnel / Proxy e-santé (001 §4.3)."""

    MAIN = "main", "Composant principal"
    ADDITIONAL = "additional", "Composant additionnel"
    PROXY = "proxy", "Proxy e-santé"


class SolicitationPhase(models.TextChoices):
    ADMIN = "admin", "Phase administrative"
    INSTRUCTION = "instruction", "Instruction"


class SolicitationStatus(models.TextChoices):
    OPEN = "open", "En attente de réponse"
    ANSWERED = "answered", "Répondue"
    LATE = "late", "Délai dépassé"
    CLOSED = "closed", "Close"
