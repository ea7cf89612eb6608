"""The editor's legal representative, verified by the agency (issue 16 item 6): an editor
admin asks for a change with the supporting document (Kbis or delegation); an agency admin
validates it, and only then does that account sign conventions under the verified name."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from referencement.audit.actions import record
from referencement.core.locking import for_update

from .models import Editor, RepresentativeRequest, User

PDF_MAGIC = b"%PDF"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _document_error(document) -> str | None:
    if document.size > MAX_DOCUMENT_BYTES:
        return "La pièce justificative dépasse 10 Mo."
    head = document.read(4)
    document.seek(0)
    if head != PDF_MAGIC:
        return "La pièce justificative doit être un PDF."
    return None


@transaction.atomic
def request_representative_change(
    editor: Editor, *, actor: User, user: User, full_name: str, function: str, kind: str, document
) -> RepresentativeRequest:
    if not (actor.is_editor_admin and actor.editor_id == editor.pk):
        raise PermissionDenied
    if not (user.is_active and user.editor_id == editor.pk):
        raise ValidationError({"user": "Le signataire doit être un membre actif de l'éditeur."})
    error = _document_error(document)
    if error:
        raise ValidationError({"document": error})
    request = RepresentativeRequest.objects.create(
        editor=editor,
        user=user,
        full_name=full_name.strip(),
        function=function.strip(),
        document_kind=kind,
        document=document,
        requested_by=actor,
    )
    record(
        "editor.representative_requested",
        actor=actor,
        subject=editor,
        new={"request": request.pk, "user": user.email, "full_name": request.full_name},
    )
    return request


def _locked_pending(request: RepresentativeRequest, actor: User) -> RepresentativeRequest:
    if not actor.is_agency_admin:
        raise PermissionDenied
    request = for_update(RepresentativeRequest.objects).get(pk=request.pk)
    if request.status != RepresentativeRequest.Status.PENDING:
        raise ValidationError("Cette demande a déjà été traitée.")
    return request


@transaction.atomic
def validate_representative(request: RepresentativeRequest, *, actor: User) -> Editor:
    """The agency checked the document: the account becomes the editor's signatory and its
    verified name is the one on the signed conventions."""
    request = _locked_pending(request, actor)
    editor = for_update(Editor.objects).get(pk=request.editor_id)
    if not (request.user.is_active and request.user.editor_id == editor.pk):
        raise ValidationError("Le compte proposé n'est plus un membre actif de l'éditeur.")
    old = {
        "user": getattr(editor.legal_representative_user, "email", None),
        "name": editor.legal_representative,
    }
    editor.legal_representative_user = request.user
    editor.legal_representative_verified_at = timezone.now()
    editor.legal_representative = request.full_name
    editor.legal_representative_function = request.function
    editor.legal_representative_email = request.user.email
    editor.save()
    request.status = RepresentativeRequest.Status.VALIDATED
    request.decided_by = actor
    request.decided_at = editor.legal_representative_verified_at
    request.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        "editor.representative_validated",
        actor=actor,
        subject=editor,
        old=old,
        new={"user": request.user.email, "name": request.full_name, "request": request.pk},
    )
    return editor


@transaction.atomic
def refuse_representative(request: RepresentativeRequest, *, actor: User, reason: str) -> None:
    request = _locked_pending(request, actor)
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif du refus."})
    request.status = RepresentativeRequest.Status.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.refusal_reason = reason.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
    record(
        "editor.representative_refused",
        actor=actor,
        subject=request.editor,
        new={"request": request.pk, "reason": request.refusal_reason},
    )
