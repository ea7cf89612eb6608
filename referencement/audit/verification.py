"""Checking the audit chain: any edited, inserted or deleted row is reported."""

from __future__ import annotations

from dataclasses import dataclass

from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    message: str


def verify_chain(batch_size: int = 2000) -> tuple[int, list[ChainProblem]]:
    """Return the number of rows read and every problem found, in sequence order."""
    problems: list[ChainProblem] = []
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size):
        count += 1
        if event.sequence != expected_sequence:
            problems.append(
                ChainProblem(
                    event.sequence,
                    f"rupture de séquence : n° {expected_sequence} attendu, "
                    f"n° {event.sequence} trouvé (ligne supprimée ?)",
                )
            )
        if event.previous_hash != previous_hash:
            problems.append(
                ChainProblem(event.sequence, "l'empreinte précédente ne correspond pas")
            )
        if event.compute_hash() != event.hash:
            problems.append(ChainProblem(event.sequence, "contenu modifié (empreinte invalide)"))
        previous_hash = event.hash
        expected_sequence = event.sequence + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    last_sequence = expected_sequence - 1
    if head is not None and (
        head.last_sequence != last_sequence or head.last_hash != previous_hash
    ):
        problems.append(
            ChainProblem(
                head.last_sequence,
                f"la fin de la chaîne a disparu : dernier n° enregistré {head.last_sequence}, "
                f"dernier n° présent {last_sequence}",
            )
        )
    return count, problems
