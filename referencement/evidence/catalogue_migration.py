"""The evidence side of moving a candidature to a newer catalogue version (issue 14 item 4):
the items whose requirement changed reopen, their earlier deposits kept for reference."""

from __future__ import annotations

from django.db.models import Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Evidence, EvidenceVersion


def reopen_changed_requirements(sender, *, candidature, version, changed, **kwargs) -> list[str]:
    """Receiver of candidatures' `catalogue_version_changed`: the codes of the items it
    reopened, inside the migration's transaction."""
    reopened = Evidence.objects.filter(candidature=candidature).filter(
        Q(requirement__code__in=changed) | Q(spec__scenario__requirement__code__in=changed)
    )
    codes = [e.code for e in reopened.select_related("spec", "requirement")]
    deposits = (
        EvidenceVersion.objects.filter(evidence=OuterRef("pk"))
        .values("evidence")
        .annotate(last=Max("number"))
        .values("last")
    )
    reopened.update(
        reopened_at=timezone.now(),
        reopened_for=version,
        reopened_reason=f"exigence modifiée dans la version {version.number} du catalogue",
        reopened_after=Coalesce(Subquery(deposits), Value(0)),
    )
    return codes
