"""Réserves to lift (004 §4.5): the editor deposits a correction against each reserve and
declares them ready; an instructor judges each correction, the collège lifts (404 for
another editor)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referencement.candidatures.access import is_own_editor, visible_candidature
from referencement.candidatures.views.common import perform
from referencement.catalog.calendar import now
from referencement.files.storage import blob_store, describe_size
from referencement.files.upload import upload_errors
from referencement.instruction.rules import may_instruct

from .choices import CorrectionVerdict
from .correction_actions import judge_correction
from .forms import CorrectionForm, CorrectionVerdictForm, ReadyForm
from .models import Decision, ReserveCorrection
from .reserve_actions import declare_corrections_ready, deposit_correction
from .rules import correction_refusal, latest_correction, lift_refusal
from .seating import may_sit


def _decision(candidature) -> Decision:
    decision = (
        candidature.decisions.filter(reserves__isnull=False)
        .distinct()
        .order_by("-decided_at")
        .first()
    )
    if decision is None:
        raise Http404("Aucune réserve pour cette candidature.")
    return decision


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("college:reserves", args=[pk]) + anchor)


@login_required
def reserves_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    decision = _decision(candidature)
    owner = is_own_editor(request.user, candidature)
    reserves = list(decision.reserves.prefetch_related("corrections__deposited_by"))
    judging = (
        may_instruct(request.user)
        and decision.corrections_ready_at is not None
        and not decision.lift_proposed_by_id
        and not decision.reserves_lifted_at
    )
    for reserve in reserves:
        latest = latest_correction(reserve)
        reserve.judgeable_pk = latest.pk if judging and latest and not latest.verdict else None
    context = {
        "title": f"Réserves à lever — {candidature.solution_name}",
        "candidature": candidature,
        "decision": decision,
        "reserves": reserves,
        "is_owner": owner,
        "closed_reason": correction_refusal(decision, now()),
        "lift_refusal": lift_refusal(decision),
        "may_lift": may_sit(request.user),
        "max_size": describe_size(settings.EVIDENCE_MAX_FILE_BYTES),
        "ready_form": ReadyForm(),
    }
    return render(request, "college/reserves.html", context)


@login_required
@require_POST
def correction_view(request: HttpRequest, pk: int, reserve_pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    reserve = get_object_or_404(_decision(candidature).reserves, pk=reserve_pk)
    form = CorrectionForm(request.POST, request.FILES)  # parses the body: refusals after
    for message in upload_errors(request).values():
        messages.error(request, message)
    if upload_errors(request):
        return _back(pk, f"#reserve-{reserve.number}")
    if not form.is_valid():
        messages.error(request, "Décrivez la correction apportée.")
        return _back(pk, f"#reserve-{reserve.number}")
    upload = form.cleaned_data["file"]
    perform(
        request,
        lambda: deposit_correction(
            reserve,
            actor=request.user,
            note=form.cleaned_data["note"],
            upload=(upload.pending, upload.name) if upload else None,
        ),
        f"La correction de la réserve n° {reserve.number} est déposée.",
    )
    return _back(pk, f"#reserve-{reserve.number}")


@login_required
@require_POST
def ready_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    decision = _decision(candidature)
    if not ReadyForm(request.POST).is_valid():
        messages.error(request, "Cochez la case pour confirmer que chaque réserve est corrigée.")
        return _back(pk, "#corrections-pretes")
    perform(
        request,
        lambda: declare_corrections_ready(decision, actor=request.user),
        "Les corrections sont transmises à l'agence, qui les examine avant de lever les réserves.",
    )
    return _back(pk)


@login_required
@require_POST
def judge_view(request: HttpRequest, pk: int, correction_pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    correction = get_object_or_404(
        ReserveCorrection, pk=correction_pk, reserve__decision__candidature=candidature
    )
    form = CorrectionVerdictForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez un avis sur la correction.")
        return _back(pk, f"#reserve-{correction.reserve.number}")
    accepted = form.cleaned_data["verdict"] == CorrectionVerdict.ACCEPTED
    perform(
        request,
        lambda: judge_correction(
            correction, accepted=accepted, comment=form.cleaned_data["comment"], actor=request.user
        ),
        f"Avis enregistré sur la correction de la réserve n° {correction.reserve.number}.",
    )
    return _back(pk, f"#reserve-{correction.reserve.number}")


@login_required
def correction_file_view(request: HttpRequest, pk: int, correction_pk: int) -> FileResponse:
    candidature = visible_candidature(request.user, pk)
    correction = get_object_or_404(
        ReserveCorrection.objects.select_related("blob"),
        pk=correction_pk,
        reserve__decision__candidature=candidature,
        blob__isnull=False,
    )
    return FileResponse(
        blob_store().open(correction.blob.sha256),
        as_attachment=True,
        filename=correction.filename,
        content_type=correction.blob.content_type,
    )
