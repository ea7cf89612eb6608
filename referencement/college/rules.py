"""Rules of the convention and the collège (001 §4.5, 003 §4.5, 004 §4.5)."""

from __future__ import annotations

from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.rules import dossier_editable, dossier_problems
from referencement.catalog.calendar import format_instant, to_paris
from referencement.catalog.choices import CollegeOutcome
from referencement.instruction.rules import exchanges_closed

from .choices import CorrectionVerdict
from .models import Convention
from .terms import terms_fingerprint

GRANTING = frozenset({CollegeOutcome.ATTRIBUTION, CollegeOutcome.SANS_RESERVE})
NEEDS_REASONS = frozenset(
    {CollegeOutcome.RESERVES_BLOQUANTES, CollegeOutcome.RESERVES_NON_BLOQUANTES}
)
OUTCOME_STATUS = {
    CollegeOutcome.ATTRIBUTION: S.REFERENCED,
    CollegeOutcome.SANS_RESERVE: S.REFERENCED,
    CollegeOutcome.RESERVES_NON_BLOQUANTES: S.RESERVES_TO_LIFT,
    CollegeOutcome.RESERVES_BLOQUANTES: S.REFUSED,
}


def has_signed_convention(candidature) -> bool:
    """001 §4.5, 003 §4.5: « La signature de la convention par l'Editeur est un prérequis
    pour la présentation du dossier au collège »."""
    convention = getattr(candidature, "convention", None)
    return convention is not None and convention.is_signed


# 001 §4.5 « les deux parties »: the agency countersigns once the dossier goes to the collège.
COUNTERSIGNABLE = frozenset({S.CONVENTION_SIGNED, S.IN_COLLEGE})
CONVENTION_KEY = "convention"


def _other_dossier_problems(candidature) -> list[str]:
    problems = dossier_problems(candidature)
    return [m for key, messages in problems.items() if key != CONVENTION_KEY for m in messages]


def application_draft_refusal(candidature) -> str | None:
    """004 §4.2: the draft carries the dossier's data, so it is generated from a complete
    dossier the editor may still change (a draft, or one under an admin solicitation)."""
    if not candidature.dispositif.convention_with_application:
        return (
            "Pour ce dispositif, l'agence prépare la convention une fois toutes les preuves "
            "jugées conformes."
        )
    if not dossier_editable(candidature):
        return "Le dossier administratif n'est plus modifiable : la convention non plus."
    if _other_dossier_problems(candidature):
        return "Complétez d'abord le dossier administratif : la convention en reprend les données."
    if not application_convention_problems(candidature):
        return "La convention est déjà signée sur les données actuelles du dossier."
    return None


def signature_refusal(candidature, convention) -> str | None:
    """When the legal representative may sign: once the dossier is instructed (001 §4.5), or
    with the application (004 §4.2) while the dossier is editable and the draft carries its
    current data."""
    if convention.is_signed:
        return "Cette convention n'est pas à signer."
    if candidature.status == S.INSTRUCTED:
        # 001 §4.5; also a dossier submitted before its dispositif asked for the convention
        # with the application: the takeover prepared it after the instruction.
        return None
    if not candidature.dispositif.convention_with_application:
        return "Cette convention n'est pas à signer."
    if not dossier_editable(candidature):
        return "Le dossier administratif n'est plus modifiable : la convention non plus."
    if convention.terms_sha256 != terms_fingerprint(candidature):
        return (
            "Le dossier a changé depuis la préparation du projet de convention : générez le "
            "projet mis à jour avant de le signer (004 §4.2)."
        )
    return None


def signed_with_application(candidature) -> bool:
    """004 §4.2: the convention was signed with the application (nothing to sign after the
    instruction)."""
    return candidature.dispositif.convention_with_application and has_signed_convention(candidature)


def application_convention_problems(candidature) -> list[str]:
    """004 §4.2: the dossier handed in includes « La convention de référencement signée
    électroniquement »: signed by the legal representative before the submission, on the
    dossier's current data (a change after signing voids the signature)."""
    if not candidature.dispositif.convention_with_application:
        return []
    convention = Convention.objects.filter(candidature=candidature).first()
    if convention is None or not convention.is_signed:
        return [
            "La convention de référencement signée électroniquement fait partie du dossier "
            "(004 §4.2) : le représentant légal de l'éditeur doit la signer avant la soumission."
        ]
    if convention.terms_sha256 != terms_fingerprint(candidature):
        return [
            "Le dossier a changé depuis la signature de la convention (004 §4.2) : la "
            "signature ne vaut plus, le représentant légal doit signer la convention mise à "
            "jour."
        ]
    return []


def sitting_not_yet_held(session, at) -> str | None:
    """001 §4.5: the collège « se tient de manière hebdomadaire » and decides at its sitting:
    no decision of a session is recorded before the day it sits (Paris time)."""
    if to_paris(at).date() < to_paris(session.sits_at).date():
        return (
            f"La séance du {format_instant(session.sits_at)} n'a pas encore eu lieu : ses "
            "décisions s'enregistrent à partir de ce jour-là."
        )
    return None


def attendance_refusal(session) -> str | None:
    """The attendance a decision was recorded under stays as it was: the quorum and the
    signers of that decision were judged on it (issue 16 item 7)."""
    if session.decisions.exists():
        return (
            "Une décision est déjà enregistrée dans cette séance : la présence ne peut plus "
            "être modifiée."
        )
    return None


def sitting_unheld(session, at) -> bool:
    """Issue 10 item 8: an open sitting whose day has passed (Paris time) with nothing on
    its agenda was not held."""
    return (
        session.is_open
        and to_paris(session.sits_at).date() < to_paris(at).date()
        and not session.agenda.exists()
    )


def outcome_error(candidature, outcome: str, reasons: str) -> str | None:
    if outcome not in candidature.dispositif.college_outcomes:
        return "Cette décision n'est pas prévue par le dispositif."
    if outcome in NEEDS_REASONS and not reasons.strip():
        return "Indiquez les réserves ou les raisons de la décision."
    return None


def redeposit_allowed(dispositif, outcome: str) -> bool:
    """001 §4.5, 003 §4.5: réserves bloquantes before Date 3, the editor may re-deposit the
    non-conform evidence; 004 §4.5 (three outcomes): a new candidature is needed."""
    return (
        outcome == CollegeOutcome.RESERVES_BLOQUANTES
        and CollegeOutcome.RESERVES_NON_BLOQUANTES not in dispositif.college_outcomes
        and not exchanges_closed(dispositif)
    )


def split_reserves(reasons: str) -> list[str]:
    """The réserves of a decision, one per line of its text (list marks dropped)."""
    lines = (line.strip().lstrip("-•*").strip() for line in reasons.splitlines())
    return [line for line in lines if line]


def correction_refusal(decision, at) -> str | None:
    """Corrections are deposited while the reserves wait for them: before the deadline of
    004 §4.5 (4 weeks from the decision) and until the editor declares them ready."""
    if decision.candidature.status != S.RESERVES_TO_LIFT or decision.reserves_lifted_at:
        return "Aucune réserve à lever pour ce dossier."
    if decision.fix_deadline and at > decision.fix_deadline:
        return (
            f"Le délai de correction a pris fin le {format_instant(decision.fix_deadline)} : "
            "le référencement est refusé."
        )
    if decision.corrections_ready_at:
        return "Les corrections ont été déclarées prêtes : l'agence les examine."
    return None


def uncorrected_reserves(decision) -> list:
    return [reserve for reserve in decision.reserves.all() if not reserve.corrections.exists()]


def latest_correction(reserve):
    return reserve.corrections.order_by("-deposited_at", "-pk").first()


def unaccepted_reserves(decision) -> list:
    """Reserves whose latest correction an instructor has not accepted (004 §4.5)."""
    return [
        reserve
        for reserve in decision.reserves.all()
        if getattr(latest_correction(reserve), "verdict", "") != CorrectionVerdict.ACCEPTED
    ]


def lift_refusal(decision) -> str | None:
    """004 §4.5: the reserves are lifted « une fois les preuves des corrections apportées
    par l'Editeur »: never without a correction against each reserve, declared ready, and
    judged sufficient by an instructor."""
    if decision.candidature.status != S.RESERVES_TO_LIFT or decision.reserves_lifted_at:
        return "Aucune réserve à lever pour ce dossier."
    if not decision.reserves.exists() or uncorrected_reserves(decision):
        return "Chaque réserve doit avoir une correction déposée par l'éditeur."
    if not decision.corrections_ready_at:
        return "L'éditeur n'a pas encore déclaré ses corrections prêtes."
    unaccepted = unaccepted_reserves(decision)
    if unaccepted:
        numbers = ", ".join(str(reserve.number) for reserve in unaccepted)
        return (
            "Levée des réserves (004 §4.5) : un instructeur juge d'abord la preuve de chaque "
            f"correction. Correction non acceptée pour la réserve n° {numbers}."
        )
    return None


def correction_judgement_refusal(decision, correction) -> str | None:
    """An instructor judges the latest correction of a reserve once the editor declared the
    corrections ready, until a collège member proposes the lifting."""
    if decision.candidature.status != S.RESERVES_TO_LIFT or decision.reserves_lifted_at:
        return "Aucune réserve à lever pour ce dossier."
    if not decision.corrections_ready_at:
        return "L'éditeur n'a pas encore déclaré ses corrections prêtes."
    if decision.lift_proposed_by_id:
        return "La levée des réserves est déjà proposée au collège."
    if latest_correction(correction.reserve).pk != correction.pk:
        return "Une correction plus récente a été déposée pour cette réserve."
    return None


def decision_consequences(candidature, outcome: str) -> list[str]:
    """What recording `outcome` does, restated before the collège confirms (issue 10
    item 7), from the same rules `record_decision` applies."""
    dispositif = candidature.dispositif
    lines = [
        f"Décision « {CollegeOutcome(outcome).label} » pour « {candidature.solution_name} » "
        f"({candidature.editor.name}, {dispositif.code}). Elle est définitive et notifiée à "
        "l'éditeur dans la plateforme et par courriel."
    ]
    if outcome in GRANTING:
        lines.append(
            "Le référencement est attribué : une attestation avec un numéro unique est "
            "délivrée et la solution apparaît dans la liste publique."
        )
    elif outcome == CollegeOutcome.RESERVES_NON_BLOQUANTES:
        lines.append(
            f"L'éditeur dispose de {dispositif.reserves_fix_delay} "
            f"{dispositif.get_reserves_fix_unit_display().lower()} pour corriger ; les réserves "
            "seront ensuite levées sans nouvelle candidature, faute de quoi le référencement "
            "sera refusé."
        )
    elif redeposit_allowed(dispositif, outcome):
        lines.append(
            "Le référencement n'est pas attribué ; l'éditeur pourra redéposer les preuves non "
            "conformes avant la Date 3."
        )
    else:
        lines.append(
            "Le référencement n'est pas attribué ; une nouvelle candidature sera nécessaire."
        )
    return lines
