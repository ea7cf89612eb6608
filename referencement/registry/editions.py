"""Publishing registry editions (issue 15 item 1). Every change of the public registry
(attestation issued, withdrawn, revoked, its end date reached; a candidate published or
removed) schedules, once the transaction commits, a task that publishes a new edition when
the registry's rows differ from the current edition's. Requests never build editions."""

from __future__ import annotations

import logging

from django.db import IntegrityError, connection, transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from referencement.candidatures.models import Candidature
from referencement.catalog.calendar import now
from referencement.files.models import Blob
from referencement.files.storage import blob_store, store_blob

from .choices import AttestationStatus
from .edition_content import load_document
from .edition_files import (
    content_hash,
    csv_document,
    differences,
    edition_document,
    sha256_hex,
)
from .models import Attestation, Edition
from .queries import attestation_records, candidate_records
from .rules import IN_REFERENCING

logger = logging.getLogger(__name__)
# Two workers may publish at once: the loser of the number retries with fresh rows.
PUBLISH_ATTEMPTS = 3


def registry_rows() -> tuple[list[dict], list[dict]]:
    """Every attestation (current and ended) and the current candidates, in list order; only
    the candidates of the dispositifs whose text publishes them (001 §4.1, 003 §4.2.4), the
    others keeping them confidential (000 §4.3, 002 §4.3, 004 §4.7)."""
    attestations = Attestation.objects.order_by("dispositif__code", "editor_name", "number")
    candidates = Candidature.objects.filter(
        status__in=IN_REFERENCING, dispositif__candidates_public=True
    ).order_by("dispositif__code", "editor__name", "solution_name")
    return attestation_records(attestations), candidate_records(candidates)


def _store(content: bytes) -> Blob:
    with blob_store().writer(limit=len(content)) as writer:
        writer.write(content)
        pending = writer.finish()
    return store_blob(pending)


def publish_edition() -> Edition | None:
    """A new edition when the registry changed since the current one; None otherwise."""
    for attempt in range(PUBLISH_ATTEMPTS):
        try:
            return _publish_once()
        except IntegrityError:
            logger.info("registry edition: number taken by another worker (try %s)", attempt)
    raise RuntimeError("Aucune édition publiée : numéro disputé à chaque essai.")


@transaction.atomic
def _publish_once() -> Edition | None:
    attestations, candidates = registry_rows()
    rows_hash = content_hash(attestations, candidates)
    current = Edition.objects.first()
    if current is not None and current.content_sha256 == rows_hash:
        return None
    valid = [a for a in attestations if a["status"] == AttestationStatus.VALID]
    csv_content = csv_document(valid, candidates)
    number = current.number + 1 if current else 1
    published_at = now()
    content = edition_document(
        number=number,
        published_at=published_at.isoformat(),
        previous_sha256=current.sha256 if current else "",
        csv_sha256=sha256_hex(csv_content),
        attestations=attestations,
        candidates=candidates,
    )
    new_document = {"attestations": attestations, "candidates": candidates}
    json_blob = _store(content)
    return Edition.objects.create(
        number=number,
        published_at=published_at,
        sha256=json_blob.sha256,
        previous_sha256=current.sha256 if current else "",
        content_sha256=rows_hash,
        json_blob=json_blob,
        csv_blob=_store(csv_content),
        referenced_count=len(valid),
        candidates_count=len(candidates),
        changes=differences(load_document(current) if current else None, new_document),
    )


def schedule_publication() -> None:
    """Once per transaction, after it commits: the worker publishes the next edition."""
    if any(callback is _enqueue for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    """A publication still waiting in the queue will read the rows after this commit: a
    burst of changes (an import, a collège sitting) publishes once, not once per change."""
    from .tasks import publish_registry_edition

    waiting = DBTaskResult.objects.filter(
        task_path=publish_registry_edition.module_path, status=TaskResultStatus.READY
    )
    if not waiting.exists():
        publish_registry_edition.enqueue()
