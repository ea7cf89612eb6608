"""How the collège takes a dossier over from the instruction (issue 12): by its status, so
the instruction never calls collège code. An instructed dossier gets its convention to
sign (001 §4.5, 003 §4.5) in the transaction that made it instructed."""

from __future__ import annotations

from referencement.candidatures.choices import CandidatureStatus as S

from .actions import prepare_convention


def take_over_instructed(sender, *, candidature, new: str, actor, **kwargs) -> None:
    if new == S.INSTRUCTED:
        prepare_convention(candidature, actor=actor)
