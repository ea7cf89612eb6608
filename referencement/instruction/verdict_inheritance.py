"""An item a next version inherits as is keeps its verdict (issue 14 item 5, 001 §1.2
« compatibilité ascendante »): received from evidence's `versions_carried` (issue 12), in
the opening action's transaction, in bulk."""

from __future__ import annotations

from .models import Verdict


def carry_verdicts(sender, *, previous, versions, **kwargs) -> None:
    verdicts = {
        verdict.version_id: verdict
        for verdict in Verdict.objects.filter(version__evidence__candidature=previous)
    }
    Verdict.objects.bulk_create(
        Verdict(
            version=version,
            value=verdict.value,
            comment=verdict.comment,
            decided_by_id=verdict.decided_by_id,
            decided_at=verdict.decided_at,
        )
        for version in versions
        if (verdict := verdicts.get(version.inherited_from_id)) is not None
    )
