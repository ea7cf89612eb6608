"""Rules of the registry: the number format and what « referenced on date D » means."""

from __future__ import annotations

from referencement.candidatures.choices import CandidatureStatus as S

# Brief of issue 5: a stable format, sequence per dispositif and year.
NUMBER_FORMAT = "SEGUR-{code}-{year}-{sequence:05d}"

# Candidates « currently in referencing » (public list): accepted by the agency and not yet
# decided or ended.
IN_REFERENCING = frozenset(
    {
        S.ADMIN_ACCEPTED,
        S.EVIDENCE_IN_PROGRESS,
        S.EVIDENCE_COMPLETE,
        S.IN_INSTRUCTION,
        S.AWAITING_EDITOR,
        S.INSTRUCTED,
        S.CONVENTION_SIGNED,
        S.IN_COLLEGE,
        S.RESERVES_TO_LIFT,
    }
)


def attestation_number(dispositif_code: str, year: int, sequence: int) -> str:
    return NUMBER_FORMAT.format(code=dispositif_code, year=year, sequence=sequence)


def may_manage(user) -> bool:
    """DESIGN §1: agency admins run audits and withdrawals."""
    return getattr(user, "is_agency_admin", False)
