"""Writing in the thread of a candidature (issue 11 item 4): files joined to an answer or a
message, and messages outside any solicitation, which start no clock (000 §4.2, 002 §4.2,
004 §4.6: the editor may « solliciter l'ANS … pour toute question »)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from referencement.audit.actions import record
from referencement.catalog import calendar
from referencement.files.storage import store_blob
from referencement.lib.blobstore import PendingBlob

from .access import is_own_editor
from .models import Attachment, Candidature, Message, Solicitation
from .notify import notify_editor

# At most this many files joined to one answer or message.
MAX_ATTACHMENTS = 10

Upload = tuple[PendingBlob, str]


def attach_files(
    candidature: Candidature,
    uploads: Iterable[Upload],
    *,
    actor,
    solicitation: Solicitation | None = None,
    message: Message | None = None,
) -> list[Attachment]:
    """Store each received file once (content-addressed) and join it; the caller holds the
    transaction and has checked who may write."""
    uploads = list(uploads)
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(f"{MAX_ATTACHMENTS} pièces jointes au plus par envoi.")
    attachments = []
    for pending, filename in uploads:
        blob = store_blob(pending)
        attachments.append(
            Attachment.objects.create(
                candidature=candidature,
                solicitation=solicitation,
                message=message,
                blob=blob,
                filename=filename[:255],
                uploaded_by=actor,
                uploaded_at=calendar.now(),
            )
        )
    return attachments


@transaction.atomic
def post_message(
    candidature: Candidature, *, actor, body: str, uploads: Iterable[Upload] = ()
) -> Message:
    """The candidature's editor or the agency writes in the thread; no deadline follows."""
    from_agency = bool(getattr(actor, "is_agency_staff", False))
    if not from_agency and not is_own_editor(actor, candidature):
        raise PermissionDenied("Seuls l'éditeur candidat et l'agence écrivent dans ces échanges.")
    if not body.strip():
        raise ValidationError({"body": "Le message est vide."})
    message = Message.objects.create(
        candidature=candidature,
        body=body.strip(),
        from_agency=from_agency,
        author=actor,
        sent_at=calendar.now(),
    )
    attachments = attach_files(candidature, uploads, actor=actor, message=message)
    record(
        "candidature.message_posted",
        actor=actor,
        subject=candidature,
        new={
            "message": message.pk,
            "from_agency": from_agency,
            "attachments": [a.blob.sha256 for a in attachments],
        },
    )
    if from_agency:
        notify_editor(candidature, "Message de l'agence", message.body)
    return message
