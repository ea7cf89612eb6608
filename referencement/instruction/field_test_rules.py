"""Rules of the field test session (000 §3.3, 004 §4.4): « L'organisation de cette session de
tests dans les 4 semaines suivant le début de l'instruction du dossier par l'ANS incombe à
l'Editeur … L'ANS supervise le bon déroulé des scénarios de tests et documente l'atteinte ou
non des résultats. » The delay and the reviewed requirements are catalogue data."""

from __future__ import annotations

from datetime import datetime

from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.calendar import describe_delay, format_instant, now
from referencement.lib.french import code_list

from .choices import FieldTestStatus
from .rules import field_test_deadline

RULE = "Session de tests (000 §3.3, 004 §4.4)"
# The session is organised while the dossier is instructed (answers to a demande de
# complément included).
ORGANISABLE = frozenset({S.IN_INSTRUCTION, S.AWAITING_EDITOR})
PENDING = frozenset({FieldTestStatus.PROPOSED, FieldTestStatus.CONFIRMED})
# A session the agency confirmed (then held): the window is met by it.
SCHEDULED = frozenset({FieldTestStatus.CONFIRMED, FieldTestStatus.HELD})
MISSED = "Session de tests non tenue dans le délai"
# 000 §3.3 and 004 §4.4 say who organises the session and by when, not what follows a
# window that passed without one: the agency decides, with its demande de complément.
AFTER_MISSED_HYPOTHESIS = (
    "Les textes ne disent pas ce qui suit un délai dépassé (hypothèse) : l'agence décide. "
    "Par une demande de complément, elle peut permettre à l'éditeur de proposer une nouvelle "
    "date ; sans réponse, la demande suit ses propres règles d'abandon."
)


def window_label(dispositif) -> str:
    """« dans les 28 jours suivant le début de l'instruction », from the same
    parameter that computes the limit."""
    delay = describe_delay(dispositif.field_test_delay, dispositif.field_test_unit)
    return f"dans les {delay} suivant le début de l'instruction"


def may_propose(
    status: str, deadline: datetime | None, pending: bool, reopened: bool = False
) -> bool:
    """Whether the editor is offered the proposal form: until the limit (or once the agency
    asked for a session after it), one at a time."""
    if status not in ORGANISABLE or deadline is None or pending:
        return False
    return reopened or now() < deadline


def window_missed(deadline: datetime | None, statuses: list[str], at: datetime) -> bool:
    """The window passed and the agency confirmed no session (`statuses`: those of the
    candidature's sessions)."""
    if deadline is None or at <= deadline:
        return False
    return not SCHEDULED.intersection(statuses)


def proposal_refusal(
    dispositif,
    started_at: datetime | None,
    scheduled_for: datetime,
    at: datetime,
    reopened: bool = False,
) -> str | None:
    """The editor's date must fall between now and the catalogue's limit, unless the agency
    asked for a session once the limit had passed (AFTER_MISSED_HYPOTHESIS)."""
    deadline = field_test_deadline(dispositif, started_at) if started_at else None
    if deadline is None:
        return "Ce dispositif ne prévoit pas de session de tests pour cette candidature."
    if scheduled_for <= at:
        return f"{RULE} : la date proposée est déjà passée."
    if scheduled_for > deadline and not reopened:
        return (
            f"{RULE} : la session se tient {window_label(dispositif)}, soit au plus tard le "
            f"{format_instant(deadline)}. Proposez une date dans ce délai."
        )
    return None


def results_refusal(session, at: datetime) -> str | None:
    """Results are recorded for a confirmed session once its date has come."""
    if session.status not in {FieldTestStatus.CONFIRMED, FieldTestStatus.HELD}:
        return f"{RULE} : l'agence confirme d'abord la date proposée par l'éditeur."
    if session.scheduled_for > at:
        return f"{RULE} : la session n'a pas encore eu lieu."
    return None


def completion_refusal(flagged: list[str], reviewed: set[str]) -> str | None:
    """Where the catalogue flags requirements for the session, the instruction ends only
    once a held session documented each of them."""
    missing = [code for code in flagged if code not in reviewed]
    if not missing:
        return None
    return (
        f"{RULE} : l'instruction ne se termine qu'une fois la session de tests tenue et ses "
        f"résultats enregistrés. Exigences sans résultat : {code_list(missing)}."
    )
