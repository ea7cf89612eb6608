"""Every change of a candidature's administrative dossier (STYLE §2): role, rules and
calendar checked, audit row in the same transaction, e-mails on commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from referencement.audit.actions import record
from referencement.catalog import calendar
from referencement.catalog.models import Dispositif, Profile
from referencement.catalog.rules import (
    profile_addition_refusal,
    profile_removal_refusal,
    resolve_profiles,
    validate_profile_selection,
)
from referencement.core.errors import Conflict
from referencement.core.locking import for_update, lock
from referencement.files.storage import store_blob
from referencement.lib.blobstore import PendingBlob

from . import hooks, rules
from .access import require_admin_reviewer, require_editor_of
from .choices import CandidatureStatus as S
from .choices import SolicitationPhase, SolicitationStatus
from .dossier_checks import check_problems
from .dossier_elements import DETAIL_TYPES, DOCUMENTS, NOT_APPLICABLE, details_problems
from .exchange_actions import Upload, attach_files
from .models import (
    Candidature,
    CommercialName,
    Component,
    ConsortiumMember,
    Distributor,
    Solicitation,
)
from .notify import notify_editor
from .signals import catalogue_version_changed, next_version_opened
from .transitions import can_change, change_status

# Scalar fields of the dossier an editor may set (001 §4.3 « Version candidate », CNDA…).
DOSSIER_FIELDS = (
    "solution_name",
    "planned_evidence_date",
    "previous_referencing_number",
    "previously_referenced_under_other_name",
    "differs_only_by_components",
    "is_consortium",
    "nie",
    "psc_application_number",
    "sold_through_distributors",
)
ITEM_MODELS = {
    "commercial_names": CommercialName,
    "components": Component,
    "distributors": Distributor,
    "consortium_members": ConsortiumMember,
}


def _require_editor(actor) -> None:
    if not getattr(actor, "is_editor", False) or not actor.editor_id:
        raise PermissionDenied("Cette action est réservée aux membres d'un éditeur.")


@transaction.atomic
def create_candidature(dispositif: Dispositif, *, actor, solution_name: str) -> Candidature:
    _require_editor(actor)
    # 001 §4.3: the charter gates access to the dossier space.
    refusal = rules.charter_refusal(actor.editor_id, dispositif)
    if refusal:
        raise Conflict(refusal)
    refusal = rules.admin_phase_refusal(Candidature(dispositif=dispositif))
    if refusal:
        raise Conflict(refusal)
    if not solution_name.strip():
        raise ValidationError({"solution_name": "Le nom de la solution est obligatoire."})
    candidature = Candidature.objects.create(
        editor_id=actor.editor_id,
        dispositif=dispositif,
        solution_name=solution_name.strip(),
        created_by=actor,
        # Issue 14 item 3: instructed against the catalogue version it was opened under.
        catalogue_version=dispositif.catalogue_versions.order_by("-number").first(),
    )
    # 001 §4.3: « Le Profil général est sélectionné par défaut ».
    candidature.profiles.set(dispositif.profiles.filter(mandatory=True))
    record(
        "candidature.created",
        actor=actor,
        subject=candidature,
        new={"dispositif": dispositif.code, "solution_name": candidature.solution_name},
    )
    return candidature


def _require_editable(candidature: Candidature) -> None:
    if not rules.dossier_editable(candidature):
        raise Conflict(
            "Le dossier administratif n'est plus modifiable "
            f"(état : {candidature.get_status_display()})."
        )


@transaction.atomic
def update_dossier(candidature: Candidature, *, actor, values: dict) -> None:
    """Save what is given, complete or not (drafts are saved as you go). Besides the fields
    every dossier has, the elements the dispositif's catalogue asks for (issue 12 item 7)
    and the « si applicable » ones declared « sans objet »."""
    lock(candidature)
    require_editor_of(actor, candidature)
    _require_editable(candidature)
    detail_keys = {*DETAIL_TYPES, NOT_APPLICABLE}
    unknown = set(values) - set(DOSSIER_FIELDS) - detail_keys
    if unknown:
        raise ValidationError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    details = {k: v for k, v in values.items() if k in detail_keys}
    problems = details_problems(candidature.dispositif, details)
    if problems:
        raise ValidationError(problems)
    fields = {k: v for k, v in values.items() if k not in detail_keys}
    old = {name: getattr(candidature, name) for name in fields}
    old.update({k: candidature.dossier_details.get(k) for k in details})
    for name, value in fields.items():
        setattr(candidature, name, value)
    candidature.dossier_details = {**candidature.dossier_details, **details}
    candidature.full_clean(exclude=["editor", "dispositif", "created_by", "status"])
    candidature.save()
    changed = {k: v for k, v in values.items() if old[k] != v}
    if changed:
        record(
            "candidature.dossier_updated",
            actor=actor,
            subject=candidature,
            old={k: old[k] for k in changed},
            new=changed,
        )


def _build_items(candidature: Candidature, kind: str, items: Iterable[dict]) -> list:
    model = ITEM_MODELS[kind]
    built, errors = [], {}
    for index, values in enumerate(items, start=1):
        item = model(candidature=candidature, **values)
        try:
            item.full_clean(exclude=["candidature", "mandate"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"{kind}[{index}].{field}"] = messages
        built.append(item)
    if errors:
        raise ValidationError(errors)
    return built


@transaction.atomic
def replace_items(candidature: Candidature, kind: str, items: Iterable[dict], *, actor) -> None:
    """Replace one list of the dossier (commercial names, components, distributors,
    consortium members). Mandates already attached stay with the member of the same SIRET."""
    lock(candidature)
    require_editor_of(actor, candidature)
    _require_editable(candidature)
    if kind not in ITEM_MODELS:
        raise ValidationError(f"Liste inconnue : {kind}.")
    items = list(items)
    mandates = {}
    if kind == "consortium_members":
        mandates = {
            m.siret: (m.mandate_id, m.mandate_name) for m in candidature.consortium_members.all()
        }
    built = _build_items(candidature, kind, items)
    if kind == "components":
        for component in built:
            if (
                component.chapter_id
                and component.chapter.dispositif_id != candidature.dispositif_id
            ):
                raise ValidationError({"components": "Chapitre du REM inconnu pour ce dispositif."})
    ITEM_MODELS[kind].objects.filter(candidature=candidature).delete()
    for item in built:
        if kind == "consortium_members" and item.siret in mandates:
            item.mandate_id, item.mandate_name = mandates[item.siret]
        item.save()
    record(
        f"candidature.{kind}_replaced",
        actor=actor,
        subject=candidature,
        new={kind: [str(item) for item in built]},
    )


@transaction.atomic
def attach_document(
    candidature: Candidature,
    kind: str,
    pending: PendingBlob,
    *,
    actor,
    filename: str,
    member: ConsortiumMember | None = None,
) -> None:
    """A member's mandate (001 §4.3), or a document the dispositif's dossier asks for:
    documentation, attestation sur l'honneur, wave-1 attestation, CNDA filing proof."""
    lock(candidature)
    require_editor_of(actor, candidature)
    _require_editable(candidature)
    if kind in DOCUMENTS and candidature.dispositif.dossier_element(kind) is None:
        raise ValidationError(
            {"kind": f"Ce document n'est pas demandé par le dispositif {candidature.dispositif}."}
        )
    blob = store_blob(pending)
    if kind == "mandate":
        if member is None or member.candidature_id != candidature.pk:
            raise ValidationError({"member": "Membre du groupement inconnu."})
        member.mandate, member.mandate_name = blob, filename
        member.save(update_fields=["mandate", "mandate_name"])
    elif kind in DOCUMENTS:
        setattr(candidature, kind, blob)
        setattr(candidature, f"{kind}_name", filename)
        candidature.save(update_fields=[kind, f"{kind}_name", "updated_at"])
    else:
        raise ValidationError({"kind": f"Type de document inconnu : {kind}."})
    record(
        "candidature.document_attached",
        actor=actor,
        subject=candidature,
        new={"kind": kind, "sha256": blob.sha256, "filename": filename},
    )


@transaction.atomic
def set_profiles(candidature: Candidature, refs: Iterable[Profile | str], *, actor) -> None:
    """Choose the profiles. Once submitted, the dispositif's policy applies (001 §4.3: add
    until Date 2, remove any time; 004 §4.2: final). Deposited evidence is never deleted."""
    lock(candidature)
    require_editor_of(actor, candidature)
    if candidature.is_final:
        raise Conflict("La candidature est close.")
    dispositif = candidature.dispositif
    wanted, unknown = resolve_profiles(dispositif, refs)
    if unknown:
        raise ValidationError({"profiles": [f"Profil inconnu : « {ref} »." for ref in unknown]})
    # A draft is saved as you go; the selection rules are checked at submission and after.
    problems = validate_profile_selection(dispositif, wanted)
    if problems and candidature.status != S.DRAFT:
        raise ValidationError({"profiles": problems})
    current = set(candidature.profiles.all())
    added, removed = set(wanted) - current, current - set(wanted)
    if not added and not removed:
        return
    if candidature.status != S.DRAFT:
        refusal = (added and profile_addition_refusal(dispositif)) or (
            removed and profile_removal_refusal(dispositif)
        )
        if refusal:
            raise Conflict(refusal)
    candidature.profiles.set(wanted)
    record(
        "candidature.profiles_changed",
        actor=actor,
        subject=candidature,
        old={"profiles": sorted(p.code for p in current)},
        new={"profiles": sorted(p.code for p in wanted)},
    )


@transaction.atomic
def submit_dossier(candidature: Candidature, *, actor) -> None:
    """001 §4.3: the dossier's date is its first submission, not after Date 1 (funded)."""
    lock(candidature)
    require_editor_of(actor, candidature)
    if candidature.status != S.DRAFT:
        raise Conflict("Le dossier administratif a déjà été soumis.")
    refusal = rules.admin_phase_refusal(candidature) or rules.charter_refusal(
        candidature.editor_id, candidature.dispositif
    )
    if refusal:
        raise Conflict(refusal)
    problems = rules.dossier_problems(candidature)
    if problems:
        raise ValidationError(problems)
    if candidature.admin_submitted_at is None:
        candidature.admin_submitted_at = calendar.now()
        candidature.save(update_fields=["admin_submitted_at", "updated_at"])
    change_status(candidature, S.ADMIN_SUBMITTED, actor=actor)


def _require_admin_submitted(candidature: Candidature) -> None:
    if candidature.status != S.ADMIN_SUBMITTED:
        raise Conflict("Le dossier administratif n'est pas en attente de décision.")


def _close_admin_solicitations(candidature: Candidature) -> None:
    candidature.solicitations.filter(
        phase=SolicitationPhase.ADMIN,
        status__in=[SolicitationStatus.OPEN, SolicitationStatus.LATE],
    ).update(status=SolicitationStatus.CLOSED)


@transaction.atomic
def accept_dossier(candidature: Candidature, *, actor) -> None:
    lock(candidature)
    require_admin_reviewer(actor)
    _require_admin_submitted(candidature)
    # 004 §4.2: an element owned by another app (the signed convention) may have lapsed
    # while the editor answered a solicitation: the dossier is not recevable without it.
    missing = check_problems(candidature)
    if missing:
        raise Conflict(" ".join(message for messages in missing.values() for message in messages))
    _close_admin_solicitations(candidature)
    candidature.admin_decided_at = calendar.now()
    candidature.save(update_fields=["admin_decided_at", "updated_at"])
    change_status(candidature, S.ADMIN_ACCEPTED, actor=actor)
    notify_editor(
        candidature,
        "Dossier administratif accepté",
        "Votre dossier administratif est recevable : vous pouvez déposer vos preuves.",
    )


@transaction.atomic
def reject_dossier(candidature: Candidature, *, actor, reason: str) -> None:
    lock(candidature)
    require_admin_reviewer(actor)
    _require_admin_submitted(candidature)
    if not reason.strip():
        raise ValidationError({"reason": "Le motif du rejet est obligatoire."})
    _reject(candidature, actor=actor, reason=reason.strip())


def _reject(candidature: Candidature, *, actor, reason: str) -> None:
    _close_admin_solicitations(candidature)
    candidature.admin_decided_at = calendar.now()
    candidature.save(update_fields=["admin_decided_at", "updated_at"])
    change_status(candidature, S.ADMIN_REJECTED, actor=actor, reason=reason)
    notify_editor(candidature, "Dossier administratif rejeté", f"Motif : {reason}")


@transaction.atomic
def send_admin_solicitation(candidature: Candidature, *, actor, question: str) -> Solicitation:
    """001 §4.3 (10 working days) / 003 §4.2, 004 §4.2 (5 working days): the deadline is the
    dispositif's `admin_response_delay` from now."""
    lock(candidature)
    require_admin_reviewer(actor)
    _require_admin_submitted(candidature)
    if not question.strip():
        raise ValidationError({"question": "La demande de complément est vide."})
    if rules.open_admin_solicitation(candidature) is not None:
        raise Conflict("Une demande de complément est déjà en attente de réponse.")
    dispositif = candidature.dispositif
    asked_at = calendar.now()
    solicitation = Solicitation.objects.create(
        candidature=candidature,
        phase=SolicitationPhase.ADMIN,
        question=question.strip(),
        asked_by=actor,
        asked_at=asked_at,
        due_at=calendar.add_delay(
            asked_at, dispositif.admin_response_delay, dispositif.admin_response_unit
        ),
        status_before=candidature.status,
    )
    record(
        "solicitation.sent",
        actor=actor,
        subject=candidature,
        new={"phase": "admin", "due_at": solicitation.due_at, "question": solicitation.question},
    )
    notify_editor(
        candidature,
        "Demande de complément sur votre dossier administratif",
        f"{solicitation.question}\n\nRéponse attendue avant le "
        f"{calendar.format_instant(solicitation.due_at)}.",
    )
    return solicitation


@transaction.atomic
def answer_solicitation(
    solicitation: Solicitation, *, actor, answer: str, uploads: Iterable[Upload] = ()
) -> None:
    candidature = lock(solicitation.candidature)
    require_editor_of(actor, candidature)
    lock(solicitation)
    if solicitation.phase != SolicitationPhase.ADMIN:
        raise Conflict("Cette sollicitation relève de l'instruction.")
    if solicitation.status not in (SolicitationStatus.OPEN, SolicitationStatus.LATE):
        raise Conflict("Cette sollicitation n'attend plus de réponse.")
    if not answer.strip():
        raise ValidationError({"answer": "La réponse est vide."})
    solicitation.answer = answer.strip()
    solicitation.answered_by = actor
    solicitation.answered_at = calendar.now()
    solicitation.status = SolicitationStatus.ANSWERED
    solicitation.save()
    attachments = attach_files(candidature, uploads, actor=actor, solicitation=solicitation)
    record(
        "solicitation.answered",
        actor=actor,
        subject=candidature,
        new={
            "solicitation": solicitation.pk,
            "in_time": solicitation.answered_in_time,
            "attachments": [a.blob.sha256 for a in attachments],
        },
    )


def sweep_admin_solicitations() -> int:
    """Periodic, idempotent: admin solicitations past their deadline. HOP dispositifs reject
    the dossier (003 §4.2, 004 §4.2 « sa demande de référencement est rejetée »); MS-DUI-Va2
    only flags it for the instructor (001 §4.3 « l'ANS se réserve le droit de rejeter »)."""
    late = Solicitation.objects.filter(
        phase=SolicitationPhase.ADMIN,
        status=SolicitationStatus.OPEN,
        due_at__lte=calendar.now(),
    ).values_list("pk", flat=True)
    handled = 0
    for pk in list(late):
        with transaction.atomic():
            solicitation = Solicitation.objects.select_related("candidature__dispositif").get(pk=pk)
            # The candidature first, as every action locks it before its solicitations.
            candidature = lock(solicitation.candidature)
            # Optimistic claim: only one worker moves a solicitation from open to late.
            if not Solicitation.objects.filter(pk=pk, status=SolicitationStatus.OPEN).update(
                status=SolicitationStatus.LATE
            ):
                continue
            rejects = candidature.dispositif.admin_late_rejects
            record(
                "solicitation.late",
                subject=candidature,
                new={"solicitation": pk, "due_at": solicitation.due_at, "rejects": rejects},
            )
            if rejects and candidature.status == S.ADMIN_SUBMITTED:
                _reject(
                    candidature,
                    actor=None,
                    reason="Absence de réponse à la demande de complément avant le "
                    f"{calendar.format_instant(solicitation.due_at)}.",
                )
            handled += 1
    return handled


@transaction.atomic
def withdraw(candidature: Candidature, *, actor) -> None:
    """Withdrawn after referencing, the referencing ends with it (issue 12 item 5): the
    attestation is « retirée à la demande de l'éditeur », dated, in the public history."""
    require_editor_of(actor, candidature)
    locked = for_update(Candidature.objects).get(pk=candidature.pk)
    if not can_change(locked, S.WITHDRAWN):
        raise Conflict("Cette candidature ne peut plus être retirée.")
    if locked.status == S.REFERENCED:
        hooks.registry().withdraw_referenced(locked, actor=actor)
    else:
        change_status(locked, S.WITHDRAWN, actor=actor, reason="Retrait par l'éditeur")
    candidature.refresh_from_db()


@transaction.atomic
def migrate_to_catalogue_version(candidature: Candidature, version, *, actor) -> dict:
    """Move a candidature to a newer catalogue version (issue 14 item 4).

    Items whose requirement is unchanged keep their evidence and verdicts; items whose
    requirement changed reopen (their earlier deposits stay attached for reference); new
    requirements become expected through the catalogue itself. The editor is notified
    with the lists, and the whole move is audited.
    """
    from referencement.catalog.versions import diff
    from referencement.notifications.actions import notify_editor as notify_members

    if not getattr(actor, "is_agency_admin", False):
        raise PermissionDenied("Seule l'administration de l'agence migre une candidature.")
    candidature = for_update(Candidature.objects).get(pk=candidature.pk)
    current = candidature.catalogue_version
    if candidature.is_final or version.dispositif_id != candidature.dispositif_id:
        raise Conflict("Cette candidature ne peut pas changer de version du catalogue.")
    if current is not None and version.number <= current.number:
        raise Conflict(
            f"La candidature suit déjà la version {current.number} du catalogue "
            f"(demandée : {version.number})."
        )
    changes = diff(current.snapshot if current else {}, version.snapshot)
    changed = [item["code"] for item in changes["changed"]]
    answers = catalogue_version_changed.send(
        sender=Candidature, candidature=candidature, version=version, changed=changed
    )
    codes = sorted(code for _, reopened in answers for code in reopened)
    candidature.catalogue_version = version
    candidature.save(update_fields=["catalogue_version", "updated_at"])
    summary = {
        "from": current.number if current else None,
        "to": version.number,
        "reopened": codes,
        "changed_requirements": changed,
        "added_requirements": changes["added"] if current else [],
        "retired_requirements": changes["retired"],
    }
    record("candidature.catalogue_migrated", actor=actor, subject=candidature, new=summary)
    lines = [f"Preuves à déposer de nouveau : {', '.join(codes) or 'aucune'}."]
    if summary["added_requirements"]:
        lines.append(f"Nouvelles exigences : {', '.join(summary['added_requirements'])}.")
    if summary["retired_requirements"]:
        lines.append(f"Exigences retirées : {', '.join(summary['retired_requirements'])}.")
    notify_members(
        candidature,
        kind="candidature.catalogue_migrated",
        title=(
            f"{candidature.solution_name} : instruite selon la version {version.number} "
            f"du catalogue {candidature.dispositif.code}"
        ),
        body="Les preuves des exigences inchangées et leurs avis sont conservés. "
        + " ".join(lines),
    )
    return summary


def _copy_dossier(previous: Candidature, new: Candidature, technical_version: str) -> None:
    """The administrative dossier of the referenced version, with the new version number on
    every commercial name (001 §4.3 « numéro de version technique »)."""
    new.profiles.set(previous.profiles.all())
    for kind, model in ITEM_MODELS.items():
        items = list(model.objects.filter(candidature=previous).order_by("pk"))
        for item in items:
            item.pk = None
            item.candidature = new
            if kind == "commercial_names":
                item.technical_version = technical_version
        model.objects.bulk_create(items)


@transaction.atomic
def open_next_version(
    candidature: Candidature, *, actor, technical_version: str, changed_chapters: Iterable[str]
) -> Candidature:
    """Issue 14 item 5 (001 §1.2 « compatibilité ascendante »): a referenced solution opens
    its version N+1. Same solution, new technical version; the dossier is copied as a draft to
    submit; every evidence item is inherited from version N with its provenance, and those of
    the chapters declared changed, of the requirements changed in the catalogue since, and of
    the catalogue's « toujours redéposer » list must be deposited again."""
    from referencement.catalog.versions import diff
    from referencement.catalog.versions import latest as latest_version

    require_editor_of(actor, candidature)
    previous = for_update(Candidature.objects).select_related("dispositif").get(pk=candidature.pk)
    attestation = hooks.registry().valid_attestation(previous)
    refusal = rules.next_version_refusal(previous, attestation)
    if refusal:
        raise Conflict(refusal)
    dispositif = previous.dispositif
    version_number = technical_version.strip()
    if not version_number:
        raise ValidationError(
            {"technical_version": "Le numéro de version technique est obligatoire."}
        )
    if version_number in previous.technical_version.split(", "):
        raise ValidationError(
            {"technical_version": f"La version {version_number} est celle déjà référencée."}
        )
    chapters = set(changed_chapters)
    known = set(dispositif.chapters.values_list("code", flat=True))
    if chapters - known:
        raise ValidationError(
            {"changed_chapters": f"Chapitre inconnu : {', '.join(sorted(chapters - known))}."}
        )
    catalogue = latest_version(dispositif)
    changed_requirements: set[str] = set()
    if previous.catalogue_version and catalogue and catalogue.pk != previous.catalogue_version_id:
        changes = diff(previous.catalogue_version.snapshot, catalogue.snapshot)
        changed_requirements = {item["code"] for item in changes["changed"]}
    new = Candidature.objects.create(
        editor=previous.editor,
        dispositif=dispositif,
        created_by=actor,
        catalogue_version=catalogue,
        derived_from=previous,
        chapter_changes={
            code: "changed" if code in chapters else "unchanged" for code in sorted(known)
        },
        previous_referencing_number=attestation.number,
        documentation=previous.documentation,
        documentation_name=previous.documentation_name,
        honour_attestation=previous.honour_attestation,
        honour_attestation_name=previous.honour_attestation_name,
        wave1_attestation=previous.wave1_attestation,
        wave1_attestation_name=previous.wave1_attestation_name,
        cnda_filing_proof=previous.cnda_filing_proof,
        cnda_filing_proof_name=previous.cnda_filing_proof_name,
        dossier_details=previous.dossier_details,
        **{
            name: getattr(previous, name)
            for name in DOSSIER_FIELDS
            if name != "previous_referencing_number"
        },
    )
    _copy_dossier(previous, new, version_number)
    always = set(dispositif.always_redeposit)

    def redeposit_reason(chapter: str, codes: set[str]) -> str:
        return rules.redeposit_reason(
            codes,
            chapter,
            changed_chapters=chapters,
            changed_requirements=changed_requirements,
            always=always,
        )

    carried = next_version_opened.send(
        sender=Candidature,
        previous=previous,
        new=new,
        redeposit_reason=redeposit_reason,
        label=f"nouvelle version {version_number}",
        at=calendar.now(),
    )
    record(
        "candidature.next_version_opened",
        actor=actor,
        subject=new,
        new={
            "derived_from": previous.pk,
            "attestation": attestation.number,
            "technical_version": version_number,
            "changed_chapters": sorted(chapters),
            "changed_requirements": sorted(changed_requirements),
        }
        | {key: value for _, account in carried for key, value in account.items()},
    )
    return new
