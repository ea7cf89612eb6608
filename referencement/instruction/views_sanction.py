"""Suspension and exclusion for breach of the charter (000 §4.4, 002 §4.4, 004 §4.8), from
the candidature's page: each behind a confirmation page that restates the consequence."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from referencement.accounts.decorators import agency_admin_required
from referencement.candidatures.access import readable_candidature

from .sanction_actions import exclude, resume, suspend


class Sanction(NamedTuple):
    title: str
    consequence: str
    submit: str
    success: str
    act: Callable[..., object]  # (candidature, reason, actor)
    asks_reason: bool = True


SANCTIONS = {
    "suspendre": Sanction(
        "Suspendre la candidature",
        "L'instruction s'arrête et son décompte est suspendu ; l'éditeur est notifié avec le "
        "motif. La candidature reprendra où elle en était lorsque la suspension sera levée.",
        "Oui, suspendre la candidature",
        "La candidature est suspendue ; l'éditeur en est notifié.",
        lambda candidature, reason, actor: suspend(candidature, reason=reason, actor=actor),
    ),
    "lever": Sanction(
        "Lever la suspension",
        "La candidature reprend où elle en était et le décompte de l'instruction repart ; "
        "l'éditeur est notifié.",
        "Oui, lever la suspension",
        "La suspension est levée : la candidature reprend son cours.",
        lambda candidature, reason, actor: resume(candidature, actor=actor),
        asks_reason=False,
    ),
    "exclure": Sanction(
        "Exclure la candidature",
        "Cette décision est définitive : la candidature quitte le processus de référencement "
        "et ne peut plus reprendre. L'éditeur est notifié avec le motif.",
        "Oui, exclure définitivement",
        "La candidature est exclue du processus de référencement ; l'éditeur en est notifié.",
        lambda candidature, reason, actor: exclude(candidature, reason=reason, actor=actor),
    ),
}


@agency_admin_required
def sanction_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in SANCTIONS:
        raise Http404("Action inconnue.")
    candidature = readable_candidature(request.user, pk)
    sanction = SANCTIONS[kind]
    reason = request.POST.get("reason", "")
    error = None
    if request.method == "POST":
        try:
            sanction.act(candidature, reason, request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, sanction.success)
            return redirect("candidatures:detail", pk)
    context = {
        "title": f"{sanction.title} — {candidature.solution_name}",
        "sanction": sanction,
        "candidature": candidature,
        "reason": reason,
        "error": error,
        "final": kind == "exclure",
        "cancel_url": reverse("candidatures:detail", args=[pk]),
    }
    return render(request, "instruction/confirm_sanction.html", context)
