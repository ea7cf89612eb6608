from __future__ import annotations

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "referencement.catalog"
    label = "catalog"
    verbose_name = "Dispositifs et catalogues"

    def ready(self) -> None:
        from referencement.core.navigation import NavEntry, register_nav

        register_nav(NavEntry("Dispositifs", "catalog:dispositif_list", _everyone))
        register_nav(NavEntry("Catalogues REM", "catalog:rem_upload", _agency_admin))


def _everyone(user) -> bool:
    return True


def _agency_admin(user) -> bool:
    return getattr(user, "is_agency_admin", False)
