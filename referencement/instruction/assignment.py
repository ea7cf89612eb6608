"""Instructor assignment to dispositifs (issue 15 item 6, DESIGN §1: « Instructors see all
dossiers of the dispositifs they are assigned to »). The queue, the candidatures list and
the home panels show an instructor the dossiers of their dispositifs only, and none until an
agency admin assigns them one (the pages then say so). Agency admins, who assign the
instructors, and collège members see every dossier.

Opening a dossier by its address stays possible for every instructor: the assignment
organises the agency's work, it is not a confidentiality barrier (that one separates editors:
candidatures/access.py), and a colleague must be able to take over or give the second look
the four-eyes rules ask for."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from referencement.accounts.choices import Role
from referencement.accounts.models import User

from .models import DispositifAssignment


def _narrowed(user) -> bool:
    return bool(getattr(user, "is_instructor", False))


def assigned_scope(candidatures: QuerySet, user) -> QuerySet:
    """The candidatures of the instructor's dispositifs; every one for other staff."""
    if not _narrowed(user):
        return candidatures
    return candidatures.filter(
        dispositif_id__in=DispositifAssignment.objects.filter(instructor=user).values(
            "dispositif_id"
        )
    )


def scope_notice(user) -> dict:
    """What the scoped pages tell the user about their scope."""
    if not _narrowed(user):
        return {"narrowed": False, "unassigned": False}
    assigned = DispositifAssignment.objects.filter(instructor=user).exists()
    return {"narrowed": assigned, "unassigned": not assigned}


def agency_recipients(candidature) -> QuerySet:
    """Who at the agency hears of an editor's move on a dossier: its instructor and the
    instructors assigned to its dispositif; the agency admins while there is none of them
    (someone must see it)."""
    instructors = User.objects.filter(is_active=True).filter(
        Q(pk=candidature.instructor_id)
        | Q(
            role=Role.INSTRUCTOR,
            dispositif_assignments__dispositif_id=candidature.dispositif_id,
        )
    )
    if instructors.exists():
        return instructors.distinct()
    return User.objects.filter(is_active=True, role=Role.AGENCY_ADMIN)
