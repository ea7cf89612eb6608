from __future__ import annotations

from django.db import models


class ConformityStatus(models.TextChoices):
    """State of the automatic conformity check of one evidence version (DESIGN §5)."""

    NOT_APPLICABLE = "not_applicable", "Pas de contrôle automatique"
    PENDING = "pending", "Contrôle en cours"
    PASSED = "passed", "Conforme au contrôle automatique"
    WARNINGS = "warnings", "Avertissements"
    FAILED = "failed", "Erreurs détectées"
    # A check that applies could not run: never read as a pass (issue 13).
    UNVERIFIABLE = "unverifiable", "non vérifiable"


class ItemStatus(models.TextChoices):
    """Where one expected item stands, as the evidence page shows it (issue 11 item 1)."""

    MISSING = "missing", "Manquante"
    # Reopened (catalogue change, next version, instructor's demand): a new deposit is expected.
    TO_REDEPOSIT = "to_redeposit", "À déposer de nouveau"
    DEPOSITED = "deposited", "Déposée"
    CHECKING = "checking", "Contrôle en cours"
    NON_CONFORM = "non_conform", "Non conforme au contrôle automatique"
    TO_CORRECT = "to_correct", "À corriger"
    UNVERIFIABLE = "unverifiable", "Non vérifiable"
    EQUIVALENCE = "equivalence", "Équivalence"


class EquivalenceVerdict(models.TextChoices):
    """003 §3.1: the instructor confirms or refuses each equivalence claim."""

    CONFIRMED = "confirmed", "Équivalence confirmée"
    REFUSED = "refused", "Équivalence refusée"
