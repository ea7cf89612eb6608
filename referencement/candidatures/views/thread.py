"""The thread of a candidature: questions, answers and messages with their files, in one
place; the candidature's editor and the agency write in it (404 for any other editor)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referencement.files.storage import blob_store, describe_size
from referencement.files.upload import upload_errors

from ..access import is_own_editor, visible_candidature
from ..exchange_actions import MAX_ATTACHMENTS, post_message
from ..forms import ThreadForm
from ..thread import thread
from .common import perform


@login_required
def thread_page(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    return render(
        request,
        "candidatures/thread.html",
        {
            "title": f"Échanges — {candidature.solution_name}",
            "candidature": candidature,
            "entries": thread(candidature),
            "is_owner": is_own_editor(request.user, candidature),
            "may_write": is_own_editor(request.user, candidature) or request.user.is_agency_staff,
            "max_size": describe_size(settings.EVIDENCE_MAX_FILE_BYTES),
            "max_files": MAX_ATTACHMENTS,
        },
    )


@login_required
@require_POST
def thread_message(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    form = ThreadForm(request.POST, request.FILES)  # parses the body: refusals are known after
    for message in upload_errors(request).values():
        messages.error(request, message)
    if form.is_valid() and not upload_errors(request):
        perform(
            request,
            lambda: post_message(
                candidature,
                actor=request.user,
                body=form.cleaned_data["body"],
                uploads=[(f.pending, f.name) for f in form.cleaned_data["files"]],
            ),
            "Votre message est envoyé.",
        )
    elif not upload_errors(request):
        messages.error(request, "Le message est vide.")
    return redirect(reverse("candidatures:thread", args=[pk]) + "#nouveau-message")


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    candidature = visible_candidature(request.user, pk)
    attachment = get_object_or_404(candidature.attachments.select_related("blob"), pk=attachment_pk)
    return FileResponse(
        blob_store().open(attachment.blob.sha256),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.blob.content_type,
    )
