from __future__ import annotations

from django.db import models


class VerdictValue(models.TextChoices):
    CONFORME = "conforme", "Conforme"
    NON_CONFORME = "non_conforme", "Non conforme"
    # 001 §4.4, 003 §4.4: a CNDA pre-examination report stands in for the homologation
    # attestation, which may then come after Date 3.
    DEROGATION = "derogation", "Compte-rendu de pré-examen CNDA (dérogation)"


class FieldTestOutcome(models.TextChoices):
    ACHIEVED = "achieved", "Résultat atteint"
    NOT_ACHIEVED = "not_achieved", "Résultat non atteint"


class FieldTestStatus(models.TextChoices):
    """000 §3.3, 004 §4.4: the editor organises the session « en coordination avec l'ANS »."""

    PROPOSED = "proposed", "Date proposée par l'éditeur"
    CONFIRMED = "confirmed", "Date confirmée par l'agence"
    DECLINED = "declined", "Autre date demandée par l'agence"
    HELD = "held", "Session tenue"


class ItemState(models.TextChoices):
    """Where one evidence item of the workbench stands (issue 10 item 3)."""

    TO_JUDGE = "to_judge", "À juger"
    CONFORME = "conforme", "Conforme"
    NON_CONFORME = "non_conforme", "Non conforme"
    AWAITING_EDITOR = "awaiting_editor", "En attente de l'éditeur"
    NOT_ASSESSED = "not_assessed", "Non instruite"
