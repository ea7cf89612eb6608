"""Writing the audit log. Every action of every app calls `record` inside its transaction."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from referencement.core.locking import for_update
from referencement.core.request_context import current_client_request_id, current_request_id

from .models import AuditChainHead, AuditEvent


def record(
    action: str,
    *,
    actor: Any = None,
    subject: models.Model | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the hash chain, in the caller's transaction."""
    with transaction.atomic():
        head, _ = for_update(AuditChainHead.objects).get_or_create(pk=1)
        actor_user = actor if getattr(actor, "is_authenticated", False) else None
        event = AuditEvent(
            sequence=head.last_sequence + 1,
            created_at=_to_milliseconds(timezone.now()),
            actor=actor_user,
            actor_label=actor_user.email if actor_user else (str(actor) if actor else "système"),
            action=action,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
            subject_label=str(subject)[:300] if subject is not None else "",
            old_values=old or {},
            new_values=new or {},
            request_id=current_request_id(),
            client_request_id=current_client_request_id(),
            previous_hash=head.last_hash,
        )
        # Round-trip the values through JSON so the hash is computed on what is stored.
        event.old_values = _as_stored(event.old_values)
        event.new_values = _as_stored(event.new_values)
        event.hash = event.compute_hash()
        event.save()
        head.last_sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["last_sequence", "last_hash"])
        return event


def _to_milliseconds(instant):
    """Serialisers (backups) keep milliseconds: hash what survives a dump and a reload."""
    return instant.replace(microsecond=instant.microsecond // 1000 * 1000)


def _as_stored(values: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))
