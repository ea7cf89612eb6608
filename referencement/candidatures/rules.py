"""Rules of the administrative dossier: completeness, the attestation sur l'honneur and the
submission calendar. Pure functions returning French messages (an empty result: nothing to
say). They read the dossier; they never write.
"""

from __future__ import annotations

from datetime import datetime

from referencement.catalog import calendar
from referencement.catalog.charters import charter_sha256
from referencement.catalog.choices import Phase
from referencement.catalog.rules import validate_profile_selection

from .choices import (
    FINAL_STATUSES,
    CandidatureStatus,
    ComponentKind,
    SolicitationPhase,
    SolicitationStatus,
)
from .dossier_checks import check_problems
from .dossier_elements import element_problems
from .models import Candidature, CharterAcceptance
from .transitions import SUSPENDABLE, can_change

NON_FIELD = "__all__"


def charter_refusal(editor_id: int, dispositif) -> str | None:
    """001 §4.3: the charter, accepted by the person able to commit the editor, opens the
    dossier space. Issue 12 item 8: what counts is the text in force (its SHA-256); after a
    change the editor accepts again before opening or submitting a dossier."""
    acceptances = CharterAcceptance.objects.filter(editor_id=editor_id, dispositif=dispositif)
    if acceptances.filter(text_sha256=charter_sha256(dispositif)).exists():
        return None
    if acceptances.exists():
        return (
            f"La charte de référencement du dispositif {dispositif.code} a changé depuis son "
            "acceptation : le représentant légal de l'éditeur doit accepter la version en "
            f"vigueur ({dispositif.charter_version or 'nouvelle version'})."
        )
    return (
        f"La charte de référencement du dispositif {dispositif.code} doit d'abord être "
        "acceptée par le représentant légal de l'éditeur."
    )


def empty_profile_notice(dispositif) -> str:
    """Issue 12 item 12: a profile whose catalogue has no requirement (three of
    MS2-DUI-PDE-Va1-SF) is never listed on an attestation, which names the profiles whose
    requirements were checked (000 §3.2, 002 §3.2, 004 §3.2 « Exigences conditionnelles »;
    the dispositif's section is its catalogue `sources.profile_attestation`)."""
    return (
        "Aucune exigence publiée pour ce profil : il ne pourra pas figurer sur l'attestation "
        "tant que son catalogue n'en contient pas "
        f"({dispositif.parameter_source('profile_attestation')})"
    )


def empty_profile_notices(profiles) -> list[str]:
    """One notice per chosen profile without any requirement."""
    return [
        f"« {profile.label} » : {empty_profile_notice(profile.dispositif)}."
        for profile in profiles
        if not profile.requirements.exists()
    ]


def _editor_problems(candidature: Candidature) -> list[str]:
    """The editor's information the dispositif's text marks (*) (catalogue
    `dossier.editor_fields`: 001 §4.3, 003 §4.2, 004 §4.2)."""
    editor = candidature.editor
    missing = [
        str(editor._meta.get_field(name).verbose_name)
        for name in candidature.dispositif.dossier_editor_fields
        if not getattr(editor, name)
    ]
    if not missing:
        return []
    return [
        "Informations de l'éditeur à compléter dans « Mon éditeur » : " + ", ".join(missing) + "."
    ]


def _version_problems(candidature: Candidature) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    names = list(candidature.commercial_names.all())
    if not names:
        problems["commercial_names"] = ["Déclarez au moins une dénomination commerciale."]
    for name in names:
        # 001 §4.3, 003 §4.2, 004 §4.2: the technical version number (*) of the candidate.
        if not name.technical_version:
            problems.setdefault("commercial_names", []).append(
                f"« {name.name} » : le numéro de version technique est obligatoire."
            )
    needs_reference = (
        candidature.previously_referenced_under_other_name or candidature.differs_only_by_components
    )
    if needs_reference and not candidature.previous_referencing_number:
        problems["previous_referencing_number"] = [
            "Indiquez le numéro unique de référencement précédemment obtenu."
        ]
    return problems


def _consortium_problems(candidature: Candidature) -> list[str]:
    """001 §4.3: one application for the group, one lead, mandates from the members."""
    if not candidature.is_consortium:
        return []
    members = list(candidature.consortium_members.all())
    leads = [m for m in members if m.is_lead]
    problems = []
    if len(leads) != 1:
        problems.append("Un groupement solidaire a exactement un chef de file.")
    if len(members) - len(leads) < 1:
        problems.append("Déclarez au moins un membre du groupement en plus du chef de file.")
    for member in members:
        if not member.is_lead and member.mandate_id is None:
            problems.append(f"Le mandat de « {member.name} » au chef de file est manquant.")
    return problems


def _distributor_problems(candidature: Candidature) -> list[str]:
    if not candidature.sold_through_distributors:
        return []
    distributors = list(candidature.distributors.all())
    if not distributors:
        return ["Déclarez les distributeurs mandatés (dénomination, SIRET, dates du mandat)."]
    return [
        f"« {d.name} » : la fin du mandat précède son début."
        for d in distributors
        if d.mandate_end and d.mandate_end < d.mandate_start
    ]


def _component_problems(candidature: Candidature) -> list[str]:
    """001 §1.2: a solution has one Proxy e-santé at most (exactly one where the catalogue
    asks for the `proxy_component` element)."""
    proxies = candidature.components.filter(kind=ComponentKind.PROXY).count()
    if proxies > 1:
        return ["Un seul composant Proxy e-santé peut être déclaré."]
    return []


def dossier_problems(candidature: Candidature) -> dict[str, list[str]]:
    """Every mandatory (*) element of 001 §4.3 / 003 §4.2 / 004 §4.2 still missing, by field;
    which elements a dispositif asks for is catalogue data (issue 12 item 7)."""
    problems = _version_problems(candidature)
    for key, messages in element_problems(candidature).items():
        problems.setdefault(key, []).extend(messages)
    for key, messages in (
        ("editor", _editor_problems(candidature)),
        ("consortium_members", _consortium_problems(candidature)),
        ("distributors", _distributor_problems(candidature)),
        ("components", _component_problems(candidature)),
        (
            "profiles",
            validate_profile_selection(candidature.dispositif, candidature.profiles.all()),
        ),
    ):
        if messages:
            problems[key] = messages
    problems.update(check_problems(candidature))
    return problems


def admin_phase_refusal(candidature: Candidature, at: datetime | None = None) -> str | None:
    """001 §4.3: the dossier cannot be first submitted after Date 1 (funded dispositifs);
    advisory dates of non-funded ones never refuse (000 §4.1, 002 §4.1). The next version of
    a referenced solution continues the dossier its version N submitted in time (assumption
    from 001 §1.2 « compatibilité ascendante », issue 14 item 5): Date 1 does not close it."""
    if candidature.derived_from_id is not None:
        return None
    state = calendar.phase_state(candidature.dispositif, Phase.ADMIN_DOSSIER, at)
    if state.is_open:
        return None
    return f"Le dépôt du dossier administratif n'est plus possible : {state.reason}."


def evidence_phase_refusal(candidature: Candidature, at: datetime | None = None) -> str | None:
    """001 §4.4: the complete evidence dossier cannot be first submitted after Date 2 (the
    Date of the catalogue's `evidence_deadline`: Date 3 for 004, which sets no Date 2)."""
    if candidature.evidence_submitted_at is not None:
        return None
    state = calendar.phase_state(candidature.dispositif, Phase.EVIDENCE, at)
    if state.is_open:
        return None
    return f"Le dépôt du dossier complet de preuves n'est plus possible : {state.reason}."


def exchanges_refusal(candidature: Candidature, at: datetime | None = None) -> str | None:
    """001 §4.4: no exchange after Date 3 (the evidence form closes)."""
    state = calendar.phase_state(candidature.dispositif, Phase.EXCHANGES, at)
    if state.is_open:
        return None
    return f"Les échanges avec l'agence sont clos : {state.reason}."


def open_admin_solicitation(candidature: Candidature):
    return candidature.solicitations.filter(
        phase=SolicitationPhase.ADMIN,
        status__in=[SolicitationStatus.OPEN, SolicitationStatus.LATE],
    ).first()


def dossier_editable(candidature: Candidature) -> bool:
    """A draft is saved as you go; once submitted, the dossier changes only to answer an
    admin solicitation (001 §4.3 « demande de complément »)."""
    if candidature.status == CandidatureStatus.DRAFT:
        return True
    return (
        candidature.status == CandidatureStatus.ADMIN_SUBMITTED
        and open_admin_solicitation(candidature) is not None
    )


def withdrawal_offered(candidature: Candidature) -> bool:
    """« Retirer » is offered while the lifecycle allows it; on a referenced solution it
    ends the referencing, which its confirmation page says (issue 12 item 5)."""
    return can_change(candidature, CandidatureStatus.WITHDRAWN)


def sanctions_offered(status: str) -> list[str]:
    """000 §4.4, 002 §4.4, 004 §4.8: which of « suspendre », « lever » and « exclure » the
    agency admin is offered for a candidature in `status` (the actions check it again)."""
    offered = []
    if status in SUSPENDABLE:
        offered.append("suspendre")
    if status == CandidatureStatus.SUSPENDED:
        offered.append("lever")
    if status in SUSPENDABLE | {CandidatureStatus.SUSPENDED}:
        offered.append("exclure")
    return offered


def withdrawal_consequence(candidature: Candidature) -> str:
    """The sentence the confirmation page restates before the editor withdraws."""
    if candidature.status == CandidatureStatus.REFERENCED:
        return (
            f"Retirer la candidature « {candidature} » met fin à son référencement : "
            "l'attestation devient « retirée à la demande de l'éditeur » à la date "
            "d'aujourd'hui, dans l'historique public et le registre. Cette action est "
            "irréversible."
        )
    return (
        f"Retirer définitivement la candidature « {candidature} » ? Cette action est irréversible."
    )


def next_version_refusal(candidature: Candidature, attestation) -> str | None:
    """Issue 14 item 5: only a referenced solution (a valid attestation) of a dispositif whose
    catalogue allows it opens its next version (001 §1.2 « compatibilité ascendante »)."""
    dispositif = candidature.dispositif
    if not dispositif.next_version_allowed:
        return (
            f"Le dispositif {dispositif.code} ne prévoit pas de nouvelle version d'une solution "
            "référencée avec reprise des preuves : déposez une nouvelle candidature."
        )
    if candidature.status != CandidatureStatus.REFERENCED or attestation is None:
        return (
            "Seule une solution référencée, dont l'attestation est valide, peut ouvrir une "
            "nouvelle version."
        )
    pending = candidature.next_versions.exclude(status__in=FINAL_STATUSES).first()
    if pending is not None:
        return (
            "Une nouvelle version de cette solution est déjà en cours "
            f"(version {pending.technical_version or 'sans numéro'})."
        )
    return exchanges_refusal(candidature)


def redeposit_reason(
    codes: set[str],
    chapter_code: str,
    *,
    changed_chapters: set[str],
    changed_requirements: set[str],
    always: set[str],
) -> str:
    """Why an item carried into the next version must be deposited again (empty: it is
    inherited as is). `codes`: the item's own code and its requirement's."""
    if chapter_code and chapter_code in changed_chapters:
        return f"chapitre {chapter_code} déclaré modifié par l'éditeur"
    changed = sorted(codes & changed_requirements)
    if changed:
        return f"exigence {changed[0]} modifiée dans le catalogue depuis la version référencée"
    forced = sorted(codes & always)
    if forced:
        return f"{forced[0]} : toujours à déposer de nouveau pour une nouvelle version"
    return ""
