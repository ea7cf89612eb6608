"""The editor's page of the outcome: convention (download, electronic signature; with the
application where 004 §4.2 says so), collège decisions, attestations, re-deposit after a
refusal (404 for another editor)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import editor_required
from referencement.accounts.rules import is_legal_representative
from referencement.instruction.views_editor import own_candidature

from .actions import prepare_application_convention, reopen_after_refusal, sign_convention
from .forms import SignatureForm
from .models import Convention
from .rules import application_convention_problems, application_draft_refusal, signature_refusal


@editor_required
def outcome_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = own_candidature(request, pk)
    convention = Convention.objects.filter(candidature=candidature).first()
    form = SignatureForm(request.POST or None)
    sign_refusal = signature_refusal(candidature, convention) if convention else ""
    if request.method == "POST" and convention is not None and form.is_valid():
        try:
            sign_convention(
                convention, actor=request.user, otp_token=form.cleaned_data["otp_token"]
            )
            messages.success(request, "Convention signée.")
            return redirect("college:editor_outcome", pk=pk)
        except ValidationError as error:
            form.add_error("otp_token", " ".join(error.messages))
    context = {
        "candidature": candidature,
        "convention": convention,
        "form": form,
        "may_sign": is_legal_representative(request.user, candidature.editor),
        "sign_refusal": sign_refusal,
        # A draft on the dossier's current data waits for its signature: no new one offered.
        "draft_to_sign": convention is not None and not sign_refusal,
        # 004 §4.2: the convention signed with the application.
        "with_application": candidature.dispositif.convention_with_application,
        "convention_problems": application_convention_problems(candidature),
        "draft_refusal": application_draft_refusal(candidature),
        "decisions": candidature.decisions.confirmed().select_related("session"),
        "attestations": candidature.attestations.all(),
        "title": f"Convention et décision — {candidature}",
    }
    return render(request, "college/editor_outcome.html", context)


@editor_required
@require_POST
def prepare_view(request: HttpRequest, pk: int) -> HttpResponse:
    """004 §4.2: the draft of the convention signed with the application."""
    candidature = own_candidature(request, pk)
    try:
        prepare_application_convention(candidature, actor=request.user)
        messages.success(request, "Le projet de convention est prêt à signer.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("college:editor_outcome", pk=pk)


@editor_required
def convention_pdf_view(request: HttpRequest, pk: int) -> FileResponse:
    candidature = own_candidature(request, pk)
    convention = Convention.objects.filter(candidature=candidature).first()
    if convention is None:
        raise Http404
    document = convention.signed if convention.is_signed else convention.draft
    # Stored under its hash (issue 15 item 7): the download keeps a readable name.
    return FileResponse(
        document.open("rb"),
        content_type="application/pdf",
        filename=f"convention-{candidature.pk}.pdf",
    )


@editor_required
@require_POST
def reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = own_candidature(request, pk)
    if request.POST.get("confirm") != "oui":
        context = {"candidature": candidature, "title": "Redéposer les preuves non conformes"}
        return render(request, "college/confirm_reopen.html", context)
    try:
        reopen_after_refusal(candidature, actor=request.user)
        messages.success(request, "Le dépôt des preuves est rouvert.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("college:editor_outcome", pk=pk)
