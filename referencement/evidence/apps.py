from datetime import timedelta

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "referencement.evidence"
    label = "evidence"
    verbose_name = "Preuves"

    def ready(self) -> None:
        from referencement.catalog.impact import register_impact
        from referencement.core.periodic import register_sweep

        from .catalogue_impact import judged_evidence
        from .checks import sweep_pending_checks
        from .cleanup import sweep_storage

        register_impact("judged_evidence", judged_evidence)
        register_sweep("evidence_storage_cleanup", timedelta(hours=1), sweep_storage)
        register_sweep("evidence_pending_checks", timedelta(minutes=5), sweep_pending_checks)
