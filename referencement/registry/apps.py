from __future__ import annotations

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "referencement.registry"
    label = "registry"
    verbose_name = "Registre public"

    def ready(self) -> None:
        from referencement.core.navigation import NavEntry, register_nav

        register_nav(NavEntry("Registre public", "registry:list", lambda user: True))
        register_nav(NavEntry("Vérifier une attestation", "registry:verify", lambda user: True))
