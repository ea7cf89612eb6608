"""The thread of a candidature read in one place (issue 11 item 4): the agency's questions
with their clock, the answers, the messages either side wrote first, and their files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .choices import SolicitationPhase, SolicitationStatus
from .deadlines import Deadline, solicitation_deadline
from .models import Attachment, Candidature, Solicitation


@dataclass
class Entry:
    at: datetime
    from_agency: bool
    author: str
    title: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)
    solicitation: Solicitation | None = None
    deadline: Deadline | None = None
    answerable: bool = False


def _name(user) -> str:
    return getattr(user, "full_name", "") or user.email


def _answerable(solicitation: Solicitation) -> bool:
    """Admin answers are taken while open or late (001 §4.3 only flags lateness); an
    instruction answer while open (003 §4.4)."""
    if solicitation.answered_at is not None:
        return False
    if solicitation.phase == SolicitationPhase.ADMIN:
        return solicitation.status in (SolicitationStatus.OPEN, SolicitationStatus.LATE)
    return solicitation.status == SolicitationStatus.OPEN


def thread(candidature: Candidature) -> list[Entry]:
    """Every entry of the thread, oldest first."""
    files: dict[tuple[str, int], list[Attachment]] = {}
    for attachment in candidature.attachments.select_related("blob"):
        key = (
            ("s", attachment.solicitation_id)
            if attachment.solicitation_id
            else (
                "m",
                attachment.message_id,
            )
        )
        files.setdefault(key, []).append(attachment)
    entries = []
    for solicitation in candidature.solicitations.select_related("asked_by", "answered_by"):
        answerable = _answerable(solicitation)
        entries.append(
            Entry(
                solicitation.asked_at,
                True,
                _name(solicitation.asked_by),
                f"Demande de complément — {solicitation.get_phase_display().lower()}",
                solicitation.question,
                solicitation=solicitation,
                deadline=solicitation_deadline(solicitation) if answerable else None,
                answerable=answerable,
            )
        )
        if solicitation.answered_at is not None:
            late = "" if solicitation.answered_in_time else " (hors délai)"
            entries.append(
                Entry(
                    solicitation.answered_at,
                    False,
                    _name(solicitation.answered_by),
                    f"Réponse à la demande du {solicitation.asked_at:%d/%m/%Y}{late}",
                    solicitation.answer,
                    files.get(("s", solicitation.pk), []),
                )
            )
    for message in candidature.messages.select_related("author"):
        entries.append(
            Entry(
                message.sent_at,
                message.from_agency,
                _name(message.author),
                "Message de l'agence" if message.from_agency else "Message de l'éditeur",
                message.body,
                files.get(("m", message.pk), []),
            )
        )
    return sorted(entries, key=lambda entry: entry.at)
