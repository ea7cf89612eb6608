"""Opening a dossier: choose a dispositif whose charter the editor accepted (001 §4.3)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from referencement.accounts.decorators import editor_required
from referencement.core.idempotency import once

from .. import actions
from ..forms import CreateCandidatureForm
from ..models import Candidature
from ..rules import charter_refusal
from .common import perform


@editor_required
def candidature_create(request: HttpRequest) -> HttpResponse:
    form = CreateCandidatureForm(request.POST or None)
    created = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def open_dossier() -> Candidature:
            return actions.create_candidature(
                data["dispositif"], actor=request.user, solution_name=data["solution_name"]
            )

        def run() -> None:
            # A double submit leads to the dossier the first submit opened.
            created["candidature"] = once(
                request.user, data["idempotency_key"], "candidature.create", open_dossier
            )

        if perform(request, run, "Le dossier de candidature est ouvert.", form):
            return redirect("candidatures:dossier_edit", created["candidature"].pk)
    charters = [
        (dispositif, charter_refusal(request.user.editor_id, dispositif))
        for dispositif in form.fields["dispositif"].queryset
    ]
    return render(
        request,
        "candidatures/create.html",
        {"title": "Nouvelle candidature", "form": form, "charters": charters},
    )
