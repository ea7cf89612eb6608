"""When evidence may be deposited (read by the deposit action and the resumable upload
endpoint, which refuses before receiving any byte)."""

from __future__ import annotations

from referencement.candidatures import rules
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature
from referencement.catalog import calendar
from referencement.catalog.choices import Phase
from referencement.catalog.rules import applicable_extra_evidence

# Deposits are open once the dossier is accepted and while the agency reviews the evidence.
DEPOSIT_STATUSES = frozenset(
    {
        S.ADMIN_ACCEPTED,
        S.EVIDENCE_IN_PROGRESS,
        S.EVIDENCE_COMPLETE,
        S.IN_INSTRUCTION,
        S.AWAITING_EDITOR,
    }
)
# 001 §4.4: the CNDA attestation « pourra être fournie au-delà de la Date 3 » and a late
# EDC PSC habilitation « pourra être intégrée au dossier »: until the attestation is issued.
LATE_DEPOSIT_STATUSES = DEPOSIT_STATUSES | {
    S.INSTRUCTED,
    S.CONVENTION_SIGNED,
    S.IN_COLLEGE,
    S.AWAITING_CNDA,
}


ONLY_LATE_ITEMS = (
    "Seules l'attestation d'homologation CNDA et l'habilitation Pro Santé Connect peuvent "
    "encore être déposées (001 §4.4)."
)


def late_item(item) -> bool:
    """The catalogue marks the items that may arrive after Date 3 (001 §4.4)."""
    return item.late_deposit


def _has_late_items(candidature: Candidature) -> bool:
    extras = applicable_extra_evidence(candidature.dispositif, candidature.profiles.all())
    return any(extra.late_deposit for extra in extras)


def _late(candidature: Candidature, item) -> bool:
    return late_item(item) if item is not None else _has_late_items(candidature)


def deposit_refusal(candidature: Candidature, item=None) -> str | None:
    """Why no evidence (or not this `item`) can be deposited now, or None. Without an item,
    None as soon as some item may still be deposited. A late item (001 §4.4) is received
    whatever the calendar, while its status allows it."""
    if candidature.status in DEPOSIT_STATUSES:
        refusal = rules.exchanges_refusal(candidature)
        first_deposit = item is not None and not item.deposited
        if not refusal and not first_deposit:
            return None
        if _late(candidature, item):
            return None
        if refusal:
            return f"{refusal} {ONLY_LATE_ITEMS}"
        return first_deposit_refusal(candidature)
    if candidature.status in LATE_DEPOSIT_STATUSES:
        if _late(candidature, item):
            return None
        return f"L'instruction de cette candidature est terminée. {ONLY_LATE_ITEMS}"
    return (
        "Le dépôt des preuves n'est pas ouvert pour cette candidature "
        f"(état : {candidature.get_status_display()})."
    )


def first_deposit_refusal(candidature: Candidature) -> str | None:
    """001 §4.4, 003 §4.3: every item is deposited at least once by Date 2 (the Date the
    catalogue's `evidence_deadline` names); after it only corrections of deposited items are
    received (until Date 3)."""
    dispositif = candidature.dispositif
    state = calendar.phase_state(dispositif, Phase.EVIDENCE)
    if state.is_open:
        return None
    number = calendar.phase_deadline_number(dispositif, Phase.EVIDENCE)
    source = dispositif.parameter_source("complete_dossier")
    return (
        f"Dossier complet exigé à la Date {number} ({source}) : cette preuve n'a jamais été "
        f"déposée et ne peut plus l'être ({state.reason})."
    )


EQUIVALENCE_RULE = "Équivalence refusée (001 §3.1, 003 §3.1) : "


def equivalence_unavailable(dispositif) -> str | None:
    """001 §3.1, 003 §3.1: only the texts of wave 2 provide for an equivalence; the
    catalogue of every other dispositif says so (000, 002, 004 have none)."""
    if dispositif.evidence_equivalence:
        return None
    return (
        f"{EQUIVALENCE_RULE}le dispositif {dispositif.code} ne prévoit pas d'équivalence des "
        "preuves : chaque preuve applicable est déposée et instruite."
    )


def in_equivalence_perimeter(dispositif, requirement) -> bool:
    """003 §3.1: an equivalence covers only a requirement of the perimeter the catalogue
    names (wave 1), of a dispositif that provides for equivalence at all. The deposit grid
    offers the claim on exactly these items."""
    return (
        dispositif.evidence_equivalence
        and requirement is not None
        and requirement.perimeter == dispositif.equivalence_perimeter
    )


def equivalence_refusal(
    candidature: Candidature, item, attestation, number: str = ""
) -> str | None:
    """001 §3.1, 003 §3.1: an equivalence is claimed on a valid referencing of the same
    editor, of a dispositif the catalogue names as its source, for a requirement of the
    perimeter the catalogue names (data, not code). `number` is the claimed one (by default
    the candidature's previous referencing number)."""
    dispositif = candidature.dispositif
    unavailable = equivalence_unavailable(dispositif)
    if unavailable:
        return unavailable
    rule = EQUIVALENCE_RULE
    number = number or candidature.previous_referencing_number
    if attestation is None:
        return f"{rule}le numéro de référencement « {number} » n'existe pas au registre."
    if not attestation.is_valid:
        return f"{rule}le référencement {number} n'est plus valide."
    if attestation.candidature.editor_id != candidature.editor_id:
        return f"{rule}le référencement {number} appartient à un autre éditeur."
    if attestation.dispositif.code not in dispositif.equivalence_sources:
        sources = ", ".join(dispositif.equivalence_sources) or "aucun"
        return (
            f"{rule}le référencement {number} relève du dispositif {attestation.dispositif.code}, "
            f"pas d'un dispositif source de l'équivalence ({sources})."
        )
    if not in_equivalence_perimeter(dispositif, item.requirement):
        perimeter = dispositif.get_equivalence_perimeter_display() or "—"
        return f"{rule}seules les exigences du périmètre {perimeter} peuvent être couvertes."
    return None
