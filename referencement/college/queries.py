"""Lists the agency works from (issue 11 item 5)."""

from __future__ import annotations

from django.db.models import QuerySet

from referencement.candidatures.choices import CandidatureStatus as S

from .models import Decision


def pending_reserves() -> QuerySet[Decision]:
    """004 §4.5: the decisions whose non-blocking reserves are still to lift, latest first
    (the candidatures' next deadline and « échéances dépassées » list read them)."""
    return Decision.objects.filter(
        fix_deadline__isnull=False, reserves_lifted_at__isnull=True
    ).order_by("-decided_at")


def corrections_to_review() -> QuerySet[Decision]:
    """« Réserves à lever »: decisions whose editor deposited a correction against each
    reserve and declared them ready, oldest first; the agency judges them and lifts
    (004 §4.5)."""
    return (
        Decision.objects.filter(
            candidature__status=S.RESERVES_TO_LIFT,
            reserves_lifted_at__isnull=True,
            corrections_ready_at__isnull=False,
        )
        .select_related("candidature__editor", "candidature__dispositif")
        .order_by("corrections_ready_at")
    )
