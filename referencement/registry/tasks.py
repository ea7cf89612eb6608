"""Background task of the registry: a thin wrapper around the edition publication."""

from __future__ import annotations

from django_tasks import task

from .editions import publish_edition


@task()
def publish_registry_edition() -> None:
    publish_edition()
