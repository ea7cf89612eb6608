"""Who reaches which candidature. An editor's people reach their own editor's candidatures
only (DESIGN §1, confidentiality sections of 000–004 §4.3); the query is scoped, so another
editor's candidature is simply not found (404). Agency staff read all: the assignment of
instructors to dispositifs (DESIGN §1) is not modelled yet.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Candidature


def candidatures_visible_to(user) -> QuerySet[Candidature]:
    base = Candidature.objects.select_related("dispositif", "editor")
    if getattr(user, "is_agency_staff", False):
        return base
    if getattr(user, "is_editor", False) and user.editor_id:
        return base.filter(editor_id=user.editor_id)
    return base.none()


def visible_candidature(user, pk: int) -> Candidature:
    try:
        return candidatures_visible_to(user).get(pk=pk)
    except (Candidature.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("Candidature introuvable.") from missing


def is_own_editor(user, candidature: Candidature) -> bool:
    return bool(getattr(user, "is_editor", False)) and user.editor_id == candidature.editor_id


def require_editor_of(user, candidature: Candidature) -> None:
    if not is_own_editor(user, candidature):
        raise PermissionDenied("Seul un membre de l'éditeur candidat peut faire cette action.")


def require_admin_reviewer(user) -> None:
    """The administrative dossier is checked by the agency (001 §4.3): instructors and admins."""
    if not (getattr(user, "is_instructor", False) or getattr(user, "is_agency_admin", False)):
        raise PermissionDenied("Seuls les instructeurs de l'agence peuvent faire cette action.")


def readable_candidature(user, pk: int) -> Candidature:
    """A candidature whose dossier and files `user` may read in full (issue 10): the owning
    editor's people and the agency's instructors and administrators; a collège member only
    once it is on the agenda of a collège session (it judges what it is asked to decide).
    Anyone else gets 404, as for a candidature that does not exist."""
    candidatures = candidatures_visible_to(user)
    if getattr(user, "is_college_member", False):
        candidatures = candidatures.filter(agenda_items__isnull=False).distinct()
    try:
        return candidatures.get(pk=pk)
    except (Candidature.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("Candidature introuvable.") from missing
