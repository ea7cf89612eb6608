"""Exactly-once transitions (issue 16 item 1): an action locks the row it changes and
re-reads it inside its transaction, so its checks judge the state as it is now and not as
the caller loaded it. Of two contradictory requests, the second waits for the first to
commit, then sees the new state and is refused.

Every row lock of the platform is taken here, and is a FOR NO KEY UPDATE lock on
PostgreSQL: it stops other writers of the row but not the rows that come to refer to it (a
convention's signer, a notification about this candidature), whose foreign keys are
checked at commit. A FOR UPDATE lock stops those too: a signature, holding the audit log's
head, then waited at commit for the signer's row that another second-factor check had
locked, while that check waited for the head (a deadlock CI saw when a convention was
signed and the dossier submitted at once)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def for_update(
    rows: models.QuerySet[M] | models.Manager[M], *, of: tuple[str, ...] = ()
) -> models.QuerySet[M]:
    """`rows`, locked when read until the caller's transaction ends (with `of`, only the
    rows of those relations)."""
    return rows.select_for_update(of=of, no_key=True)


def lock(instance: M) -> M:
    """Lock `instance`'s row until the caller's transaction ends and reload its fields in
    place (every holder of this object sees the fresh state). Only this row is locked,
    never the rows of its foreign keys. Must run inside `transaction.atomic()`."""
    instance.refresh_from_db(
        from_queryset=for_update(type(instance)._default_manager, of=("self",))
    )
    return instance
