"""The agency's work lists over the candidatures (issue 10 item 5): tabs, filters, sort."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from . import hooks
from .choices import CandidatureStatus as S
from .choices import SolicitationStatus
from .models import CommercialName, Solicitation


def _open_solicitations():
    return Solicitation.objects.filter(
        candidature=OuterRef("pk"),
        answered_at__isnull=True,
        status__in=[SolicitationStatus.OPEN, SolicitationStatus.LATE],
    )


def _awaiting_editor(candidatures: QuerySet, at: datetime) -> QuerySet:
    return candidatures.filter(Exists(_open_solicitations()))


def _overdue(candidatures: QuerySet, at: datetime) -> QuerySet:
    """A question past its answer date, or reserves past their correction delay
    (004 §4.5)."""
    late_reserves = (
        hooks.college().pending_reserves().filter(candidature=OuterRef("pk"), fix_deadline__lt=at)
    )
    return candidatures.filter(
        Exists(_open_solicitations().filter(due_at__lt=at))
        | Q(Exists(late_reserves), status=S.RESERVES_TO_LIFT)
    )


# key → (tab label, filter)
WORKLISTS = {
    "a-examiner": ("À examiner", lambda qs, at: qs.filter(status=S.ADMIN_SUBMITTED)),
    "en-instruction": ("En instruction", lambda qs, at: qs.filter(status=S.IN_INSTRUCTION)),
    "attente-editeur": ("En attente de l'éditeur", _awaiting_editor),
    "echeances-depassees": ("Échéances dépassées", _overdue),
    "reserves": ("Réserves à lever", lambda qs, at: qs.filter(status=S.RESERVES_TO_LIFT)),
}

# Sortable dates: key → ordering
SORTS = {
    "recent": ("-status_changed_at", "Dernier changement d'état (récent d'abord)"),
    "ancien": ("status_changed_at", "Dernier changement d'état (ancien d'abord)"),
    "depot-recent": ("-created_at", "Création (récente d'abord)"),
    "depot-ancien": ("created_at", "Création (ancienne d'abord)"),
}
DEFAULT_SORT = "recent"


def worklist(candidatures: QuerySet, key: str, at: datetime) -> QuerySet:
    entry = WORKLISTS.get(key)
    return entry[1](candidatures, at) if entry else candidatures


def worklist_counts(candidatures: QuerySet, at: datetime) -> list[dict]:
    return [
        {"key": key, "label": label, "count": filter_(candidatures, at).count()}
        for key, (label, filter_) in WORKLISTS.items()
    ]


def search(candidatures: QuerySet, *, dispositif=None, status="", editor=None, text="") -> QuerySet:
    if dispositif:
        candidatures = candidatures.filter(dispositif=dispositif)
    if status:
        candidatures = candidatures.filter(status=status)
    if editor:
        candidatures = candidatures.filter(editor=editor)
    for word in text.split():
        names = CommercialName.objects.filter(candidature=OuterRef("pk"), name__icontains=word)
        candidatures = candidatures.filter(
            Q(solution_name__icontains=word)
            | Q(editor__name__icontains=word)
            | Q(editor__siret__icontains=word)
            | Exists(names)
        )
    return candidatures


def sorted_by(candidatures: QuerySet, key: str) -> QuerySet:
    ordering = SORTS.get(key, SORTS[DEFAULT_SORT])[0]
    return candidatures.order_by(ordering, "pk")
