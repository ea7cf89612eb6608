"""Whether the database is ready for a command that reads or writes it (issue 17 item 2):
an empty or outdated database is refused with what to run, never with a traceback."""

from __future__ import annotations

from referencement.lib.french import plural

NOT_INITIALISED = "base non initialisée : lancez `referencement serve` ou `referencement migrate`"


class DatabaseNotReady(Exception):
    """Why the database cannot serve the command, as one French line."""


def pending_migrations() -> tuple[int, int]:
    """(applied, to apply) migrations; DatabaseNotReady when the database is unreachable."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise DatabaseNotReady(f"base de données injoignable : {reason}".rstrip(" :")) from error
    return len(executor.loader.applied_migrations), len(plan)


def require_reachable_database() -> None:
    pending_migrations()


def require_migrated_database() -> None:
    applied, to_apply = pending_migrations()
    if not to_apply:
        return
    if not applied:
        raise DatabaseNotReady(NOT_INITIALISED)
    raise DatabaseNotReady(
        f"base à mettre à jour ({plural(to_apply, 'migration', 'migrations')} à appliquer) : "
        "lancez `referencement migrate`"
    )
