"""Reading registry editions (issue 15 items 2–3): the edition in force now or on a date,
its rows parsed once per process (an edition never changes, so its hash is a perfect cache
key), and the filters of the public lists over those rows, without the live tables."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from referencement.catalog.calendar import add_calendar_days, paris_datetime
from referencement.files.storage import blob_store

from .choices import AttestationStatus
from .models import Edition

CACHED_EDITIONS = 8


@dataclass(frozen=True)
class Row:
    """An attestation of an edition: its published dict and what the filters need."""

    data: dict
    issued_at: datetime
    ended_at: datetime | None
    haystack: str

    def valid_on(self, start: datetime, end: datetime) -> bool:
        """Referenced at some moment of [start, end): issued before the end, not ended
        before the start (the day's answer whatever came later)."""
        return self.issued_at < end and (self.ended_at is None or self.ended_at > start)


# Joins the rows' search texts; a needle holding it would match across two rows.
SEPARATOR = "\x00"


@dataclass(frozen=True)
class RowIndex:
    """Rows with their search texts joined in one string: a search is a few `str.find`
    calls in C over the whole list instead of a Python test per row (10,000 rows)."""

    rows: tuple[Row, ...]
    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, rows: Sequence[Row]) -> RowIndex:
        starts, offset = [], 0
        for row in rows:
            starts.append(offset)
            offset += len(row.haystack) + len(SEPARATOR)
        return cls(tuple(rows), SEPARATOR.join(r.haystack for r in rows), tuple(starts))

    def search(self, needle: str) -> list[Row]:
        """The rows whose search text contains `needle` (casefolded), in list order."""
        if SEPARATOR in needle:
            return []
        found, position = [], self.text.find(needle)
        while position != -1:
            i = bisect_right(self.starts, position) - 1
            found.append(self.rows[i])
            following = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
            position = self.text.find(needle, following)
        return found


@dataclass(frozen=True)
class Content:
    attestations: tuple[Row, ...] = ()
    candidates: tuple[dict, ...] = ()
    # The present list, kept apart and indexed per dispositif ("" for all): most requests
    # ask for it.
    valid: dict[str, RowIndex] = field(default_factory=dict)
    by_number: dict[str, Row] = field(default_factory=dict)


def edition_in_force(at: date | None = None) -> Edition | None:
    """The current edition; with `at`, the last one published before that day ended (Paris).
    Before the first edition, the first answers: it carries the dates of every attestation."""
    # Not `changes`: the first edition lists every attestation as added (10,000 entries).
    editions = Edition.objects.select_related("json_blob", "csv_blob").defer("changes")
    if at is None:
        return editions.first()
    end = paris_datetime(add_calendar_days(at, 1))
    return editions.filter(published_at__lt=end).first() or editions.order_by("number").first()


def edition_bytes(edition: Edition) -> bytes:
    with blob_store().open(edition.sha256) as handle:
        return handle.read()


def csv_bytes(edition: Edition) -> bytes:
    with blob_store().open(edition.csv_blob.sha256) as handle:
        return handle.read()


def load_document(edition: Edition) -> dict:
    return _parsed(edition.sha256)


@lru_cache(maxsize=CACHED_EDITIONS)
def _parsed(sha256: str) -> dict:
    with blob_store().open(sha256) as handle:
        return json.load(handle)


def content(edition: Edition | None) -> Content:
    if edition is None:
        return Content()
    return _content(edition.sha256)


@lru_cache(maxsize=CACHED_EDITIONS)
def _content(sha256: str) -> Content:
    document = _parsed(sha256)
    rows = tuple(
        Row(
            data=a,
            issued_at=datetime.fromisoformat(a["issued_at"]),
            ended_at=datetime.fromisoformat(a["ended_at"]) if a["ended_at"] else None,
            haystack=" ".join((a["editor"], a["solution"], a["number"])).casefold(),
        )
        for a in document["attestations"]
    )
    valid = [r for r in rows if r.data["status"] == AttestationStatus.VALID]
    per_dispositif: dict[str, list[Row]] = {"": valid}
    for row in valid:
        per_dispositif.setdefault(row.data["dispositif"], []).append(row)
    return Content(
        attestations=rows,
        candidates=tuple(document["candidates"]),
        valid={code: RowIndex.of(found) for code, found in per_dispositif.items()},
        by_number={r.data["number"]: r for r in rows},
    )


def referenced_rows(
    edition: Edition | None, at: date | None = None, *, dispositif: str = "", q: str = ""
) -> Sequence[Row]:
    """Valid attestations of the edition; with `at`, those valid on that day (Paris)."""
    loaded = content(edition)
    if at is None:
        index = loaded.valid.get(dispositif, RowIndex.of(()))
        return index.search(q.casefold()) if q else index.rows
    start, end = paris_datetime(at), paris_datetime(add_calendar_days(at, 1))
    found = [r for r in loaded.attestations if r.valid_on(start, end)]
    if dispositif:
        found = [r for r in found if r.data["dispositif"] == dispositif]
    if q:
        needle = q.casefold()
        found = [r for r in found if needle in r.haystack]
    return found


def candidate_rows(edition: Edition | None, *, dispositif: str = "", q: str = "") -> list[dict]:
    found = list(content(edition).candidates)
    if dispositif:
        found = [c for c in found if c["dispositif"] == dispositif]
    if q:
        needle = q.casefold()
        found = [c for c in found if needle in f"{c['editor']} {c['solution']}".casefold()]
    return found


def edition_summary(edition: Edition | None) -> dict | None:
    """How every answer cites the edition it comes from."""
    if edition is None:
        return None
    return {
        "number": edition.number,
        "published_at": edition.published_at.isoformat(),
        "sha256": edition.sha256,
        "previous_sha256": edition.previous_sha256 or None,
        "referenced_count": edition.referenced_count,
        "candidates_count": edition.candidates_count,
    }
