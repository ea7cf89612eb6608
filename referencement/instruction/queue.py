"""The instruction queue: reception order of a complete chapter (001 §4.4, 003 §4.4) or of
the complete dossier (004 §4.4), i.e. `Candidature.queue_entered_at`."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest

from referencement.candidatures.deadlines import prefetch_deadlines
from referencement.candidatures.models import Candidature

from .assignment import assigned_scope
from .rules import IN_QUEUE, STARTABLE


def queue(dispositif_id: int | None = None) -> QuerySet[Candidature]:
    candidatures = Candidature.objects.filter(
        queue_entered_at__isnull=False, status__in=IN_QUEUE
    ).select_related("dispositif", "editor", "instructor")
    if dispositif_id:
        candidatures = candidatures.filter(dispositif_id=dispositif_id)
    return candidatures.order_by("queue_entered_at", "pk")


def ranked_queue() -> QuerySet[Candidature]:
    """The whole queue with each candidature's rank in its dispositif, computed by the
    database: ROW_NUMBER() OVER (PARTITION BY dispositif ORDER BY reception, pk)."""
    return queue().annotate(
        position=Window(
            RowNumber(),
            partition_by=[F("dispositif_id")],
            order_by=[F("queue_entered_at").asc(), F("pk").asc()],
        )
    )


def with_positions(candidatures: list[Candidature]) -> list[Candidature]:
    """Annotate a page of the queue with each candidature's rank in its dispositif, in one
    query whatever the queue's size."""
    # A condition naming the window expression is applied after the ranking (Django wraps
    # the query), so the page's rows are picked without changing anyone's rank; `position`
    # is never below 1, the second branch only carries the condition outside.
    # A rank depends only on the candidatures received before: the ranking reads the queue
    # up to the page's last reception, not the whole queue (the page 1 of 100,000 ranks a
    # few rows).
    received = [c.queue_entered_at for c in candidatures if c.queue_entered_at is not None]
    ranks = (
        dict(
            ranked_queue()
            .filter(queue_entered_at__lte=max(received))
            .filter(Q(pk__in=[c.pk for c in candidatures]) | Q(position__lt=1))
            .values_list("pk", "position")
        )
        if received
        else {}
    )
    for candidature in candidatures:
        candidature.position = ranks.get(candidature.pk)
    return candidatures


def page_of(
    candidatures: QuerySet[Candidature], number: str | int | None, per_page: int
) -> tuple[Page, list[Candidature]]:
    """A page of the queue and its rows (ranked, deadlines prefetched): the page's keys are
    picked in reception order without the joins, then only its rows are read with them —
    sorting the whole queue with its joins cost 20 times more on a deep page."""
    page = Paginator(candidatures.values_list("pk", flat=True), per_page).get_page(number)
    keys = list(page.object_list)
    found = {c.pk: c for c in prefetch_deadlines(candidatures.filter(pk__in=keys))}
    return page, with_positions([found[pk] for pk in keys])


def home_queue(request: HttpRequest) -> dict:
    mine = queue().filter(instructor=request.user)
    return {
        "mine": with_positions(list(mine[:10])),
        "waiting": assigned_scope(queue(), request.user).filter(status__in=STARTABLE).count(),
    }
