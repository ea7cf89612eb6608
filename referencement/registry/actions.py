"""State changes of the registry: attestation on attribution, audits, withdrawal and
revocation (DESIGN §3–4, 001 §4.5, 004 §4.5)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from referencement.audit.actions import record
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.transitions import change_status
from referencement.catalog.calendar import format_instant, now
from referencement.core.locking import for_update, lock
from referencement.core.pdf import as_file, sha256
from referencement.instruction.queries import granted_profiles
from referencement.notifications.actions import notify_editor

from .choices import AttestationStatus, EventKind
from .documents import attestation_pdf
from .lookups import valid_attestation
from .models import Attestation, AttestationCounter, Audit, RegistryEvent
from .rules import attestation_number, may_manage, previous_attestation

END_KINDS = {EventKind.WITHDRAWN: S.WITHDRAWN, EventKind.REVOKED: S.REVOKED}
# Issue 12 item 5: an editor withdrawing a referenced candidature ends its referencing.
EDITOR_WITHDRAWAL_REASON = "Retrait à la demande de l'éditeur"


def allocate_sequence(dispositif, year: int) -> int:
    """Race-free: the counter row is locked (and created once, under a unique constraint)
    for the rest of the caller's transaction."""
    with transaction.atomic():
        counter, _ = AttestationCounter.objects.get_or_create(dispositif=dispositif, year=year)
        AttestationCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        return for_update(AttestationCounter.objects).get(pk=counter.pk).last


def verification_url(number: str) -> str:
    return settings.SITE_URL + reverse("registry:attestation", args=[number])


@transaction.atomic
def issue_attestation(candidature, *, decision, actor) -> Attestation:
    """On attribution: the attestation with its unique number, editor, solution, commercial
    names, technical version, profiles granted and date. Its PDF is rendered by a worker
    once this transaction commits (`render_attestation`)."""
    issued_at = now()
    dispositif = candidature.dispositif
    sequence = allocate_sequence(dispositif, issued_at.year)
    names = list(candidature.commercial_names.all())
    attestation = Attestation(
        number=attestation_number(dispositif.code, issued_at.year, sequence),
        candidature=candidature,
        dispositif=dispositif,
        year=issued_at.year,
        sequence=sequence,
        editor_name=candidature.editor.name,
        solution_name=candidature.solution_name,
        commercial_names=[n.name for n in names] or [candidature.solution_name],
        technical_version=", ".join(
            dict.fromkeys(n.technical_version for n in names if n.technical_version)
        ),
        profiles=[p.label for p in granted_profiles(candidature)],
        issued_at=issued_at,
        derives_from=previous_attestation(candidature),
    )
    attestation.save()
    RegistryEvent.objects.create(
        attestation=attestation,
        kind=EventKind.ISSUED,
        at=issued_at,
        actor=actor,
        detail=f"Décision du {decision.session}",
    )
    record(
        "registry.attestation_issued",
        actor=actor,
        subject=attestation,
        new={"number": attestation.number, "decision": decision.pk},
    )
    transaction.on_commit(lambda: _enqueue_rendering(attestation.pk))
    notify_editor(
        candidature,
        kind="registry.attestation",
        title=f"Attestation de référencement {attestation.number}",
        body=(
            f"« {candidature.solution_name} » est référencée au titre du dispositif "
            f"{dispositif.code} sous le numéro {attestation.number}. L'attestation est "
            "téléchargeable dans votre espace."
        ),
        link=reverse("registry:attestation_pdf", args=[attestation.number]),
    )
    return attestation


def _enqueue_rendering(attestation_id: int) -> None:
    from .tasks import render_attestation_pdf  # the task module imports this one

    render_attestation_pdf.enqueue(attestation_id)


@transaction.atomic
def render_attestation(attestation: Attestation) -> Attestation:
    """The attestation's PDF with a QR code to the verification page, rendered once (issue 15
    item 8: by a worker, so a web request never waits for WeasyPrint). Idempotent: a task run
    twice finds the PDF already there."""
    lock(attestation)
    if attestation.pdf:
        return attestation
    content = attestation_pdf(attestation, verification_url(attestation.number))
    attestation.pdf = as_file(content, f"{attestation.number}.pdf")
    attestation.sha256 = sha256(content)
    attestation.save(update_fields=["pdf", "sha256"])
    record(
        "registry.attestation_rendered",
        actor=None,
        subject=attestation,
        new={"number": attestation.number, "sha256": attestation.sha256},
    )
    return attestation


@transaction.atomic
def record_audit(
    attestation: Attestation, *, conducted_on, conclusion: str, summary: str, actor
) -> Audit:
    if not may_manage(actor):
        raise PermissionDenied
    if not summary.strip():
        raise ValidationError("Décrivez les constats de l'audit.")
    audit = Audit.objects.create(
        attestation=attestation,
        conducted_on=conducted_on,
        conclusion=conclusion,
        summary=summary.strip(),
        recorded_by=actor,
    )
    RegistryEvent.objects.create(
        attestation=attestation,
        kind=EventKind.AUDIT,
        at=now(),
        actor=actor,
        detail=f"Audit du {conducted_on:%d/%m/%Y} : {audit.get_conclusion_display()}",
    )
    record(
        "registry.audit",
        actor=actor,
        subject=attestation,
        new={"conclusion": conclusion, "on": conducted_on},
    )
    notify_editor(
        attestation.candidature,
        kind="registry.audit",
        title=f"Audit de {attestation.solution_name}",
        body=f"Un audit du {conducted_on:%d/%m/%Y} a été enregistré : {audit.get_conclusion_display()}.\n\n{audit.summary}",
    )
    return audit


@transaction.atomic
def end_referencing(
    attestation: Attestation, *, kind: str, reason: str, effective_at=None, actor
) -> Attestation:
    """Withdrawal or revocation, with reasons and date; the registry keeps the history."""
    if not may_manage(actor):
        raise PermissionDenied
    if kind not in END_KINDS:
        raise ValidationError("Type de fin de référencement inconnu.")
    return _end(attestation, kind, reason, effective_at, S(END_KINDS[kind]), actor=actor)


@transaction.atomic
def withdraw_at_editor_request(candidature, *, actor) -> Attestation:
    """The editor withdraws a referenced candidature: its attestation ends the same day,
    « retirée à la demande de l'éditeur », in the public history and the registry."""
    attestation = valid_attestation(candidature)
    if attestation is None:
        raise ValidationError("Aucune attestation valide à retirer pour cette candidature.")
    return _end(
        attestation,
        EventKind.EDITOR_WITHDRAWN,
        EDITOR_WITHDRAWAL_REASON,
        None,
        S.WITHDRAWN,
        actor=actor,
    )


def _end(attestation, kind, reason, effective_at, candidature_status, *, actor) -> Attestation:
    # The candidature first, as every action that changes it locks it before its rows.
    lock(attestation.candidature)
    lock(attestation)
    if attestation.status != AttestationStatus.VALID:
        raise ValidationError("Ce référencement a déjà pris fin.")
    if not reason.strip():
        raise ValidationError("Le motif est obligatoire.")
    effective_at = effective_at or now()
    if effective_at < attestation.issued_at:
        raise ValidationError("La date de fin ne peut précéder la délivrance de l'attestation.")
    attestation.status = AttestationStatus(kind)
    attestation.ended_at = effective_at
    attestation.end_reason = reason.strip()
    attestation.save(update_fields=["status", "ended_at", "end_reason"])
    RegistryEvent.objects.create(
        attestation=attestation,
        kind=kind,
        at=effective_at,
        actor=actor,
        detail=attestation.end_reason,
    )
    change_status(
        attestation.candidature,
        candidature_status,
        actor=actor,
        reason=attestation.end_reason,
        extra={"attestation": attestation.number, "effective_at": effective_at.isoformat()},
    )
    label = EventKind(kind).label
    notify_editor(
        attestation.candidature,
        kind=f"registry.{kind}",
        title=f"{label} — {attestation.number}",
        body=f"{label} à compter du {format_instant(effective_at)}.\n\nMotif : {attestation.end_reason}",
        deadline=effective_at,
    )
    return attestation
