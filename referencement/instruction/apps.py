from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig


class InstructionConfig(AppConfig):
    name = "referencement.instruction"
    label = "instruction"
    verbose_name = "Instruction"

    def ready(self) -> None:
        from referencement.candidatures import hooks
        from referencement.candidatures.journey import register_instruction_step
        from referencement.core.home import HomePanel, register_panel
        from referencement.core.navigation import NavEntry, register_nav
        from referencement.core.periodic import register_sweep
        from referencement.evidence.inheritance import versions_carried

        from .assignment import assigned_scope, scope_notice
        from .field_test_queries import field_test_step
        from .queue import home_queue
        from .sweeps import sweep_field_tests, sweep_solicitations
        from .verdict_inheritance import carry_verdicts

        register_nav(NavEntry("File d'instruction", "instruction:queue", _staff))
        register_nav(NavEntry("Affectation des instructeurs", "instruction:assignments", _admin))
        register_panel(
            HomePanel(
                template="instruction/home_panel.html",
                visible=lambda user: getattr(user, "is_instructor", False),
                context=home_queue,
                order=20,
            )
        )
        # Issue 15 item 6: the candidatures lists show an instructor their dispositifs only.
        hooks.instruction.connect(hooks.InstructionAnswers(assigned_scope, scope_notice))
        versions_carried.connect(carry_verdicts, dispatch_uid="instruction.verdicts")
        # 001 §4.4, 003 §4.4, 004 §4.4: reminder, then abandonment after 30 days of silence.
        register_sweep("instruction.solicitations", timedelta(minutes=15), sweep_solicitations)
        # Issue 12 item 9: a field test window (000 §3.3, 004 §4.4) passed without a session.
        register_sweep("instruction.field_tests", timedelta(minutes=15), sweep_field_tests)
        register_instruction_step(field_test_step)


def _staff(user) -> bool:
    return getattr(user, "is_agency_staff", False)


def _admin(user) -> bool:
    return getattr(user, "is_agency_admin", False)
