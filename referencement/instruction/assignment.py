"""Instructor assignment to dispositifs (issue 15 item 6): the queue, the candidatures
lists and their counts show an instructor the dossiers of their dispositifs by default;
« tous » shows every dossier. An instructor without any assignment sees everything."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import DispositifAssignment

SHOW_ALL = "tous"


def assigned_dispositif_ids(user) -> list[int]:
    if not getattr(user, "is_instructor", False):
        return []
    return list(
        DispositifAssignment.objects.filter(instructor=user).values_list("dispositif_id", flat=True)
    )


def default_scope(candidatures: QuerySet, user, params) -> tuple[QuerySet, bool]:
    """The candidatures of the user's dispositifs unless `?tous=1`; True when narrowed."""
    assigned = assigned_dispositif_ids(user)
    if not assigned or params.get(SHOW_ALL):
        return candidatures, False
    return candidatures.filter(dispositif_id__in=assigned), True
