"""Cleanup of the evidence store: what an interrupted upload or a rolled-back deposit can
leave on disk. Files named by a Blob row are never touched (DESIGN §6: never deleted)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from .models import Blob
from .storage import blob_store


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
    for path in (store.root / "tmp").glob("upload-*"):
        if _older_than(path, cutoff):
            path.unlink(missing_ok=True)
            temp_files += 1
    orphans = 0
    for folder in store.root.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]"):
        names = {p.name: p for p in folder.iterdir() if p.is_file()}
        known = set(Blob.objects.filter(sha256__in=list(names)).values_list("sha256", flat=True))
        for name, path in names.items():
            if name not in known and _older_than(path, cutoff):
                path.unlink(missing_ok=True)
                orphans += 1
    return CleanupReport(temp_files, orphans)
