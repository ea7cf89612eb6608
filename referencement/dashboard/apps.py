from __future__ import annotations

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "referencement.dashboard"
    label = "dashboard"
    verbose_name = "Tableau de bord de l'agence"

    def ready(self) -> None:
        from referencement.core.home import HomePanel, register_panel
        from referencement.core.navigation import NavEntry, register_nav

        register_nav(NavEntry("Tableau de bord", "dashboard:index", _admin))
        register_panel(
            HomePanel(
                template="dashboard/home_panel.html",
                visible=_admin,
                context=lambda request: {},
                order=40,
            )
        )


def _admin(user) -> bool:
    return getattr(user, "is_agency_admin", False)
