from datetime import timedelta

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "referencement.evidence"
    label = "evidence"
    verbose_name = "Preuves"

    def ready(self) -> None:
        from referencement.candidatures.signals import (
            catalogue_version_changed,
            next_version_opened,
        )
        from referencement.catalog.impact import register_impact
        from referencement.core.page_panels import PagePanel, register_page_panel
        from referencement.core.periodic import register_sweep

        from .candidature_panels import evidence_button, evidence_progress
        from .catalogue_impact import judged_evidence
        from .catalogue_migration import reopen_changed_requirements
        from .checks import sweep_pending_checks
        from .inheritance import carry_into_next_version

        register_impact("judged_evidence", judged_evidence)
        register_sweep("evidence_pending_checks", timedelta(minutes=5), sweep_pending_checks)
        register_page_panel(
            "candidatures.detail.buttons",
            PagePanel("evidence/_partials/candidature_button.html", evidence_button),
        )
        register_page_panel(
            "candidatures.detail.sections",
            PagePanel("evidence/_partials/candidature_progress.html", evidence_progress),
        )
        next_version_opened.connect(carry_into_next_version, dispatch_uid="evidence.carry")
        catalogue_version_changed.connect(
            reopen_changed_requirements, dispatch_uid="evidence.reopen"
        )
