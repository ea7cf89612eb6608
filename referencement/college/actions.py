"""State changes of the convention and the collège (001 §4.5, 003 §4.5, 004 §4.5)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from referencement.accounts.models import Editor
from referencement.accounts.rules import is_legal_representative
from referencement.accounts.second_factor import confirm_second_factor
from referencement.audit.actions import record
from referencement.candidatures.access import require_editor_of
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature
from referencement.candidatures.transitions import change_status
from referencement.catalog.calendar import add_delay, format_instant, now
from referencement.catalog.choices import CollegeOutcome
from referencement.core.locking import lock
from referencement.core.pdf import as_file, sha256
from referencement.instruction.queries import under_derogation
from referencement.instruction.rules import cnda_refusal
from referencement.lib.french import plural
from referencement.notifications.actions import notify_editor

from .choices import SessionStatus
from .documents import convention_pdf, minutes_pdf
from .models import (
    AgendaItem,
    Attendance,
    CollegeSession,
    Convention,
    Decision,
    InterestDeclaration,
    Reserve,
)
from .rules import (
    COUNTERSIGNABLE,
    GRANTING,
    OUTCOME_STATUS,
    application_draft_refusal,
    attendance_refusal,
    has_signed_convention,
    lift_refusal,
    outcome_error,
    redeposit_allowed,
    signature_refusal,
    sitting_not_yet_held,
    sitting_unheld,
    split_reserves,
)
from .seating import (
    college_members,
    may_run_sessions,
    may_sit,
    second_signature_refusal,
    signer_refusal,
    sitting_signer_refusal,
)
from .sessions import ready_for_agenda
from .terms import terms_fingerprint


def _link(candidature: Candidature) -> str:
    return reverse("college:editor_outcome", args=[candidature.pk])


def _write_draft(candidature: Candidature, *, actor, at_application: bool) -> Convention:
    """The draft from the dispositif's template, filled with the candidature's data, with
    the fingerprint of the terms it carries (college.terms); any earlier signature goes."""
    content = convention_pdf(candidature)
    convention, _ = Convention.objects.update_or_create(
        candidature=candidature,
        defaults={
            "generated_at": now(),
            "draft": as_file(content, f"convention-{candidature.pk}.pdf"),
            "draft_sha256": sha256(content),
            "terms_sha256": terms_fingerprint(candidature),
            "signed_at": None,
            "signed_by": None,
            "signer_name": "",
            "signed": "",
            "signed_sha256": "",
        },
    )
    record(
        "college.convention_prepared",
        actor=actor,
        subject=convention,
        new={"sha256": convention.draft_sha256, "at_application": at_application},
    )
    return convention


def prepare_convention(candidature: Candidature, *, actor) -> Convention:
    """001 §4.5: made when the dossier becomes instructed, in the same transaction
    (`takeover.take_over_instructed`)."""
    convention = _write_draft(candidature, actor=actor, at_application=False)
    notify_editor(
        candidature,
        kind="college.convention_ready",
        title=f"Convention à signer — {candidature.solution_name}",
        body=(
            "Toutes vos preuves sont conformes. Le représentant légal de l'éditeur peut "
            "signer la convention de référencement dans la plateforme ; la signature est un "
            "préalable au passage en collège."
        ),
        link=_link(candidature),
    )
    return convention


@transaction.atomic
def prepare_application_convention(candidature: Candidature, *, actor) -> Convention:
    """004 §4.2: the convention is part of the application dossier; a member of the editor
    generates its draft from the completed dossier (again after a change of the dossier
    voided the signature), for the legal representative to sign."""
    candidature = lock(candidature)
    require_editor_of(actor, candidature)
    refusal = application_draft_refusal(candidature)
    if refusal:
        raise ValidationError(refusal)
    return _write_draft(candidature, actor=actor, at_application=True)


def carry_application_convention(candidature: Candidature, *, actor) -> None:
    """004 §4.2: signed with the application, the convention is not signed a second time:
    the instructed dossier goes straight to the collège (`takeover.take_over_instructed`)."""
    change_status(
        candidature,
        S.CONVENTION_SIGNED,
        actor=actor,
        extra={"convention": "signée avec le dossier de candidature (004 §4.2)"},
    )


def _save_signed_copy(convention: Convention, candidature: Candidature, suffix: str) -> None:
    content = convention_pdf(candidature, convention=convention)
    convention.signed = as_file(content, f"convention-{candidature.pk}-{suffix}.pdf")
    convention.signed_sha256 = sha256(content)
    convention.save()


def sign_convention(convention: Convention, *, actor, otp_token: str) -> Convention:
    """Electronic signature: the legal representative re-proves their identity with the
    second factor; the signed PDF's SHA-256 goes into the audit chain."""
    editor = Editor.objects.get(pk=convention.candidature.editor_id)
    if not is_legal_representative(actor, editor):
        raise PermissionDenied
    # In its own transaction: a wrong code counts towards the lock even though the
    # signature is refused.
    confirm_second_factor(actor, otp_token)
    return _sign_convention(convention, actor=actor)


@transaction.atomic
def _sign_convention(convention: Convention, *, actor) -> Convention:
    candidature = lock(convention.candidature)
    if not is_legal_representative(actor, candidature.editor):
        raise PermissionDenied
    convention = lock(convention)
    refusal = signature_refusal(candidature, convention)
    if refusal:
        raise ValidationError(refusal)
    signed_at = now()
    convention.signed_at = signed_at
    convention.signed_by = actor
    convention.signer_name = candidature.editor.legal_representative
    _save_signed_copy(convention, candidature, "signee")
    # A convention prepared after the instruction moves the dossier on (001 §4.5).
    at_application = candidature.status != S.INSTRUCTED
    record(
        "college.convention_signed",
        actor=actor,
        subject=convention,
        new={
            "signed_at": signed_at,
            "signer": convention.signer_name,
            "draft_sha256": convention.draft_sha256,
            "signed_sha256": convention.signed_sha256,
            "terms_sha256": convention.terms_sha256,
            "second_factor": True,
            "at_application": at_application,
        },
    )
    if at_application:
        # 004 §4.2: an element of the dossier; the dossier stays where it is.
        return convention
    change_status(candidature, S.CONVENTION_SIGNED, actor=actor)
    notify_editor(
        candidature,
        kind="college.convention_signed",
        title=f"Convention signée — {candidature.solution_name}",
        body=(
            f"La convention a été signée le {format_instant(signed_at)} par "
            f"{convention.signer_name}. Le dossier sera présenté à un prochain collège."
        ),
        link=_link(candidature),
    )
    return convention


def countersign_convention(convention: Convention, *, actor, otp_token: str) -> Convention:
    """001 §4.5: the logo is used once the convention is signed « par les deux parties
    (Editeur et ANS) »: an agency admin countersigns after a fresh second-factor check,
    before the collège decides (issue 16 item 7). The signed PDF gains the agency's block."""
    if not getattr(actor, "is_agency_admin", False):
        raise PermissionDenied
    confirm_second_factor(actor, otp_token)  # its own transaction, as for the signature
    return _countersign_convention(convention, actor=actor)


@transaction.atomic
def _countersign_convention(convention: Convention, *, actor) -> Convention:
    candidature = lock(convention.candidature)
    convention = lock(convention)
    if not convention.is_signed or convention.is_countersigned:
        raise ValidationError("Cette convention n'est pas à contresigner.")
    if candidature.status not in COUNTERSIGNABLE:
        # A convention signed with the application (004 §4.2) waits for the instruction.
        raise ValidationError(
            "L'agence contresigne la convention quand le dossier est présenté au collège."
        )
    convention.countersigned_at = now()
    convention.countersigned_by = actor
    _save_signed_copy(convention, candidature, "contresignee")
    record(
        "college.convention_countersigned",
        actor=actor,
        subject=convention,
        new={
            "countersigned_at": convention.countersigned_at,
            "signed_sha256": convention.signed_sha256,
            "second_factor": True,
        },
    )
    return convention


def _require_staff(actor) -> None:
    if not getattr(actor, "is_agency_staff", False):
        raise PermissionDenied


@transaction.atomic
def add_to_agenda(session: CollegeSession, candidature: Candidature, *, actor) -> AgendaItem:
    _require_staff(actor)
    candidature = lock(candidature)
    lock(session)
    if not session.is_open:
        raise ValidationError("Cette séance est close.")
    if not has_signed_convention(candidature):
        raise ValidationError("La convention doit être signée avant l'inscription au collège.")
    if candidature.status != S.CONVENTION_SIGNED:
        raise ValidationError(
            f"Ce dossier ne peut pas être inscrit (état : {candidature.get_status_display()})."
        )
    item = AgendaItem.objects.create(session=session, candidature=candidature)
    change_status(candidature, S.IN_COLLEGE, actor=actor, extra={"session": session.pk})
    notify_editor(
        candidature,
        kind="college.scheduled",
        title=f"Passage en collège — {candidature.solution_name}",
        body=f"Votre dossier est inscrit à l'ordre du jour du {session}.",
        deadline=session.sits_at,
        link=_link(candidature),
    )
    return item


def build_agenda(session: CollegeSession, *, actor) -> int:
    """Every candidature ready for decision (convention signed) goes on the agenda. One
    placed meanwhile (by another build of an agenda) is skipped and the build goes on."""
    _require_staff(actor)
    return sum(1 for c in ready_for_agenda() if _add_if_still_ready(session, c, actor=actor))


@transaction.atomic
def _add_if_still_ready(session: CollegeSession, candidature: Candidature, *, actor) -> bool:
    candidature = lock(candidature)
    if candidature.status != S.CONVENTION_SIGNED:
        return False
    add_to_agenda(session, candidature, actor=actor)
    return True


def _locked_open_session(session: CollegeSession) -> CollegeSession:
    session = lock(session)
    if not session.is_open:
        raise ValidationError("Cette séance est close.")
    return session


@transaction.atomic
def record_attendance(session: CollegeSession, present_ids: set[int], *, actor) -> None:
    """Issue 16 item 7: every member of the collège is recorded present or absent."""
    if not may_run_sessions(actor):
        raise PermissionDenied
    session = _locked_open_session(session)
    refusal = attendance_refusal(session)
    if refusal:
        raise ValidationError(refusal)
    attendance = {}
    for member in college_members():
        present = member.pk in present_ids
        Attendance.objects.update_or_create(
            session=session,
            member=member,
            defaults={"present": present, "recorded_by": actor, "recorded_at": now()},
        )
        attendance[member.email] = present
    record("college.attendance", actor=actor, subject=session, new=attendance)


@transaction.atomic
def declare_interests(*, actor, editors) -> InterestDeclaration:
    """« Déclaration d'intérêts », renewed yearly; it recuses its author from the dossiers of
    the editors it names (issue 16 item 7)."""
    if not getattr(actor, "is_agency_staff", False):
        raise PermissionDenied
    declaration = InterestDeclaration.objects.create(member=actor, declared_at=now())
    declaration.editors.set(editors)
    record(
        "college.interests_declared",
        actor=actor,
        subject=declaration,
        new={"editors": sorted(editor.name for editor in editors)},
    )
    return declaration


def _decision_refusal(session: CollegeSession, candidature: Candidature, actor) -> str | None:
    if not has_signed_convention(candidature):
        return "Décision impossible : la convention n'est pas signée."
    if not candidature.convention.is_countersigned:
        return "Décision impossible : la convention n'est pas encore contresignée par l'agence."
    if (
        candidature.status != S.IN_COLLEGE
        or not session.agenda.filter(candidature=candidature).exists()
    ):
        return "Ce dossier n'est pas à l'ordre du jour de cette séance."
    return sitting_not_yet_held(session, now()) or sitting_signer_refusal(
        session, candidature, actor, now()
    )


@transaction.atomic
def record_decision(
    session: CollegeSession, candidature: Candidature, outcome: str, reasons: str = "", *, actor
) -> Decision:
    """First signature: the decision is recorded; it takes effect when a second member
    present confirms it (`confirm_decision`, issue 16 item 7)."""
    if not may_sit(actor):
        raise PermissionDenied
    candidature = lock(candidature)
    session = _locked_open_session(session)
    error = _decision_refusal(session, candidature, actor) or outcome_error(
        candidature, outcome, reasons
    )
    if error:
        raise ValidationError(error)
    if session.decisions.filter(candidature=candidature).exists():
        raise ValidationError("Une décision est déjà enregistrée pour ce dossier.")
    decision = Decision.objects.create(
        session=session,
        candidature=candidature,
        outcome=outcome,
        reasons=reasons.strip(),
        decided_by=actor,
        decided_at=now(),
    )
    record(
        "college.decision_recorded",
        actor=actor,
        subject=candidature,
        new={"decision": decision.pk, "outcome": outcome, "session": session.pk},
    )
    return decision


@transaction.atomic
def confirm_decision(decision: Decision, *, actor) -> Decision:
    """Second signature, by another member present: the decision takes effect (status,
    reserves, notification, attestation)."""
    if not may_sit(actor):
        raise PermissionDenied
    candidature = lock(decision.candidature)
    decision = lock(decision)
    session = _locked_open_session(decision.session)
    if decision.is_confirmed:
        raise ValidationError("Cette décision est déjà confirmée.")
    error = second_signature_refusal(decision.decided_by, actor) or _decision_refusal(
        session, candidature, actor
    )
    if error:
        raise ValidationError(error)
    dispositif = candidature.dispositif
    outcome = decision.outcome
    decision.confirmed_by = actor
    decision.confirmed_at = now()
    if outcome == CollegeOutcome.RESERVES_NON_BLOQUANTES:
        # 004 §4.5: 4 weeks « à compter de la notification de la décision ».
        decision.fix_deadline = add_delay(
            decision.confirmed_at, dispositif.reserves_fix_delay, dispositif.reserves_fix_unit
        )
        Reserve.objects.bulk_create(
            Reserve(decision=decision, number=number, text=text)
            for number, text in enumerate(split_reserves(decision.reasons), start=1)
        )
    decision.redeposit_allowed = redeposit_allowed(dispositif, outcome)
    decision.save()
    status = OUTCOME_STATUS[outcome]
    if outcome in GRANTING:
        status = _granted_status(candidature)
    change_status(
        candidature,
        status,
        actor=actor,
        reason=decision.reasons,
        extra={
            "decision": decision.pk,
            "outcome": outcome,
            "recorded_by": decision.decided_by.email,
            "confirmed_by": actor.email,
        },
    )
    _notify_decision(decision)
    _notify_if_awaiting_cnda(candidature)
    return decision


@transaction.atomic
def withdraw_decision(decision: Decision, *, actor) -> None:
    """A recorded decision the collège does not confirm is withdrawn before it takes effect,
    by a member present at the sitting."""
    if not may_sit(actor):
        raise PermissionDenied
    decision = lock(decision)
    session = _locked_open_session(decision.session)
    if decision.is_confirmed:
        raise ValidationError("Une décision confirmée ne se retire pas.")
    if not session.attendance.filter(member=actor, present=True).exists():
        raise ValidationError("Vous n'êtes pas inscrit(e) présent(e) à cette séance.")
    record(
        "college.decision_withdrawn",
        actor=actor,
        subject=decision.candidature,
        old={"decision": decision.pk, "outcome": decision.outcome},
    )
    decision.delete()


def _granted_status(candidature: Candidature) -> str:
    """001 §4.4: attributed under the CNDA derogation, the attestation waits for the CNDA
    attestation."""
    return S.AWAITING_CNDA if under_derogation(candidature) else S.REFERENCED


def _notify_if_awaiting_cnda(candidature: Candidature) -> None:
    """A referenced dossier is taken over by the registry, which issues the attestation
    (`registry.takeover`); one awaiting the CNDA attestation is told what is missing."""
    if candidature.status == S.AWAITING_CNDA:
        notify_editor(
            candidature,
            kind="college.awaiting_cnda",
            title=f"Attestation CNDA attendue — {candidature.solution_name}",
            body=cnda_refusal(under_derogation(candidature)),
            link=_link(candidature),
        )


@transaction.atomic
def issue_after_cnda(candidature: Candidature, *, actor) -> Candidature:
    """The CNDA attestation deposited after the decision is judged conforme: the dossier is
    referenced and the registry issues its attestation (001 §4.4 « Elle reste obligatoire
    pour l'obtention du référencement »)."""
    if not getattr(actor, "is_agency_staff", False):
        raise PermissionDenied
    candidature = lock(candidature)
    if candidature.status != S.AWAITING_CNDA:
        raise ValidationError("Ce dossier n'attend pas d'attestation CNDA.")
    refusal = cnda_refusal(under_derogation(candidature))
    if refusal:
        raise ValidationError(refusal)
    change_status(candidature, S.REFERENCED, actor=actor, reason="Attestation CNDA jugée conforme")
    return candidature


def _notify_decision(decision: Decision) -> None:
    body = f"Le {decision.session} a rendu sa décision : {decision.get_outcome_display()}."
    if decision.reasons:
        body += f"\n\nMotifs : {decision.reasons}"
    if decision.fix_deadline:
        body += (
            "\n\nVous disposez de 4 semaines pour apporter les corrections demandées ; les "
            "réserves seront ensuite levées sans nouvelle candidature."
        )
    if decision.redeposit_allowed:
        body += "\n\nVous pouvez redéposer les preuves jugées non conformes avant la Date 3."
    elif decision.outcome == CollegeOutcome.RESERVES_BLOQUANTES:
        body += "\n\nPour obtenir le référencement, une nouvelle candidature est nécessaire."
    notify_editor(
        decision.candidature,
        kind="college.decision",
        title=f"Décision du collège — {decision.candidature.solution_name}",
        body=body,
        deadline=decision.fix_deadline,
        link=_link(decision.candidature),
    )


def _locked_lift(decision: Decision, actor) -> tuple[Candidature, Decision]:
    if not may_sit(actor):
        raise PermissionDenied
    candidature = lock(decision.candidature)
    decision = lock(decision)
    refusal = lift_refusal(decision) or signer_refusal(actor, candidature, now())
    if refusal:
        raise ValidationError(refusal)
    return candidature, decision


@transaction.atomic
def lift_reserves(decision: Decision, *, actor) -> Decision:
    """004 §4.5: simplified lifting, without a new candidature, judged on the corrections
    the editor deposited against each reserve and declared ready within the 4 weeks. A
    collège act (issue 16 item 7): one member proposes it, another confirms it."""
    candidature, decision = _locked_lift(decision, actor)
    if decision.lift_proposed_by_id:
        raise ValidationError(
            "La levée des réserves est déjà proposée : un autre membre la confirme."
        )
    decision.lift_proposed_by = actor
    decision.lift_proposed_at = now()
    decision.save(update_fields=["lift_proposed_by", "lift_proposed_at"])
    record("college.reserves_lift_proposed", actor=actor, subject=candidature)
    return decision


@transaction.atomic
def confirm_reserves_lift(decision: Decision, *, actor) -> Decision:
    """Second signature of the lifting: the referencing is granted."""
    candidature, decision = _locked_lift(decision, actor)
    if not decision.lift_proposed_by_id:
        raise ValidationError("Aucune levée des réserves n'est proposée.")
    refusal = second_signature_refusal(decision.lift_proposed_by, actor)
    if refusal:
        raise ValidationError(refusal)
    decision.reserves_lifted_at = now()
    decision.lift_confirmed_by = actor
    decision.save(update_fields=["reserves_lifted_at", "lift_confirmed_by"])
    change_status(
        candidature,
        _granted_status(candidature),
        actor=actor,
        reason="Réserves levées",
        extra={"proposed_by": decision.lift_proposed_by.email, "confirmed_by": actor.email},
    )
    _notify_if_awaiting_cnda(candidature)
    return decision


@transaction.atomic
def refuse_after_fix_window(decision: Decision) -> bool:
    """004 §4.5: corrections not made within 4 weeks, « sous peine de se voir refuser ».
    Corrections declared ready in time wait for the agency's judgement instead."""
    candidature = lock(decision.candidature)
    decision = lock(decision)
    if (
        candidature.status != S.RESERVES_TO_LIFT
        or now() <= decision.fix_deadline
        or decision.corrections_ready_at is not None
    ):
        return False
    change_status(candidature, S.REFUSED, actor=None, reason="Réserves non levées dans le délai")
    notify_editor(
        candidature,
        kind="college.reserves_expired",
        title=f"Référencement refusé — {candidature.solution_name}",
        body="Les réserves n'ont pas été levées dans le délai de 4 semaines.",
        link=_link(candidature),
    )
    return True


@transaction.atomic
def reopen_after_refusal(candidature: Candidature, *, actor) -> Candidature:
    """001 §4.5: refused before Date 3, the editor re-deposits the non-conform evidence."""
    candidature = lock(candidature)
    if not getattr(actor, "is_editor", False) or actor.editor_id != candidature.editor_id:
        raise PermissionDenied
    decision = candidature.decisions.confirmed().order_by("-decided_at").first()
    if candidature.status != S.REFUSED or not decision or not decision.redeposit_allowed:
        raise ValidationError("Le redépôt des preuves n'est pas possible pour ce dossier.")
    if not redeposit_allowed(candidature.dispositif, decision.outcome):
        raise ValidationError("La Date 3 est passée : le redépôt n'est plus possible.")
    change_status(candidature, S.EVIDENCE_IN_PROGRESS, actor=actor, reason="Redépôt des preuves")
    return candidature


@transaction.atomic
def close_session(session: CollegeSession, *, actor) -> CollegeSession:
    """The minutes of the session as a PDF, once every agenda item has a decision."""
    if not may_run_sessions(actor):
        raise PermissionDenied
    session = lock(session)
    if not session.is_open:
        raise ValidationError("Cette séance est déjà close.")
    pending = session.decisions.filter(confirmed_at__isnull=True).count()
    if pending:
        raise ValidationError(
            f"{plural(pending, 'décision attend', 'décisions attendent')} une confirmation : "
            "confirmez-les ou retirez-les avant de clore."
        )
    # Issue 16 item 7: a dossier without a decision (quorum not reached once recusals are
    # counted) is carried over to a later sitting.
    for item in session.agenda.exclude(candidature__in=session.decisions.values("candidature")):
        change_status(
            lock(item.candidature),
            S.CONVENTION_SIGNED,
            actor=actor,
            reason=f"Reporté : sans décision au {session}",
        )
    content = minutes_pdf(session)
    session.minutes = as_file(content, f"college-{session.sits_at:%Y-%m-%d}.pdf")
    session.minutes_sha256 = sha256(content)
    session.status = SessionStatus.CLOSED
    session.closed_at = now()
    session.save()
    record(
        "college.session_closed",
        actor=actor,
        subject=session,
        new={"decisions": session.decisions.count(), "minutes_sha256": session.minutes_sha256},
    )
    return session


@transaction.atomic
def mark_not_held(session: CollegeSession, *, actor=None) -> bool:
    """A past sitting with no dossier on its agenda is closed as « non tenue » (issue 10
    item 8), by the periodic sweep (actor None) or by hand. Idempotent: False when the
    session is not (or no longer) an open, past, empty sitting."""
    if actor is not None and not may_run_sessions(actor):
        raise PermissionDenied
    session = lock(session)
    if not sitting_unheld(session, now()):
        return False
    session.status = SessionStatus.NOT_HELD
    session.closed_at = now()
    session.save(update_fields=["status", "closed_at"])
    record(
        "college.session_not_held",
        actor=actor,
        subject=session,
        old={"status": SessionStatus.PLANNED},
        new={"status": SessionStatus.NOT_HELD},
    )
    return True
