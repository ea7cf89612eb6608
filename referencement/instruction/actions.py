"""State changes of the instruction (001 §4.4, 003 §4.4, 004 §4.4). Each action checks the
actor and the dispositif's rules, runs in one transaction, writes its audit rows (through
`change_status` for status changes) and notifies the editor on commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from referencement.accounts.interests import recusal_refusal
from referencement.audit.actions import record
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.choices import SolicitationPhase, SolicitationStatus
from referencement.candidatures.exchange_actions import Upload, attach_files
from referencement.candidatures.models import Candidature, Solicitation
from referencement.candidatures.transitions import change_status
from referencement.catalog.calendar import format_instant, now
from referencement.core.locking import for_update, lock
from referencement.evidence.choices import EquivalenceVerdict
from referencement.evidence.models import Evidence
from referencement.notifications.actions import notify_editor

from .choices import VerdictValue
from .field_test_queries import field_test_refusal, proposal_invitation
from .models import ClockPeriod, InstructionRecord, OpenedVersion, Verdict
from .queries import unjudged_items
from .rules import (
    abandonment_due,
    can_start,
    exchanges_closed,
    incomplete_dossier_refusal,
    may_instruct,
    queue_guarantee_due,
    verdict_error,
    verdict_status_refusal,
)


def _editor_link(candidature: Candidature) -> str:
    return reverse("instruction:editor_candidature", args=[candidature.pk])


def _require_instructor(actor) -> None:
    if not may_instruct(actor):
        raise PermissionDenied


def _refuse_if_recused(actor, candidature: Candidature) -> None:
    """Issue 16 item 7: a member who declared interests with the editor does not instruct."""
    refusal = recusal_refusal(actor, candidature.editor)
    if refusal:
        raise PermissionDenied(refusal)


def locked_candidature(candidature: Candidature) -> Candidature:
    """The candidature reloaded and locked for the rest of the caller's transaction."""
    return lock(candidature)


def _locked_in_instruction(candidature: Candidature) -> Candidature:
    candidature = locked_candidature(candidature)
    if candidature.status != S.IN_INSTRUCTION:
        raise ValidationError("La candidature n'est pas en cours d'instruction.")
    return candidature


def _start_clock(candidature: Candidature) -> None:
    ClockPeriod.objects.create(candidature=candidature, started_at=now())


def _stop_clock(candidature: Candidature) -> None:
    ClockPeriod.objects.filter(candidature=candidature, ended_at__isnull=True).update(
        ended_at=now()
    )


@transaction.atomic
def start_instruction(candidature: Candidature, *, actor) -> Candidature:
    """The instructor takes the candidature from the queue and is assigned to it."""
    _require_instructor(actor)
    candidature = locked_candidature(candidature)
    _refuse_if_recused(actor, candidature)
    if not can_start(candidature):
        raise ValidationError("Cette candidature n'est pas en file d'instruction.")
    candidature.instructor = actor
    candidature.save(update_fields=["instructor", "updated_at"])
    change_status(candidature, S.IN_INSTRUCTION, actor=actor, extra={"instructor": actor.email})
    instruction, _ = InstructionRecord.objects.get_or_create(
        candidature=candidature, defaults={"started_at": now()}
    )
    _start_clock(candidature)
    started = f"L'agence a commencé l'instruction des preuves de « {candidature}»."
    invitation = proposal_invitation(candidature, instruction.started_at)
    notify_editor(
        candidature,
        kind="instruction.started",
        title=f"Instruction commencée — {candidature.solution_name}",
        body=f"{started} {invitation}" if invitation else started,
        link=_editor_link(candidature),
    )
    return candidature


@transaction.atomic
def give_verdict(
    version, value: str, comment: str = "", *, actor, seen: str | None = None
) -> Verdict:
    """Conforme / non conforme (with a comment the editor reads) on the latest version.
    `seen` is the verdict the instructor saw ("" for none): when another was recorded in the
    meantime, the new one is refused rather than silently replacing it (issue 16 item 1)."""
    _require_instructor(actor)
    candidature = locked_candidature(version.evidence.candidature)
    _refuse_if_recused(actor, candidature)
    refusal = verdict_status_refusal(candidature, version)
    if refusal:
        raise ValidationError(refusal)
    if version.evidence.versions.filter(number__gt=version.number).exists():
        raise ValidationError("Une version plus récente de cette preuve a été déposée.")
    error = verdict_error(version, value, comment, now())
    if error:
        raise ValidationError(error)
    previous = Verdict.objects.filter(version=version).first()
    if seen is not None and seen != (previous.value if previous else ""):
        raise ValidationError(
            "Un autre avis a été enregistré entre-temps sur cette preuve : "
            "relisez-le avant de le modifier."
        )
    verdict, _ = Verdict.objects.update_or_create(
        version=version,
        defaults={
            "value": value,
            "comment": comment.strip(),
            "decided_by": actor,
            "decided_at": now(),
        },
    )
    record(
        "instruction.verdict",
        actor=actor,
        subject=version,
        old={"value": previous.value} if previous else None,
        new={"value": value, "comment": verdict.comment},
    )
    if value == VerdictValue.NON_CONFORME:
        notify_editor(
            candidature,
            kind="instruction.non_conforme",
            title=f"Preuve non conforme — {version.evidence}",
            body=f"La preuve {version} est jugée non conforme : {verdict.comment}",
            link=_editor_link(candidature),
        )
    return verdict


@transaction.atomic
def judge_equivalence(evidence, confirmed: bool, comment: str = "", *, actor):
    """003 §3.1: the instructor confirms or refuses each equivalence claim like a verdict;
    refused, the evidence is expected again from the editor."""
    _require_instructor(actor)
    candidature = _locked_in_instruction(evidence.candidature)
    evidence = for_update(Evidence.objects).get(pk=evidence.pk)
    if not evidence.equivalence:
        raise ValidationError("Aucune équivalence n'est revendiquée pour cette preuve.")
    if not confirmed and not comment.strip():
        raise ValidationError("Un refus d'équivalence doit être motivé : l'éditeur le lit.")
    old = evidence.equivalence_verdict
    evidence.equivalence_verdict = (
        EquivalenceVerdict.CONFIRMED if confirmed else EquivalenceVerdict.REFUSED
    )
    evidence.equivalence_comment = comment.strip()
    evidence.save(update_fields=["equivalence_verdict", "equivalence_comment"])
    record(
        "instruction.equivalence_judged",
        actor=actor,
        subject=candidature,
        old={"item": evidence.code, "verdict": old},
        new={"item": evidence.code, "verdict": evidence.equivalence_verdict},
    )
    if not confirmed:
        notify_editor(
            candidature,
            kind="instruction.equivalence_refused",
            title=f"Équivalence refusée — {evidence.code}",
            body=f"L'équivalence revendiquée pour {evidence.code} est refusée : {comment.strip()}",
            link=_editor_link(candidature),
        )
    return evidence


def record_opening(version, *, actor) -> None:
    """An agency user opened a deposited version (the download itself is audited by the
    evidence files' view); the first opening per user is kept."""
    if getattr(actor, "is_agency_staff", False):
        OpenedVersion.objects.get_or_create(version=version, opened_by=actor)


@transaction.atomic
def judge_chapter_conforme(candidature: Candidature, versions, *, actor) -> int:
    """« Tout le chapitre conforme » (issue 10 item 3): one verdict per version, all in one
    transaction; the caller passes only versions the workbench allows in bulk."""
    _require_instructor(actor)
    versions = list(versions)
    if not versions:
        raise ValidationError("Aucune preuve de ce chapitre ne peut être jugée en bloc.")
    for version in versions:
        if version.evidence.candidature_id != candidature.pk:
            raise PermissionDenied
        # Unjudged when the page was shown: a colleague's verdict since then is kept.
        give_verdict(version, VerdictValue.CONFORME, actor=actor, seen="")
    return len(versions)


@transaction.atomic
def ask_solicitation(candidature: Candidature, question: str, *, actor) -> Solicitation:
    """A demande de complément: the clock stops until the editor answers (004 §4.4)."""
    _require_instructor(actor)
    candidature = _locked_in_instruction(candidature)
    _refuse_if_recused(actor, candidature)
    if exchanges_closed(candidature.dispositif):
        raise ValidationError(
            "Les échanges avec l'éditeur sont clos depuis la Date 3 : finalisez l'instruction."
        )
    if not question.strip():
        raise ValidationError("La demande ne peut pas être vide.")
    asked_at = now()
    dispositif = candidature.dispositif
    solicitation = Solicitation.objects.create(
        candidature=candidature,
        phase=SolicitationPhase.INSTRUCTION,
        question=question.strip(),
        asked_by=actor,
        asked_at=asked_at,
        due_at=queue_guarantee_due(dispositif, asked_at),
        abandon_at=abandonment_due(dispositif, asked_at),
        status_before=candidature.status,
    )
    _stop_clock(candidature)
    change_status(
        candidature, S.AWAITING_EDITOR, actor=actor, extra={"solicitation": solicitation.pk}
    )
    notify_editor(
        candidature,
        kind="instruction.solicitation",
        title=f"Demande de complément — {candidature.solution_name}",
        body=(
            f"{solicitation.question}\n\nRépondez avant le {format_instant(solicitation.due_at)} "
            "pour garder votre place dans la file d'instruction. Sans réponse avant le "
            f"{format_instant(solicitation.abandon_at)}, la candidature sera considérée "
            "comme abandonnée."
        ),
        deadline=solicitation.due_at,
        link=_editor_link(candidature),
    )
    return solicitation


@transaction.atomic
def require_redeposit(evidence, reason: str, *, actor) -> Solicitation:
    """Issue 14 item 5: the instructor requires an item carried forward from the referenced
    version to be deposited again, through a demande de complément (the clock stops until
    the editor answers); the item reopens, its inherited deposit kept for reference."""
    _require_instructor(actor)
    candidature = _locked_in_instruction(evidence.candidature)
    evidence = for_update(Evidence.objects).get(pk=evidence.pk, candidature=candidature)
    if evidence.inherited_from_id is None:
        raise ValidationError(
            "Seule une preuve reprise de la version précédente se redemande ainsi."
        )
    last = evidence.versions.aggregate(n=Max("number"))["n"] or 0
    if evidence.awaits_redeposit(last):
        raise ValidationError(f"La preuve {evidence.code} est déjà à déposer de nouveau.")
    if not reason.strip():
        raise ValidationError("Motivez la demande de nouveau dépôt.")
    solicitation = ask_solicitation(
        candidature,
        f"Preuve {evidence.code} reprise de la version précédente : déposez-en une nouvelle "
        f"version, puis répondez à cette demande. Motif : {reason.strip()}",
        actor=actor,
    )
    evidence.reopened_at = now()
    evidence.reopened_reason = f"demandée par l'instructeur : {reason.strip()}"
    evidence.reopened_after = last
    evidence.save(update_fields=["reopened_at", "reopened_reason", "reopened_after"])
    record(
        "instruction.redeposit_required",
        actor=actor,
        subject=candidature,
        new={"item": evidence.code, "solicitation": solicitation.pk, "reason": reason.strip()},
    )
    return solicitation


@transaction.atomic
def answer_solicitation(
    solicitation: Solicitation, answer: str, *, actor, uploads: Iterable[Upload] = ()
) -> Solicitation:
    """The editor answers; after the guarantee the candidature goes behind those waiting
    (001 §4.4: 10 days; 003 §4.4, 004 §4.4: 24 hours)."""
    candidature = locked_candidature(solicitation.candidature)
    if not getattr(actor, "is_editor", False) or actor.editor_id != candidature.editor_id:
        raise PermissionDenied
    solicitation = for_update(Solicitation.objects).get(pk=solicitation.pk)
    if solicitation.phase != SolicitationPhase.INSTRUCTION or solicitation.status != (
        SolicitationStatus.OPEN
    ):
        raise ValidationError("Cette demande n'attend plus de réponse.")
    if exchanges_closed(candidature.dispositif):
        raise ValidationError(
            "Les échanges avec l'agence sont clos depuis la Date 3 : aucune réponse "
            "complémentaire ne peut être instruite."
        )
    if not answer.strip():
        raise ValidationError("La réponse ne peut pas être vide.")
    answered_at = now()
    late = answered_at > solicitation.due_at
    solicitation.answer = answer.strip()
    solicitation.answered_by = actor
    solicitation.answered_at = answered_at
    solicitation.status = SolicitationStatus.LATE if late else SolicitationStatus.ANSWERED
    solicitation.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    attachments = attach_files(candidature, uploads, actor=actor, solicitation=solicitation)
    old_queue = candidature.queue_entered_at
    if late:
        # Shared contract with the candidatures app: the queue orders by queue_entered_at.
        candidature.queue_entered_at = answered_at
        candidature.save(update_fields=["queue_entered_at", "updated_at"])
    record(
        "instruction.solicitation_answered",
        actor=actor,
        subject=solicitation,
        old={"queue_entered_at": old_queue},
        new={
            "late": late,
            "queue_entered_at": candidature.queue_entered_at,
            "attachments": [a.blob.sha256 for a in attachments],
        },
    )
    change_status(candidature, S.IN_INSTRUCTION, actor=actor, extra={"late_answer": late})
    _start_clock(candidature)
    body = "Votre réponse a été transmise à l'instructeur."
    if late:
        body += (
            " Elle est arrivée après le délai de garantie : la candidature reprend place "
            "dans la file d'instruction derrière les dossiers en attente."
        )
    notify_editor(
        candidature,
        kind="instruction.answer_received",
        title=f"Réponse reçue — {candidature.solution_name}",
        body=body,
        link=_editor_link(candidature),
    )
    return solicitation


@transaction.atomic
def close_exchanges(candidature: Candidature, *, actor) -> Candidature:
    """After Date 3 the agency finalises the instruction: open demands are closed
    (001 §4.4, 004 §4.4 « L'ANS finalise alors l'instruction du dossier »)."""
    _require_instructor(actor)
    candidature = locked_candidature(candidature)
    if candidature.status != S.AWAITING_EDITOR or not exchanges_closed(candidature.dispositif):
        raise ValidationError("Les échanges ne sont pas clos pour cette candidature.")
    closed = Solicitation.objects.filter(
        candidature=candidature,
        phase=SolicitationPhase.INSTRUCTION,
        status=SolicitationStatus.OPEN,
    ).update(status=SolicitationStatus.CLOSED)
    change_status(candidature, S.IN_INSTRUCTION, actor=actor, reason="Date 3 dépassée")
    _start_clock(candidature)
    record("instruction.exchanges_closed", actor=actor, subject=candidature, new={"closed": closed})
    return candidature


@transaction.atomic
def complete_instruction(candidature: Candidature, *, proposal: str, actor) -> Candidature:
    """Every assessed evidence is conforme (or under CNDA derogation): the instruction ends
    and the collège takes the instructed dossier over, preparing the convention for
    signature (001 §4.5, 003 §4.5). The instructor's written proposal goes to the collège's
    agenda (issue 10 item 4)."""
    _require_instructor(actor)
    candidature = _locked_in_instruction(candidature)
    _refuse_if_recused(actor, candidature)
    refusal = incomplete_dossier_refusal(
        candidature.dispositif, [item.code for item in unjudged_items(candidature)]
    ) or field_test_refusal(candidature)
    if refusal:
        raise ValidationError(refusal)
    if not proposal.strip():
        raise ValidationError("Rédigez la proposition de l'instructeur au collège.")
    _stop_clock(candidature)
    InstructionRecord.objects.filter(candidature=candidature).update(
        finished_at=now(), proposal=proposal.strip()
    )
    change_status(candidature, S.INSTRUCTED, actor=actor, extra={"proposal": proposal.strip()})
    return candidature


@transaction.atomic
def abandon_silent(solicitation: Solicitation) -> bool:
    """001 §4.4: no answer within 30 days, the candidature is abandoned. Idempotent: a
    solicitation already handled is left alone."""
    # The candidature first, as the editor's answer locks it before the solicitation.
    candidature = locked_candidature(solicitation.candidature)
    claimed = Solicitation.objects.filter(
        pk=solicitation.pk, status=SolicitationStatus.OPEN, abandon_at__lte=now()
    ).update(status=SolicitationStatus.CLOSED)
    if not claimed:
        return False
    if candidature.status != S.AWAITING_EDITOR:
        return False
    change_status(
        candidature,
        S.ABANDONED,
        actor=None,
        reason="Aucune réponse à la demande de complément",
        extra={"solicitation": solicitation.pk},
    )
    notify_editor(
        candidature,
        kind="instruction.abandoned",
        title=f"Candidature abandonnée — {candidature.solution_name}",
        body=(
            f"Sans réponse à la demande de complément du {format_instant(solicitation.asked_at)}, "
            "la demande de référencement est considérée comme abandonnée."
        ),
        link=_editor_link(candidature),
    )
    return True


@transaction.atomic
def remind_silent(solicitation: Solicitation) -> bool:
    """A reminder e-mail before the abandonment, sent once."""
    claimed = Solicitation.objects.filter(
        pk=solicitation.pk, status=SolicitationStatus.OPEN, reminder_sent_at__isnull=True
    ).update(reminder_sent_at=now())
    if not claimed:
        return False
    candidature = solicitation.candidature
    record("instruction.reminder_sent", actor=None, subject=solicitation)
    notify_editor(
        candidature,
        kind="instruction.reminder",
        title=f"Rappel : demande de complément sans réponse — {candidature.solution_name}",
        body=(
            "L'agence attend toujours votre réponse. Sans réponse avant l'échéance, la "
            "candidature sera considérée comme abandonnée."
        ),
        deadline=solicitation.abandon_at,
        link=_editor_link(candidature),
    )
    return True
