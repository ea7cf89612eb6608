"""The administrative dossier read-only (issue 10 item 2): everything the editor declared and
every document, the « récépissé de dépôt » (PDF), and the agency's recevabilité decision
taken beside the dossier (001 §4.3), with a confirmation before a rejection."""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from referencement.audit.actions import record
from referencement.core.pdf import render_pdf

from .. import actions
from ..access import is_own_editor, readable_candidature, visible_candidature
from ..choices import CandidatureStatus as S
from ..choices import SolicitationPhase
from ..forms import AdminReviewForm
from ..recap import dossier_recap
from .common import perform, read_only_dossier_page


def _can_review(user, candidature) -> bool:
    return candidature.status == S.ADMIN_SUBMITTED and (
        getattr(user, "is_instructor", False) or getattr(user, "is_agency_admin", False)
    )


@login_required
@read_only_dossier_page
def recap(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = readable_candidature(request.user, pk)
    return _recap_page(request, candidature, AdminReviewForm())


def _recap_page(request: HttpRequest, candidature, form: AdminReviewForm) -> HttpResponse:
    return render(
        request,
        "candidatures/recap.html",
        {
            "title": f"Dossier administratif — {candidature.solution_name}",
            "candidature": candidature,
            "recap": dossier_recap(candidature),
            "solicitations": candidature.solicitations.filter(phase=SolicitationPhase.ADMIN),
            "is_owner": is_own_editor(request.user, candidature),
            "review_form": form if _can_review(request.user, candidature) else None,
        },
    )


@login_required
@read_only_dossier_page
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt of the submitted dossier; the same dossier always gives the same PDF,
    so its SHA-256 (sent as Repr-Digest, RFC 9530, and audited) identifies it."""
    candidature = readable_candidature(request.user, pk)
    if candidature.admin_submitted_at is None:
        raise Http404("Le dossier administratif n'a pas encore été soumis.")
    recap_ = dossier_recap(candidature)
    pdf = render_pdf("candidatures/pdf/receipt.html", {"candidature": candidature, "recap": recap_})
    digest = hashlib.sha256(pdf)
    record(
        "candidature.receipt_issued",
        actor=request.user,
        subject=candidature,
        new={"sha256": digest.hexdigest(), "dossier_sha256": recap_.fingerprint},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"recepisse-depot-{candidature.pk}.pdf"
    )
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(digest.digest()).decode()}:"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def admin_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Recevable, complément or rejet. A rejection ends the candidature: it is asked twice,
    the second time on a page that says so (the default choice is to go back)."""
    candidature = visible_candidature(request.user, pk)
    form = AdminReviewForm(request.POST)
    if not form.is_valid():
        return _recap_page(request, candidature, form)
    decision, text = form.cleaned_data["decision"], form.cleaned_data["text"]
    if decision == "reject" and request.POST.get("confirmed") != "oui":
        if not text.strip():
            form.add_error("text", "Le motif du rejet est obligatoire.")
            return _recap_page(request, candidature, form)
        return render(
            request,
            "candidatures/confirm_reject.html",
            {"title": "Rejeter le dossier", "candidature": candidature, "reason": text},
        )
    runs = {
        "accept": (
            lambda: actions.accept_dossier(candidature, actor=request.user),
            "Le dossier administratif est déclaré recevable.",
        ),
        "reject": (
            lambda: actions.reject_dossier(candidature, actor=request.user, reason=text),
            "Le dossier administratif est rejeté.",
        ),
        "solicit": (
            lambda: actions.send_admin_solicitation(candidature, actor=request.user, question=text),
            "La demande de complément est envoyée.",
        ),
    }
    if not perform(request, *runs[decision], form=form):
        if form.errors:
            return _recap_page(request, candidature, form)
        messages.warning(request, "La décision n'a pas été enregistrée.")
    return redirect("candidatures:recap", pk)
