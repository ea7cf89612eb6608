from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.db.models.signals import post_save


class RegistryConfig(AppConfig):
    name = "referencement.registry"
    label = "registry"
    verbose_name = "Registre public"

    def ready(self) -> None:
        from referencement.core.navigation import NavEntry, register_nav

        register_nav(NavEntry("Registre public", "registry:list", lambda user: True))
        register_nav(NavEntry("Vérifier une attestation", "registry:verify", lambda user: True))

        from referencement.candidatures import hooks
        from referencement.candidatures.models import Candidature
        from referencement.candidatures.transitions import status_changed
        from referencement.catalog.impact import register_impact
        from referencement.core.periodic import register_sweep

        from .actions import withdraw_at_editor_request
        from .catalogue_impact import touched_attestations
        from .editions import publish_edition
        from .lookups import attestation_numbered, valid_attestation
        from .models import Attestation
        from .signals import attestation_saved, candidature_saved
        from .takeover import issue_on_referenced

        post_save.connect(attestation_saved, sender=Attestation, dispatch_uid="registry.edition")
        post_save.connect(candidature_saved, sender=Candidature, dispatch_uid="registry.edition")
        # Issue 12: the registry takes a referenced dossier over by its status.
        status_changed.connect(issue_on_referenced, dispatch_uid="registry.takeover")
        hooks.registry.connect(
            hooks.RegistryAnswers(
                valid_attestation=valid_attestation,
                attestation_numbered=attestation_numbered,
                withdraw_referenced=withdraw_at_editor_request,
            )
        )
        register_impact("attestations", touched_attestations)
        # An end date reached, or a publication a crashed worker missed: published within
        # minutes (the publication is a no-op when the registry did not change).
        register_sweep("registry.edition", timedelta(minutes=5), publish_edition)
