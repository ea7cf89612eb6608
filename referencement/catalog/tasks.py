"""Background work of the catalogue: thin wrappers around actions (STYLE.md §9)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from .actions import run_rem_job
from .models import RemImport


@task()
def analyse_rem_import(job_id: int) -> None:
    """Parse and dry-run an uploaded REM, leaving its preview on the job row."""
    run_rem_job(RemImport.objects.select_related("dispositif").get(pk=job_id), apply=False)


@task()
def apply_rem_import(job_id: int, actor_id: int) -> None:
    actor = get_user_model().objects.get(pk=actor_id)
    run_rem_job(
        RemImport.objects.select_related("dispositif").get(pk=job_id), actor=actor, apply=True
    )
