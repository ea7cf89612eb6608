from datetime import timedelta

from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "referencement.files"
    label = "files"
    verbose_name = "Fichiers stockés"

    def ready(self) -> None:
        from referencement.core.periodic import register_sweep

        from .cleanup import sweep_storage

        # The name the sweep had when the evidence app ran it: its PeriodicRun row is kept.
        register_sweep("evidence_storage_cleanup", timedelta(hours=1), sweep_storage)
