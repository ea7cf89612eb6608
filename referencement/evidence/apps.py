from datetime import timedelta

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "referencement.evidence"
    label = "evidence"
    verbose_name = "Preuves"

    def ready(self) -> None:
        from referencement.core.periodic import register_sweep

        from .cleanup import sweep_storage

        register_sweep("evidence_storage_cleanup", timedelta(hours=1), sweep_storage)
