"""Background task of the registry: a thin wrapper around the edition publication."""

from __future__ import annotations

from django_tasks import task

from referencement.audit.timestamping import anchor_and_timestamp

from .editions import publish_edition


@task()
def publish_registry_edition() -> None:
    """A new edition anchors the audit chain with it (issue 16 item 5: « at every registry
    edition »), so the history behind an edition cannot be rewritten unseen."""
    if publish_edition() is not None:
        anchor_and_timestamp()
