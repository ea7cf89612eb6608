"""The evidence panels of the candidature page (candidatures/detail.html, through
core.page_panels): the « Preuves » button and the progress per chapter, from the
acceptance of the administrative dossier until the instruction ends."""

from __future__ import annotations

from django.http import HttpRequest

from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature

from .expected import chapter_progress, expected_items

EVIDENCE_VISIBLE = {
    S.ADMIN_ACCEPTED,
    S.EVIDENCE_IN_PROGRESS,
    S.EVIDENCE_COMPLETE,
    S.IN_INSTRUCTION,
    S.AWAITING_EDITOR,
    S.INSTRUCTED,
}


def evidence_button(request: HttpRequest, candidature: Candidature) -> dict | None:
    return {} if candidature.status in EVIDENCE_VISIBLE else None


def evidence_progress(request: HttpRequest, candidature: Candidature) -> dict | None:
    if candidature.status not in EVIDENCE_VISIBLE:
        return None
    progress = chapter_progress(candidature, expected_items(candidature))
    return {"progress": progress} if progress else None
