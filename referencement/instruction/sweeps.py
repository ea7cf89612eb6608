"""The periodic sweep of instruction solicitations (idempotent: run twice, same result)."""

from __future__ import annotations

from referencement.candidatures.choices import SolicitationPhase, SolicitationStatus
from referencement.candidatures.models import Solicitation
from referencement.catalog.calendar import now

from .actions import abandon_silent, remind_silent
from .rules import reminder_due


def sweep_solicitations() -> dict[str, int]:
    at = now()
    open_ = Solicitation.objects.filter(
        phase=SolicitationPhase.INSTRUCTION, status=SolicitationStatus.OPEN
    ).select_related("candidature__dispositif")
    reminded = sum(
        remind_silent(s)
        for s in open_.filter(reminder_sent_at__isnull=True, abandon_at__isnull=False)
        if reminder_due(s.abandon_at) <= at
    )
    abandoned = sum(abandon_silent(s) for s in open_.filter(abandon_at__lte=at))
    return {"reminded": reminded, "abandoned": abandoned}
