"""How the collège takes a dossier over from the instruction (issue 12): by its status, so
the instruction never calls collège code. An instructed dossier gets its convention to
sign (001 §4.5, 003 §4.5) in the transaction that made it instructed; one whose convention
was signed with the application (004 §4.2) goes straight to the collège."""

from __future__ import annotations

from referencement.candidatures.choices import CandidatureStatus as S

from .actions import carry_application_convention, prepare_convention
from .rules import signed_with_application


def take_over_instructed(sender, *, candidature, new: str, actor, **kwargs) -> None:
    if new != S.INSTRUCTED:
        return
    if signed_with_application(candidature):
        carry_application_convention(candidature, actor=actor)
    else:
        prepare_convention(candidature, actor=actor)
