from __future__ import annotations

from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.calendar import now

from .actions import refuse_after_fix_window
from .models import Decision


def refuse_unlifted_reserves() -> int:
    expired = Decision.objects.filter(
        candidature__status=S.RESERVES_TO_LIFT,
        reserves_lifted_at__isnull=True,
        corrections_ready_at__isnull=True,
        fix_deadline__lt=now(),
    ).select_related("candidature")
    return sum(refuse_after_fix_window(decision) for decision in expired)
