"""The instruction queue: reception order of a complete chapter (001 §4.4, 003 §4.4) or of
the complete dossier (004 §4.4), i.e. `Candidature.queue_entered_at`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from referencement.candidatures.models import Candidature

from .rules import IN_QUEUE, STARTABLE


def queue(dispositif_id: int | None = None) -> QuerySet[Candidature]:
    candidatures = Candidature.objects.filter(
        queue_entered_at__isnull=False, status__in=IN_QUEUE
    ).select_related("dispositif", "editor", "instructor")
    if dispositif_id:
        candidatures = candidatures.filter(dispositif_id=dispositif_id)
    return candidatures.order_by("queue_entered_at", "pk")


def with_positions(candidatures: list[Candidature]) -> list[Candidature]:
    """Annotate a page of the queue with each candidature's rank in its dispositif."""
    counters: dict[int, int] = {}
    ranks: dict[int, int] = {}
    for candidature in queue():
        counters[candidature.dispositif_id] = counters.get(candidature.dispositif_id, 0) + 1
        ranks[candidature.pk] = counters[candidature.dispositif_id]
    for candidature in candidatures:
        candidature.position = ranks.get(candidature.pk)
    return candidatures


def home_queue(request: HttpRequest) -> dict:
    mine = queue().filter(instructor=request.user)
    return {
        "mine": with_positions(list(mine[:10])),
        "waiting": queue().filter(status__in=STARTABLE).count(),
    }
