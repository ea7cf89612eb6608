"""Rules of the registry: the number format and what « referenced on date D » means."""

from __future__ import annotations

import re
from datetime import date

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
        S.AWAITING_CNDA,
    }
)


def attestation_number(dispositif_code: str, year: int, sequence: int) -> str:
    return NUMBER_FORMAT.format(code=dispositif_code, year=year, sequence=sequence)


def may_manage(user) -> bool:
    """DESIGN §1: agency admins run audits and withdrawals."""
    return getattr(user, "is_agency_admin", False)


# Issue 16 item 8: a query date the registry can answer (the Ségur schemes date from 2021;
# 9999-12-31 has no next day to bound it). Outside this range: 400, never 500.
REGISTRY_DATES = (date(2000, 1, 1), date(2999, 12, 31))
REGISTRY_DATE_ERROR = "Date hors de la période du registre (entre 2000 et 2999)."

# Numbers are built from NUMBER_FORMAT: letters, digits, dots and hyphens only.
NUMBER_CHARACTERS = re.compile(r"^[A-Za-z0-9.-]+$")
NUMBER_ERROR = "Un numéro de référencement ne contient que des lettres, des chiffres et des tirets."


def registry_date_is_answerable(at: date) -> bool:
    return REGISTRY_DATES[0] <= at <= REGISTRY_DATES[1]


def number_is_well_formed(number: str) -> bool:
    return bool(NUMBER_CHARACTERS.match(number))


def previous_attestation(candidature):
    """Issue 14 item 5: the attestation of the version a next version derives from (its
    latest, valid or since ended: the lineage is history)."""
    previous = candidature.derived_from
    return previous.attestations.order_by("-issued_at", "-pk").first() if previous else None


# Statuses a candidature reaches without ever having been a public candidate: such a change
# cannot alter the registry (DESIGN §4: published once the administrative file is accepted).
NEVER_PUBLISHED = frozenset({S.DRAFT, S.ADMIN_SUBMITTED, S.ADMIN_REJECTED})
