"""Where a candidature stands and what its editor does next (issue 11 item 3): the phases
of the stepper, the « Prochaine étape » with its deadline and its button (disabled with
the reason when a date has closed it), and the agency's remarks with author and date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.urls import reverse

from referencement.catalog.calendar import phase_state
from referencement.catalog.choices import Phase

from . import rules
from .choices import CandidatureStatus as S
from .choices import SolicitationStatus
from .deadlines import Deadline, next_deadline
from .dossier_checks import dossier_checks
from .models import Candidature

# DESIGN §4 lifecycle read as the five phases an editor goes through (001 §4.3–§4.5).
STEPS = (
    ("Dossier administratif", {S.DRAFT, S.ADMIN_SUBMITTED, S.ADMIN_REJECTED}),
    ("Dépôt des preuves", {S.ADMIN_ACCEPTED, S.EVIDENCE_IN_PROGRESS, S.EVIDENCE_COMPLETE}),
    ("Instruction", {S.IN_INSTRUCTION, S.AWAITING_EDITOR, S.ABANDONED}),
    (
        "Convention et collège",
        {
            S.INSTRUCTED,
            S.CONVENTION_SIGNED,
            S.IN_COLLEGE,
            S.RESERVES_TO_LIFT,
            S.AWAITING_CNDA,
            S.REFUSED,
        },
    ),
    ("Référencement", {S.REFERENCED, S.REVOKED}),
)


@dataclass(frozen=True)
class Stepper:
    current: int
    total: int
    title: str
    next_title: str


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    post: bool = False
    disabled_reason: str = ""


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    deadline: Deadline | None = None
    action: Action | None = None


@dataclass(frozen=True)
class Remark:
    """A rejection reason, a reserve or a non-conformity, as the agency wrote it."""

    kind: str
    text: str
    author: str
    at: datetime
    subject: str = ""


def stepper(candidature: Candidature) -> Stepper | None:
    """The phase of the candidature among STEPS; None for a withdrawn one (any phase)."""
    for index, (title, statuses) in enumerate(STEPS):
        if candidature.status in statuses:
            following = STEPS[index + 1][0] if index + 1 < len(STEPS) else ""
            return Stepper(index + 1, len(STEPS), title, following)
    return None


def submit_closed_reason(candidature: Candidature) -> str:
    """Why « Soumettre le dossier administratif » cannot be used, said before any click
    (001 §4.3, 003 §4.2: the dossier is submitted before Date 1); empty while open."""
    state = phase_state(candidature.dispositif, Phase.ADMIN_DOSSIER)
    return "" if state.is_open else f"{state.reason}."


def _evidence_action(candidature: Candidature, label: str) -> Action:
    state = phase_state(candidature.dispositif, Phase.EVIDENCE)
    reason = "" if state.is_open else f"{state.reason}."
    return Action(label, reverse("evidence:evidence", args=[candidature.pk]), False, reason)


def _thread_action(candidature: Candidature) -> Action:
    return Action(
        "Répondre à la demande de complément",
        reverse("candidatures:thread", args=[candidature.pk]) + "#demande-ouverte",
    )


def _outcome_url(candidature: Candidature) -> str:
    return reverse("college:editor_outcome", args=[candidature.pk])


def _waiting_solicitation(candidature: Candidature) -> bool:
    return candidature.solicitations.filter(
        answered_at__isnull=True,
        status__in=[SolicitationStatus.OPEN, SolicitationStatus.LATE],
    ).exists()


# « Prochaine étape » given by an upper app while the agency instructs (issue 12 item 9: the
# field test session, instruction/field_test_queries.py), registered from its
# AppConfig.ready() so that this module imports no upper layer.
INSTRUCTION_STEPS: list[Callable[[Candidature], NextStep | None]] = []


def register_instruction_step(provider: Callable[[Candidature], NextStep | None]) -> None:
    if provider not in INSTRUCTION_STEPS:
        INSTRUCTION_STEPS.append(provider)


def _instruction_step(candidature: Candidature) -> NextStep | None:
    return next(filter(None, (provider(candidature) for provider in INSTRUCTION_STEPS)), None)


def awaiting_redeposit(candidature: Candidature) -> list[str]:
    """Codes of the reopened evidence items with no version deposited since (issue 14)."""
    rows = (
        candidature.evidence.filter(reopened_at__isnull=False)
        .annotate(last=Coalesce(Max("versions__number"), 0))
        .filter(last__lte=F("reopened_after"))
        .select_related("spec", "extra", "requirement")
    )
    return sorted(evidence.code for evidence in rows)


def next_step(candidature: Candidature) -> NextStep:
    """What the editor does next, by when, and the button that does it."""
    deadline = next_deadline(candidature)
    status = candidature.status
    pk = candidature.pk
    waiting = not candidature.is_final and _waiting_solicitation(candidature)
    redeposit = awaiting_redeposit(candidature) if waiting else []
    if redeposit:
        # Issue 14 item 5: the instructor required inherited items to be deposited again.
        return NextStep(
            "Déposer de nouveau les preuves demandées, puis répondre à l'agence",
            f"Preuves à déposer de nouveau : {', '.join(redeposit)}. Répondez ensuite à la "
            "demande de complément.",
            deadline,
            Action(
                "Déposer les preuves demandées",
                reverse("evidence:evidence", args=[pk]) + "?filtre=manquantes",
            ),
        )
    if waiting:
        return NextStep(
            "Répondre à la demande de complément de l'agence",
            "L'agence attend votre réponse ; vous pouvez y joindre des fichiers.",
            deadline,
            _thread_action(candidature),
        )
    charter = rules.charter_refusal(candidature.editor_id, candidature.dispositif)
    if status == S.DRAFT and charter:
        # Issue 12 item 8: a changed charter is accepted again before the dossier goes on.
        return NextStep(
            "Faire accepter la charte de référencement",
            charter,
            deadline,
            Action(
                "Lire la charte",
                reverse("candidatures:charter", args=[candidature.dispositif.code]),
            ),
        )
    if status == S.DRAFT:
        closed = submit_closed_reason(candidature)
        problems = rules.dossier_problems(candidature) if not closed else {}
        checks = {check.key: check for check in dossier_checks()}
        if set(problems) - set(checks):
            return NextStep(
                "Compléter le dossier administratif",
                "Renseignez les éléments obligatoires, puis soumettez le dossier à l'agence.",
                deadline,
                Action("Compléter le dossier", reverse("candidatures:dossier_edit", args=[pk])),
            )
        if problems:
            # Issue 12 item 10b: the last element is one an upper app owns (004 §4.2).
            check = checks[next(iter(problems))]
            return NextStep(
                check.step_title,
                check.step_text,
                deadline,
                Action(check.action_label, reverse(check.url_name, args=[pk])),
            )
        return NextStep(
            "Soumettre le dossier administratif",
            "Une fois soumis, l'agence vérifie la recevabilité du dossier.",
            deadline,
            Action(
                "Soumettre le dossier administratif",
                reverse("candidatures:dossier_submit", args=[pk]),
                post=True,
                disabled_reason=closed,
            ),
        )
    if status == S.ADMIN_SUBMITTED:
        return NextStep(
            "Examen du dossier administratif par l'agence",
            "Aucune action n'est attendue de votre part : l'agence vous écrira ici si elle a "
            "besoin d'un complément.",
            deadline,
        )
    if status in (S.ADMIN_ACCEPTED, S.EVIDENCE_IN_PROGRESS):
        return NextStep(
            "Déposer les preuves de conformité",
            "Déposez une preuve pour chaque exigence attendue, puis soumettez le dossier complet.",
            deadline,
            _evidence_action(candidature, "Déposer les preuves"),
        )
    if status in (S.EVIDENCE_COMPLETE, S.IN_INSTRUCTION):
        # A step with a button (a date to propose within its window) comes first; one that
        # only informs comes after the evidence to correct.
        instruction = _instruction_step(candidature)
        if instruction and instruction.action:
            return instruction
        if non_conformities(candidature):
            return NextStep(
                "Corriger les preuves jugées non conformes",
                "Déposez une nouvelle version des preuves signalées ci-dessous.",
                deadline,
                _evidence_action(candidature, "Corriger les preuves"),
            )
        if instruction:
            return instruction
        return NextStep(
            "Instruction des preuves par l'agence",
            "Aucune action n'est attendue de votre part : l'agence vous écrira ici si elle a "
            "besoin d'un complément.",
            deadline,
        )
    if status == S.INSTRUCTED:
        return NextStep(
            "Signer la convention de référencement",
            "Le représentant légal de l'éditeur signe la convention électroniquement.",
            deadline,
            Action("Voir et signer la convention", _outcome_url(candidature)),
        )
    if status in (S.CONVENTION_SIGNED, S.IN_COLLEGE):
        return NextStep(
            "Passage devant le collège",
            "La convention est signée : le collège examinera le dossier lors d'une prochaine "
            "séance.",
            deadline,
        )
    if status == S.RESERVES_TO_LIFT:
        return NextStep(
            "Déposer les corrections des réserves",
            "Déposez une correction pour chaque réserve, puis déclarez-les prêtes : l'agence "
            "lève les réserves au vu des corrections.",
            deadline,
            Action("Déposer les corrections", reverse("college:reserves", args=[pk])),
        )
    if status == S.AWAITING_CNDA:
        return NextStep(
            "Déposer l'attestation d'homologation CNDA",
            "Le collège a attribué le référencement sur le compte-rendu de pré-examen du CNDA. "
            "L'homologation reste obligatoire pour l'obtention du référencement (001 §4.4) : "
            "déposez l'attestation d'homologation ; l'attestation de référencement est "
            "délivrée dès qu'elle est jugée conforme.",
            None,
            Action(
                "Déposer l'attestation CNDA",
                reverse("evidence:evidence", args=[candidature.pk]),
            ),
        )
    if status == S.SUSPENDED:
        suspension = candidature.suspensions.filter(lifted_at__isnull=True).first()
        return NextStep(
            "Candidature suspendue",
            "L'agence a suspendu l'instruction pour non-respect de la charte de référencement "
            f"(motif : {suspension.reason if suspension else '—'}). Elle reprendra où elle en "
            "était si l'agence lève la suspension.",
        )
    if status == S.REFERENCED:
        return NextStep(
            "Solution référencée",
            "L'attestation de référencement est disponible.",
            None,
            Action("Voir l'attestation", _outcome_url(candidature)),
        )
    return NextStep(
        S(status).label,
        "La candidature est close : aucune action n'est attendue.",
    )


def remarks(candidature: Candidature) -> list[Remark]:
    """Rejection reasons, reserves and non-conformities, newest first, with their author."""
    found = [
        *_motivated_changes(candidature),
        *_decisions(candidature),
        *non_conformities(candidature),
    ]
    return sorted(found, key=lambda remark: remark.at, reverse=True)


def _author(user) -> str:
    if user is None:
        return "Agence (traitement automatique)"
    return getattr(user, "full_name", "") or user.email


# The status changes whose reason the editor reads among the agency's remarks: rejection of
# the admin dossier, suspension and exclusion for breach of the charter (000 §4.4, 002 §4.4,
# 004 §4.8).
MOTIVATED_STATUSES = {
    S.ADMIN_REJECTED: ("rejet", "Dossier administratif rejeté"),
    S.SUSPENDED: ("suspension", "Candidature suspendue pour non-respect de la charte"),
    S.EXCLUDED: ("exclusion", "Candidature exclue du processus pour non-respect de la charte"),
}


def _motivated_changes(candidature: Candidature) -> list[Remark]:
    event_model = apps.get_model("audit", "AuditEvent")
    events = event_model.objects.filter(
        action__in=[f"candidature.{status}" for status in MOTIVATED_STATUSES],
        subject_type=candidature._meta.label_lower,
        subject_id=str(candidature.pk),
    ).select_related("actor")
    remarks = []
    for event in events:
        kind, subject = MOTIVATED_STATUSES[event.action.removeprefix("candidature.")]
        remarks.append(
            Remark(
                kind,
                event.new_values.get("reason", ""),
                _author(event.actor),
                event.created_at,
                subject,
            )
        )
    return remarks


def _decisions(candidature: Candidature) -> list[Remark]:
    decisions = candidature.decisions.confirmed().exclude(reasons="").select_related("decided_by")
    return [
        Remark(
            "decision",
            decision.reasons,
            _author(decision.decided_by),
            decision.decided_at,
            f"Décision du collège : {decision.get_outcome_display()}",
        )
        for decision in decisions
    ]


def non_conformities(candidature: Candidature) -> list[Remark]:
    """The verdict « non conforme » on the latest version of each evidence item."""
    verdict_model = apps.get_model("instruction", "Verdict")
    verdicts = verdict_model.objects.filter(
        version__evidence__candidature=candidature, value="non_conforme"
    ).select_related("decided_by", "version__evidence")
    latest = [
        verdict
        for verdict in verdicts
        if not verdict.version.evidence.versions.filter(number__gt=verdict.version.number).exists()
    ]
    return [
        Remark(
            "non_conformite",
            verdict.comment,
            _author(verdict.decided_by),
            verdict.decided_at,
            f"Preuve non conforme : {verdict.version.evidence}",
        )
        for verdict in latest
    ]
