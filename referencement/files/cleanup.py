"""Cleanup of the blob store: what an interrupted upload or a rolled-back deposit can
leave on disk. Files named by a Blob row are never touched (DESIGN §6: never deleted)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from pathlib import Path

from django.conf import settings

from .models import Blob
from .storage import blob_store

SWEEP_BATCH = 500


@dataclass(frozen=True)
class CleanupReport:
    temp_files: int
    orphan_blobs: int


def _older_than(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def sweep_storage() -> CleanupReport:
    """Delete unfinished uploads, and stored files no committed Blob row names, once they
    are older than the grace period (an upload or a deposit may still be under way)."""
    grace = timedelta(hours=settings.EVIDENCE_CLEANUP_GRACE_HOURS).total_seconds()
    cutoff = time.time() - grace
    store = blob_store()
    temp_files = 0
    for path in store.temp_dir.glob("upload-*"):
        if _older_than(path, cutoff):
            path.unlink(missing_ok=True)
            temp_files += 1
    orphans = 0
    old_enough = (stored.sha256 for stored in store.blobs() if stored.modified < cutoff)
    while names := list(islice(old_enough, SWEEP_BATCH)):
        known = set(Blob.objects.filter(sha256__in=names).values_list("sha256", flat=True))
        for name in names:
            if name not in known:
                store.delete(name)
                orphans += 1
    return CleanupReport(temp_files, orphans)
