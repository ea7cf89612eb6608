"""The attestation issued once the CNDA attestation is judged (001 §4.4, 003 §4.4): the
collège attributed the referencing on the pre-examination report; agency staff issue the
attestation when the instruction page shows the CNDA attestation conforme."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_staff_required
from referencement.candidatures.models import Candidature
from referencement.candidatures.views.common import perform

from .actions import issue_after_cnda


@agency_staff_required
@require_POST
def issue_after_cnda_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = get_object_or_404(Candidature, pk=pk)
    perform(
        request,
        lambda: issue_after_cnda(candidature, actor=request.user),
        "L'attestation de référencement est délivrée.",
    )
    return redirect("instruction:candidature", pk)
