from __future__ import annotations

from django.db import models


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Programmée"
    CLOSED = "closed", "Close (procès-verbal établi)"
