"""« Nouvelle version » of a referenced solution (issue 14 item 5, 001 §1.2)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import actions, hooks, rules
from ..access import is_own_editor, visible_candidature
from ..forms import NextVersionForm
from .common import perform


@login_required
def next_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the editor's own people reach it (another editor: 404, as for any of its pages)."""
    candidature = visible_candidature(request.user, pk)
    if not is_own_editor(request.user, candidature):
        raise Http404("Candidature introuvable.")
    attestation = hooks.registry().valid_attestation(candidature)
    chapters = candidature.dispositif.chapters.order_by("order", "code")
    form = NextVersionForm(request.POST or None, chapters=chapters)
    created = []
    if request.method == "POST" and form.is_valid():
        opened = perform(
            request,
            lambda: created.append(
                actions.open_next_version(
                    candidature,
                    actor=request.user,
                    technical_version=form.cleaned_data["technical_version"],
                    changed_chapters=form.cleaned_data["changed_chapters"],
                )
            ),
            "La nouvelle version est ouverte : vérifiez puis soumettez son dossier "
            "administratif ; les preuves de la version référencée sont reprises.",
            form,
        )
        if opened:
            return redirect("candidatures:detail", created[0].pk)
    return render(
        request,
        "candidatures/next_version.html",
        {
            "title": f"Nouvelle version de {candidature.solution_name}",
            "candidature": candidature,
            "attestation": attestation,
            "refusal": rules.next_version_refusal(candidature, attestation),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
