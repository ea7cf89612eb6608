"""Background tasks of the registry: thin wrappers around the edition publication and the
attestation rendering."""

from __future__ import annotations

from django_tasks import task

from referencement.audit.timestamping import anchor_and_timestamp

from .actions import render_attestation
from .editions import publish_edition
from .models import Attestation


@task()
def publish_registry_edition() -> None:
    """A new edition anchors the audit chain with it (issue 16 item 5: « at every registry
    edition »), so the history behind an edition cannot be rewritten unseen."""
    if publish_edition() is not None:
        anchor_and_timestamp()


@task()
def render_attestation_pdf(attestation_id: int) -> None:
    attestation = Attestation.objects.filter(pk=attestation_id).first()
    if attestation is not None:
        render_attestation(attestation)
