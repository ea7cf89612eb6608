"""What schedules a registry edition: any saved attestation (issued, withdrawn, revoked)
and a candidature whose status changed (a candidate published or removed). Hooked on the
models rather than inside the actions, so every path that changes them is covered."""

from __future__ import annotations

from .editions import schedule_publication
from .rules import NEVER_PUBLISHED


def attestation_saved(sender, instance, **kwargs) -> None:
    schedule_publication()


def candidature_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    status_may_have_changed = created or update_fields is None or "status" in update_fields
    if status_may_have_changed and instance.status not in NEVER_PUBLISHED:
        schedule_publication()
