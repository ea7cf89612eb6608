"""Editor API of the evidence dossier (issue 4 item 7) and the conformity check of a file
(issue 6 item 8)."""

from __future__ import annotations

from django.http import JsonResponse
from ninja import File, Form, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile

from referencement.accounts.api_auth import api_auth
from referencement.candidatures.access import visible_candidature
from referencement.candidatures.serializers import candidature_summary
from referencement.catalog import calendar
from referencement.conformity import validate
from referencement.conformity.paths import default_schematron_dir
from referencement.core.idempotency import IDEMPOTENT, header_key, once
from referencement.files.upload import refuse_oversized_file

from . import actions
from .expected import chapter_progress, expected_items

router = Router(tags=["Preuves"], auth=api_auth)


def _version(version) -> dict:
    return {
        "number": version.number,
        "filename": version.filename,
        "sha256": version.blob.sha256 if version.blob_id else None,
        "size": version.blob.size if version.blob_id else None,
        "content_type": version.blob.content_type if version.blob_id else None,
        "text": version.text,
        "deposited_at": calendar.to_paris(version.deposited_at).isoformat(),
        "conformity_status": version.conformity_status,
        "conformity_report": version.conformity_report,
    }


@router.get(
    "/candidatures/{candidature_id}/expected-evidence",
    summary="Preuves attendues, par chapitre, avec leurs dépôts",
    response=dict,
)
def expected_evidence(request, candidature_id: int):
    candidature = visible_candidature(request.auth, candidature_id)
    items = expected_items(candidature)
    chapters = []
    for progress in chapter_progress(candidature, items):
        chapters.append(
            {
                "chapter": progress.code or None,
                "title": progress.title,
                "required": progress.required,
                "deposited": progress.deposited,
                "submitted_at": (
                    calendar.to_paris(progress.submitted_at).isoformat()
                    if progress.submitted_at
                    else None
                ),
                "items": [
                    {
                        "item": item.code,
                        "label": item.label,
                        "kind": item.kind,
                        "required": item.required,
                        "equivalence": bool(item.evidence and item.evidence.equivalence),
                        "versions": item.version_count,
                    }
                    for item in progress.items
                ],
            }
        )
    return {"candidature": candidature_summary(candidature), "chapters": chapters}


@router.post(
    "/candidatures/{candidature_id}/evidence",
    url_name="candidature_evidence_deposit",
    summary="Déposer une preuve (fichier et/ou texte) : nouvelle version",
    description=IDEMPOTENT,
    response={201: dict},
)
def deposit(
    request,
    candidature_id: int,
    item: Form[str],
    text: Form[str] = "",
    file: File[UploadedFile] = None,
):
    candidature = visible_candidature(request.auth, candidature_id)
    refuse_oversized_file(request)
    version = once(
        request.auth,
        header_key(request),
        "evidence.deposit",
        lambda: actions.deposit(
            candidature,
            item,
            actor=request.auth,
            pending=file.pending if file is not None else None,
            filename=file.name if file is not None else "",
            text=text,
        ),
    )
    return JsonResponse({"item": item, **_version(version)}, status=201)


@router.get(
    "/candidatures/{candidature_id}/evidence/{path:item}/versions",
    summary="Historique des dépôts d'une preuve",
    response=dict,
)
def versions(request, candidature_id: int, item: str):
    candidature = visible_candidature(request.auth, candidature_id)
    match = next((i for i in expected_items(candidature) if i.code == item), None)
    if match is None:
        raise HttpError(404, "Preuve attendue inconnue pour ce dossier.")
    rows = match.evidence.versions.select_related("blob") if match.evidence else []
    return {"item": item, "versions": [_version(v) for v in rows]}


@router.post(
    "/candidatures/{candidature_id}/chapters/{chapter}/submit",
    summary="Soumettre un chapitre complet de preuves",
    response=dict,
)
def submit_chapter(request, candidature_id: int, chapter: str):
    candidature = visible_candidature(request.auth, candidature_id)
    submission = actions.submit_chapter(candidature, chapter, actor=request.auth)
    candidature.refresh_from_db()
    return {
        "chapter": chapter,
        "submitted_at": calendar.to_paris(submission.submitted_at).isoformat(),
        "candidature": candidature_summary(candidature),
    }


@router.post(
    "/candidatures/{candidature_id}/evidence/submit",
    summary="Soumettre le dossier complet de preuves",
    response=dict,
)
def submit_dossier(request, candidature_id: int):
    candidature = visible_candidature(request.auth, candidature_id)
    actions.submit_evidence_dossier(candidature, actor=request.auth)
    return candidature_summary(candidature)


@router.post(
    "/conformity/validate",
    url_name="conformity_validate",
    summary="Contrôle automatique de conformité d'un fichier (sans dépôt)",
    response=dict,
)
def conformity_validate(request, file: File[UploadedFile] = None):
    refuse_oversized_file(request)
    if file is None:
        raise HttpError(400, "Joignez un fichier.")
    report = validate(file.read_all(), filename=file.name, schematron_dir=default_schematron_dir())
    return report.to_dict()
