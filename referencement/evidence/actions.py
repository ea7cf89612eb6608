"""Every change of the evidence dossier (STYLE §2): deposits (new versions, never
overwriting), chapter and dossier submission, equivalence. Role, state and calendar are
checked; the audit row is written in the same transaction; the conformity check is queued
on commit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from referencement.audit.actions import record
from referencement.candidatures import rules
from referencement.candidatures.access import require_editor_of
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature
from referencement.candidatures.transitions import change_status
from referencement.catalog import calendar
from referencement.catalog.choices import QueueBasis
from referencement.core.errors import Conflict
from referencement.core.locking import for_update, lock
from referencement.files.storage import store_blob
from referencement.lib.blobstore import PendingBlob
from referencement.lib.french import code_list

from .checks import checkable_kind
from .choices import ConformityStatus
from .equivalence import equivalence_check
from .expected import ExpectedItem, chapter_progress, expected_items, find_item
from .models import ChapterSubmission, Evidence, EvidenceVersion
from .rules import DEPOSIT_STATUSES, deposit_refusal, equivalence_unavailable


def _evidence_for(candidature: Candidature, item: ExpectedItem) -> Evidence:
    evidence, _ = Evidence.objects.get_or_create(
        candidature=candidature, **{item.evidence_field: item.target_id}
    )
    return evidence


def _item(candidature: Candidature, code: str) -> ExpectedItem:
    item = find_item(candidature, code)
    if item is None:
        raise ValidationError({"item": f"Preuve attendue inconnue pour ce dossier : « {code} »."})
    return item


@transaction.atomic
def deposit(
    candidature: Candidature,
    code: str,
    *,
    actor,
    pending: PendingBlob | None = None,
    filename: str = "",
    text: str = "",
) -> EvidenceVersion:
    """A new version of an expected item: a file and/or a text (e.g. a test execution ID)."""
    lock(candidature)
    require_editor_of(actor, candidature)
    refusal = deposit_refusal(candidature)
    if refusal:
        raise Conflict(refusal)
    if pending is None and not text.strip():
        raise ValidationError({"file": "Déposez un fichier ou saisissez un texte."})
    item = _item(candidature, code)
    refusal = deposit_refusal(candidature, item)
    if refusal:
        raise Conflict(refusal)
    evidence = for_update(Evidence.objects).get(pk=_evidence_for(candidature, item).pk)
    number = (evidence.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    checked = pending is not None and bool(checkable_kind(pending.head, filename))
    blob = store_blob(pending) if pending is not None else None
    version = EvidenceVersion.objects.create(
        evidence=evidence,
        number=number,
        blob=blob,
        filename=filename if blob else "",
        text=text.strip(),
        deposited_by=actor,
        deposited_at=calendar.now(),
        conformity_status=ConformityStatus.PENDING if checked else ConformityStatus.NOT_APPLICABLE,
    )
    record(
        "evidence.deposited",
        actor=actor,
        subject=candidature,
        new={
            "item": item.code,
            "version": number,
            "sha256": blob.sha256 if blob else None,
            "filename": version.filename,
            "text": bool(version.text),
        },
    )
    if candidature.status == S.ADMIN_ACCEPTED:
        change_status(candidature, S.EVIDENCE_IN_PROGRESS, actor=actor)
    if checked:
        from .tasks import check_conformity

        transaction.on_commit(lambda: check_conformity.enqueue(version.pk))
    return version


# 001 §4.4, 003 §4.4: chapters are submitted one by one and instructed as they come; the
# later ones join the instruction already started (never after Date 2).
CHAPTER_STATUSES = frozenset(
    {S.ADMIN_ACCEPTED, S.EVIDENCE_IN_PROGRESS, S.IN_INSTRUCTION, S.AWAITING_EDITOR}
)


def _missing_message(missing: list[ExpectedItem]) -> str:
    return f"Preuves manquantes : {code_list([item.code for item in missing])}."


def _enter_queue(candidature: Candidature, at) -> None:
    if candidature.queue_entered_at is None:
        candidature.queue_entered_at = at
        candidature.save(update_fields=["queue_entered_at", "updated_at"])


@transaction.atomic
def submit_chapter(candidature: Candidature, chapter_code: str, *, actor) -> ChapterSubmission:
    """001 §4.4 / 003 §4.4: instruction follows the order of reception of a complete chapter;
    the first complete chapter places the candidature in the queue."""
    lock(candidature)
    require_editor_of(actor, candidature)
    if candidature.dispositif.queue_basis != QueueBasis.CHAPTER:
        # 004 §4.3: « Le dépôt des preuves se fait en une fois ».
        raise Conflict("Pour ce dispositif, le dossier de preuves se soumet en une seule fois.")
    if candidature.status not in CHAPTER_STATUSES:
        raise Conflict("Aucun chapitre ne peut être soumis dans l'état actuel de la candidature.")
    refusal = rules.evidence_phase_refusal(candidature)
    if refusal:
        raise Conflict(refusal)
    progress = next(
        (p for p in chapter_progress(candidature) if p.chapter and p.code == chapter_code), None
    )
    if progress is None:
        raise ValidationError(
            {"chapter": f"Chapitre inconnu pour ce dossier : « {chapter_code} »."}
        )
    if progress.submitted_at is not None:
        raise Conflict(f"Le chapitre « {progress.title} » a déjà été soumis.")
    if not progress.complete:
        raise ValidationError({"chapter": _missing_message(progress.missing)})
    now = calendar.now()
    submission = ChapterSubmission.objects.create(
        candidature=candidature, chapter=progress.chapter, submitted_by=actor, submitted_at=now
    )
    _enter_queue(candidature, now)
    record(
        "evidence.chapter_submitted",
        actor=actor,
        subject=candidature,
        new={"chapter": progress.code, "queue_entered_at": candidature.queue_entered_at},
    )
    return submission


@transaction.atomic
def submit_evidence_dossier(candidature: Candidature, *, actor) -> None:
    """001 §4.4: the complete evidence dossier's date is its first submission, not after
    Date 2 (funded). 004 §4.4: for a per-dossier queue, this places it in the queue."""
    lock(candidature)
    require_editor_of(actor, candidature)
    if candidature.status != S.EVIDENCE_IN_PROGRESS:
        raise Conflict("Le dossier de preuves ne peut pas être soumis dans l'état actuel.")
    refusal = rules.evidence_phase_refusal(candidature)
    if refusal:
        raise Conflict(refusal)
    items = expected_items(candidature)
    missing = [item for item in items if item.missing]
    if missing:
        raise ValidationError({"evidence": _missing_message(missing)})
    now = calendar.now()
    for progress in chapter_progress(candidature, items):
        if progress.chapter is not None and progress.submitted_at is None:
            ChapterSubmission.objects.create(
                candidature=candidature,
                chapter=progress.chapter,
                submitted_by=actor,
                submitted_at=now,
            )
    if candidature.evidence_submitted_at is None:
        candidature.evidence_submitted_at = now
        candidature.save(update_fields=["evidence_submitted_at", "updated_at"])
    _enter_queue(candidature, now)
    change_status(candidature, S.EVIDENCE_COMPLETE, actor=actor)


@transaction.atomic
def declare_equivalence(candidature: Candidature, code: str, *, actor) -> Evidence:
    """001 §4.1: evidence already validated in a previous referencing is not re-deposited."""
    lock(candidature)
    require_editor_of(actor, candidature)
    unavailable = equivalence_unavailable(candidature.dispositif)
    if unavailable:
        raise Conflict(unavailable)
    if not candidature.previous_referencing_number:
        raise Conflict(
            "Indiquez d'abord le numéro de référencement précédent dans le dossier administratif."
        )
    if candidature.status not in DEPOSIT_STATUSES:
        raise Conflict("Le dépôt des preuves n'est pas ouvert pour cette candidature.")
    item = _item(candidature, code)
    evidence = _evidence_for(candidature, item)
    if evidence.reopened_at is not None:
        # Issue 14: a reopened item awaits a new deposit; the earlier one is kept for reference.
        raise Conflict(
            f"La preuve {evidence.code} est à déposer de nouveau : l'équivalence ne s'applique pas."
        )
    refusal = equivalence_check(candidature, item, candidature.previous_referencing_number)
    if refusal:
        raise Conflict(refusal)
    evidence.equivalence = True
    evidence.equivalence_reference = candidature.previous_referencing_number
    evidence.equivalence_verdict = ""
    evidence.save(update_fields=["equivalence", "equivalence_reference", "equivalence_verdict"])
    record(
        "evidence.equivalence_declared",
        actor=actor,
        subject=candidature,
        new={"item": evidence.code, "reference": evidence.equivalence_reference},
    )
    return evidence


@transaction.atomic
def demand_evidence(evidence: Evidence, *, actor) -> None:
    """001 §4.1: « l'ANS se réserve le droit d'exiger le dépôt de certaines preuves »."""
    if not getattr(actor, "is_agency_staff", False):
        raise PermissionDenied("Seule l'agence peut exiger une preuve couverte par l'équivalence.")
    candidature = lock(evidence.candidature)
    lock(evidence)
    if not evidence.equivalence:
        raise Conflict("Cette preuve n'est pas couverte par une équivalence.")
    if evidence.demanded_by_agency:
        raise Conflict("Le dépôt de cette preuve est déjà exigé.")
    evidence.demanded_by_agency = True
    evidence.save(update_fields=["demanded_by_agency"])
    if candidature.status == S.EVIDENCE_COMPLETE and not evidence.versions.exists():
        change_status(
            candidature,
            S.EVIDENCE_IN_PROGRESS,
            actor=actor,
            reason=f"Preuve {evidence.code} exigée",
        )
    record("evidence.demanded", actor=actor, subject=candidature, new={"item": evidence.code})
