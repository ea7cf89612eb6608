"""Exactly-once transitions (issue 16 item 1): an action locks the row it changes and
re-reads it inside its transaction, so its checks judge the state as it is now and not as
the caller loaded it. Of two contradictory requests, the second waits for the first to
commit, then sees the new state and is refused."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def lock(instance: M) -> M:
    """Lock `instance`'s row until the caller's transaction ends and reload its fields in
    place (every holder of this object sees the fresh state). Only this row is locked,
    never the rows of its foreign keys. Must run inside `transaction.atomic()`."""
    rows = type(instance)._default_manager.select_for_update(of=("self",))
    instance.refresh_from_db(from_queryset=rows)
    return instance
