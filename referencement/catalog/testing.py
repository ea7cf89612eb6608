"""The shipped catalogues in tests, loaded for real once per test process (not used in
production; issue 17 item 6).

Half the tests start from the five shipped catalogues, and loading them costs more than
most of those tests. The first load in a test process runs `load_all_catalogues` on an
empty catalogue and keeps every row it wrote (catalogue, versions, audit events and chain
head); later loads copy those rows back when the database is in the same state (those
tables empty, the clock not set back before that first load), else load for real.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from .actions import load_all_catalogues

# Past this (or before it), a test that moved the clock gets catalogues loaded at its date.
_FRESH_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class _Snapshot:
    taken_at: datetime
    rows: dict[type[models.Model], list[dict]]


_snapshot: _Snapshot | None = None


def load_catalogues() -> None:
    """What `load_all_catalogues()` does to an empty catalogue, without redoing its work."""
    global _snapshot
    if _snapshot is not None and _restorable(_snapshot):
        _restore(_snapshot)
        return
    tables = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]
    before = {model: model.objects.count() for model in tables}
    load_all_catalogues()
    written = [model for model in tables if model.objects.count() != before[model]]
    if written and all(before[model] == 0 for model in written):
        _snapshot = _Snapshot(timezone.now(), {model: _rows(model) for model in written})


def _rows(model: type[models.Model]) -> list[dict]:
    names = [field.attname for field in model._meta.concrete_fields]
    return list(model.objects.order_by("pk").values(*names))


def _restorable(snapshot: _Snapshot) -> bool:
    elapsed = timezone.now() - snapshot.taken_at
    if not timedelta(0) <= elapsed < _FRESH_FOR:
        return False
    return not any(model.objects.exists() for model in snapshot.rows)


def _restore(snapshot: _Snapshot) -> None:
    with transaction.atomic():
        for model, rows in snapshot.rows.items():
            model.objects.bulk_create(model(**row) for row in rows)
        # Rows come back with their keys: the next inserts must not reuse them (PostgreSQL).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(snapshot.rows)):
                cursor.execute(statement)
