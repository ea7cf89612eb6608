from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig


class CollegeConfig(AppConfig):
    name = "referencement.college"
    label = "college"
    verbose_name = "Convention et collège"

    def ready(self) -> None:
        from referencement.candidatures import hooks
        from referencement.candidatures.dossier_checks import DossierCheck, register_dossier_check
        from referencement.candidatures.transitions import status_changed
        from referencement.core.home import HomePanel, register_panel
        from referencement.core.navigation import NavEntry, register_nav
        from referencement.core.periodic import register_sweep

        from .queries import pending_reserves
        from .rules import CONVENTION_KEY, application_convention_problems
        from .seating import may_sit
        from .sessions import ensure_sessions_ahead, next_session_panel
        from .sweeps import close_unheld_sessions, refuse_unlifted_reserves
        from .takeover import take_over_instructed

        # Issue 12: the collège takes an instructed dossier over by its status.
        status_changed.connect(take_over_instructed, dispatch_uid="college.takeover")
        hooks.college.connect(hooks.CollegeAnswers(pending_reserves))
        # 004 §4.2: where the dispositif says so, the signed convention is in the dossier.
        register_dossier_check(
            DossierCheck(
                key=CONVENTION_KEY,
                problems=application_convention_problems,
                step_title="Signer la convention de référencement",
                step_text=(
                    "La convention signée électroniquement fait partie du dossier de "
                    "candidature : le représentant légal de l'éditeur la signe avant la "
                    "soumission du dossier."
                ),
                action_label="Voir et signer la convention",
                url_name="college:editor_outcome",
            )
        )

        register_nav(NavEntry("Collège", "college:session_list", _staff))
        register_panel(
            HomePanel(
                template="college/home_panel.html",
                visible=may_sit,
                context=next_session_panel,
                order=30,
            )
        )
        # 001 §4.5, 004 §4.5: « ce collège se tient de manière hebdomadaire ».
        register_sweep("college.sessions_ahead", timedelta(hours=6), ensure_sessions_ahead)
        # 004 §4.5: réserves non bloquantes not lifted within 4 weeks: referencing refused.
        register_sweep("college.unlifted_reserves", timedelta(minutes=15), refuse_unlifted_reserves)
        register_sweep("college.unheld_sessions", timedelta(hours=6), close_unheld_sessions)


def _staff(user) -> bool:
    return getattr(user, "is_agency_staff", False)
