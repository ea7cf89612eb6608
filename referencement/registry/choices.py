from __future__ import annotations

from django.db import models


class AttestationStatus(models.TextChoices):
    VALID = "valid", "Valide"
    WITHDRAWN = "withdrawn", "Retiré"
    REVOKED = "revoked", "Révoqué"


class EventKind(models.TextChoices):
    ISSUED = "issued", "Attestation délivrée"
    AUDIT = "audit", "Audit"
    WITHDRAWN = "withdrawn", "Retrait du référencement"
    REVOKED = "revoked", "Révocation du référencement"


class AuditConclusion(models.TextChoices):
    COMPLIANT = "compliant", "Conforme"
    FINDINGS = "findings", "Écarts constatés"
