"""Rules of the instruction phase, read from the dispositif's parameters (DESIGN §3)."""

from __future__ import annotations

from datetime import datetime

from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.calendar import add_calendar_days, add_delay, phase_state
from referencement.catalog.choices import Phase, PhaseStatus
from referencement.lib.french import code_list

from .choices import VerdictValue

# Brief of issue 5 / 001 §4.4: instruction may start once the candidature entered the queue
# (a complete chapter for wave 2, the complete dossier for DPI-Va1).
STARTABLE = frozenset({S.EVIDENCE_IN_PROGRESS, S.EVIDENCE_COMPLETE})
IN_QUEUE = STARTABLE | {S.IN_INSTRUCTION, S.AWAITING_EDITOR}
# The instruction clock runs in this status only (stopped while waiting for the editor).
INSTRUCTION_RUNNING = frozenset({S.IN_INSTRUCTION})
ACCEPTED_VERDICTS = frozenset({VerdictValue.CONFORME, VerdictValue.DEROGATION})
# Days before the abandonment date when the editor gets a reminder e-mail.
REMINDER_DAYS_BEFORE_ABANDONMENT = 5


def may_instruct(user) -> bool:
    return getattr(user, "is_instructor", False) or getattr(user, "is_agency_admin", False)


def can_start(candidature) -> bool:
    return candidature.queue_entered_at is not None and candidature.status in STARTABLE


def queue_guarantee_due(dispositif, asked_at: datetime) -> datetime:
    """001 §4.4: 10 days (MS-DUI-Va2); 003 §4.4, 004 §4.4: 24 hours (HOP)."""
    return add_delay(asked_at, dispositif.queue_guarantee_delay, dispositif.queue_guarantee_unit)


def abandonment_due(dispositif, asked_at: datetime) -> datetime:
    """001 §4.4, 003 §4.4, 004 §4.4: abandoned after 30 days without an answer."""
    return add_delay(asked_at, dispositif.abandonment_delay, dispositif.abandonment_unit)


def reminder_due(abandon_at: datetime) -> datetime:
    return add_calendar_days(abandon_at, -REMINDER_DAYS_BEFORE_ABANDONMENT)


def exchanges_closed(dispositif, at: datetime | None = None) -> bool:
    """001 §4.4, 003 §4.4: no exchange after Date 3 (funded dispositifs only)."""
    return phase_state(dispositif, Phase.EXCHANGES, at).status == PhaseStatus.CLOSED


def field_test_deadline(dispositif, started_at: datetime) -> datetime | None:
    """000 §3.3, 004 §4.4: the session is held within 4 weeks after instruction starts."""
    if not dispositif.field_test_session or not dispositif.field_test_delay:
        return None
    return add_delay(started_at, dispositif.field_test_delay, dispositif.field_test_unit)


def is_assessed(evidence) -> bool:
    """004 §4.3: the SSI questionnaire is mandatory but not assessed; equivalences (001
    §4.1) are not required unless the agency demanded them."""
    if evidence.extra_id and not evidence.extra.assessed:
        return False
    return evidence.is_required


def accepts_derogation(evidence) -> bool:
    """001 §4.4, 003 §4.4: only the CNDA homologation has a pre-examination derogation."""
    return bool(evidence.extra_id and evidence.extra.derogation)


def deposits_late(evidence) -> bool:
    """001 §4.4, 003 §4.4: the catalogue marks the items that may come after Date 3 (the
    CNDA attestation, a late EDC PSC habilitation)."""
    return bool(evidence.extra_id and (evidence.extra.derogation or evidence.extra.late_deposit))


def may_judge_after_date_3(version) -> bool:
    """001 §4.4: after Date 3 no further answer is instructed, except the CNDA attestation
    under derogation and a late EDC PSC habilitation."""
    return deposits_late(version.evidence)


# 001 §4.4: the CNDA attestation or a late habilitation is judged after the instruction
# ended, until the attestation of referencing is issued.
LATE_VERDICT_STATUSES = frozenset(
    {S.IN_INSTRUCTION, S.INSTRUCTED, S.CONVENTION_SIGNED, S.IN_COLLEGE, S.AWAITING_CNDA}
)


def verdict_status_refusal(candidature, version) -> str | None:
    if candidature.status == S.IN_INSTRUCTION:
        return None
    if candidature.status in LATE_VERDICT_STATUSES and deposits_late(version.evidence):
        return None
    return "La candidature n'est pas en cours d'instruction."


def verdict_error(version, value: str, comment: str, at: datetime) -> str | None:
    if value == VerdictValue.NON_CONFORME and not comment.strip():
        return "Un avis « non conforme » doit être motivé : l'éditeur lit ce commentaire."
    if value == VerdictValue.DEROGATION and not accepts_derogation(version.evidence):
        return "Cette preuve n'admet pas de dérogation."
    dispositif = version.evidence.candidature.dispositif
    if exchanges_closed(dispositif, version.deposited_at) and not may_judge_after_date_3(version):
        return "Cette version a été déposée après la Date 3 : elle ne peut pas être instruite."
    return None


def incomplete_dossier_refusal(dispositif, codes: list[str]) -> str | None:
    """001 §4.4, 003 §4.3, 004 §4.3: the complete dossier is every item the chosen profiles
    make applicable; instruction ends only when each one is judged conforme (or exempted
    by the catalogue), never on the evidence deposited so far. The refusal cites the
    section of the dispositif's own text (catalogue `sources.complete_dossier`)."""
    if not codes:
        return None
    return (
        f"Dossier complet de preuves exigé ({dispositif.parameter_source('complete_dossier')}) "
        ": l'instruction ne se termine que lorsque chaque preuve applicable aux profils "
        f"choisis est jugée conforme. Restent à déposer ou à juger : {code_list(codes)}."
    )


def sanction_refusal(status: str, allowed: frozenset) -> str | None:
    """000 §4.4, 002 §4.4, 004 §4.8: suspension and exclusion concern the instruction
    process; a granted referencing is withdrawn or revoked in the registry instead."""
    if status in allowed:
        return None
    if status == S.REFERENCED:
        return (
            "Charte de référencement (000 §4.4, 002 §4.4, 004 §4.8) : un référencement "
            "octroyé se retire ou se révoque depuis le registre, il ne se suspend pas."
        )
    return f"Impossible dans l'état « {S(status).label} »."


def cnda_refusal(codes: list[str]) -> str | None:
    """001 §4.4, 003 §4.4: the derogation lets instruction and collège go on with the
    pre-examination report, but the CNDA attestation « reste obligatoire pour l'obtention du
    référencement »: no attestation of referencing before it is deposited and judged."""
    if not codes:
        return None
    return (
        "Homologation CNDA obligatoire (001 §4.4, 003 §4.4) : l'attestation de référencement "
        "n'est délivrée qu'une fois l'attestation d'homologation CNDA déposée et jugée "
        f"conforme ({code_list(codes)} sous dérogation)."
    )
