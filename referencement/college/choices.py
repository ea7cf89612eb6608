from __future__ import annotations

from django.db import models


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Programmée"
    CLOSED = "closed", "Close (procès-verbal établi)"
    # Issue 10 item 8: a past sitting with nothing on its agenda.
    NOT_HELD = "not_held", "Non tenue"


class CorrectionVerdict(models.TextChoices):
    """004 §4.5: an instructor judges the proof of each correction before the lifting."""

    ACCEPTED = "accepted", "Correction acceptée"
    REJECTED = "rejected", "Correction insuffisante"
