"""Opening a dossier: choose the dispositif and accept its charter (001 §4.3)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from referencement.accounts.decorators import editor_required
from referencement.core.idempotency import once

from .. import actions
from ..forms import CreateCandidatureForm
from ..models import Candidature
from .common import perform


@editor_required
def candidature_create(request: HttpRequest) -> HttpResponse:
    form = CreateCandidatureForm(request.POST or None)
    created = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def open_dossier() -> Candidature:
            actions.accept_charter(data["dispositif"], actor=request.user)
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
    return render(
        request,
        "candidatures/create.html",
        {
            "title": "Nouvelle candidature",
            "form": form,
            "dispositifs": form.fields["dispositif"].queryset,
        },
    )
