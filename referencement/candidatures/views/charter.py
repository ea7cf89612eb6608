"""The charter of a dispositif for an editor (001 §4.3, issue 12 item 8): the document, who
accepted which text and when, and — for the validated legal representative only — the
acceptance with a fresh second-factor code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from referencement.accounts.decorators import editor_required
from referencement.accounts.rules import is_legal_representative
from referencement.catalog.views_charter import charter_context, dispositif_with_charter

from .. import charter_actions
from ..forms import CharterAcceptanceForm
from ..models import CharterAcceptance
from ..rules import charter_refusal
from .common import perform


@editor_required
def charter_page(request: HttpRequest, code: str) -> HttpResponse:
    dispositif = dispositif_with_charter(code)
    context = charter_context(dispositif)
    form = CharterAcceptanceForm(request.POST or None, initial={"text_sha256": context["sha256"]})
    may_accept = is_legal_representative(request.user, request.user.editor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def accept() -> None:
            charter_actions.accept_charter(
                dispositif,
                actor=request.user,
                text_sha256=data["text_sha256"],
                otp_token=data["code"],
            )

        if perform(request, accept, "La charte de référencement est acceptée.", form):
            return redirect("candidatures:charter", code)
    acceptances = CharterAcceptance.objects.filter(
        editor_id=request.user.editor_id, dispositif=dispositif
    ).order_by("-accepted_at")
    context.update(
        {
            "form": form,
            "may_accept": may_accept,
            "refusal": charter_refusal(request.user.editor_id, dispositif),
            "acceptances": acceptances.select_related("accepted_by"),
            "editor": request.user.editor,
            "title": f"Charte de référencement — {code}",
        }
    )
    return render(request, "candidatures/charter.html", context)
