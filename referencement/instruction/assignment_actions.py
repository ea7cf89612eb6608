"""Assigning instructors to dispositifs (issue 15 item 6): agency admins only, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from referencement.accounts.models import User
from referencement.audit.actions import record
from referencement.core.locking import for_update

from .models import DispositifAssignment


@transaction.atomic
def assign_dispositifs(instructor: User, dispositifs, *, actor) -> None:
    """Replace the instructor's dispositifs with `dispositifs`; the change is audited."""
    if not getattr(actor, "is_agency_admin", False):
        raise PermissionDenied("Seul un administrateur de l'agence affecte les instructeurs.")
    instructor = for_update(User.objects).get(pk=instructor.pk)
    if not instructor.is_instructor:
        raise ValidationError("Seul un instructeur est affecté à des dispositifs.")
    current = {
        a.dispositif_id: a.dispositif.code
        for a in DispositifAssignment.objects.filter(instructor=instructor).select_related(
            "dispositif"
        )
    }
    wanted = {d.pk: d for d in dispositifs}
    if set(current) == set(wanted):
        return
    DispositifAssignment.objects.filter(instructor=instructor).exclude(
        dispositif_id__in=list(wanted)
    ).delete()
    DispositifAssignment.objects.bulk_create(
        [
            DispositifAssignment(instructor=instructor, dispositif=d, assigned_by=actor)
            for pk, d in wanted.items()
            if pk not in current
        ]
    )
    record(
        "instruction.dispositifs_assigned",
        actor=actor,
        subject=instructor,
        old={"dispositifs": sorted(current.values())},
        new={"dispositifs": sorted(d.code for d in wanted.values())},
    )
