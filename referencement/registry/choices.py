from __future__ import annotations

from django.db import models


class AttestationStatus(models.TextChoices):
    VALID = "valid", "Valide"
    WITHDRAWN = "withdrawn", "Retiré"
    REVOKED = "revoked", "Révoqué"
    EDITOR_WITHDRAWN = "editor_withdrawn", "Retirée à la demande de l'éditeur"


class EventKind(models.TextChoices):
    ISSUED = "issued", "Attestation délivrée"
    AUDIT = "audit", "Audit"
    WITHDRAWN = "withdrawn", "Retrait du référencement"
    REVOKED = "revoked", "Révocation du référencement"
    EDITOR_WITHDRAWN = "editor_withdrawn", "Retrait à la demande de l'éditeur"


class AuditConclusion(models.TextChoices):
    COMPLIANT = "compliant", "Conforme"
    FINDINGS = "findings", "Écarts constatés"
