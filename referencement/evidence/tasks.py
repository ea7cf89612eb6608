"""Background tasks of the evidence app: thin wrappers around the checks (STYLE §9)."""

from __future__ import annotations

from django_tasks import task

from .checks import check_version
from .models import EvidenceVersion


@task()
def check_conformity(version_id: int) -> None:
    version = (
        EvidenceVersion.objects.select_related("blob", "evidence__candidature__dispositif")
        .filter(pk=version_id)
        .first()
    )
    if version is not None and version.blob_id:
        check_version(version)
