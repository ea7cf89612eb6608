from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig


class CandidaturesConfig(AppConfig):
    name = "referencement.candidatures"
    label = "candidatures"
    verbose_name = "Candidatures"

    def ready(self) -> None:
        from referencement.catalog.impact import register_impact
        from referencement.core.home import HomePanel, register_panel
        from referencement.core.navigation import NavEntry, register_nav
        from referencement.core.periodic import register_sweep

        from .actions import sweep_admin_solicitations
        from .catalogue_impact import touched_candidatures
        from .views.listing import agency_panel_context, home_panel_context

        register_nav(NavEntry("Candidatures", "candidatures:list", _editor_or_agency))
        register_panel(
            HomePanel("candidatures/home_panel.html", _editor, home_panel_context, order=10)
        )
        register_panel(
            HomePanel("candidatures/agency_panel.html", _agency, agency_panel_context, order=5)
        )
        register_impact("candidatures", touched_candidatures)
        register_sweep("admin_solicitations", timedelta(minutes=5), sweep_admin_solicitations)


def _editor(user) -> bool:
    return getattr(user, "is_editor", False)


def _agency(user) -> bool:
    return getattr(user, "is_agency_staff", False)


def _editor_or_agency(user) -> bool:
    return getattr(user, "is_editor", False) or getattr(user, "is_agency_staff", False)
