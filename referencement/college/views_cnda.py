"""The attestation issued once the CNDA attestation is judged (001 §4.4, 003 §4.4): the
collège attributed the referencing on the pre-examination report; agency staff issue the
attestation when the instruction page shows the CNDA attestation conforme."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from referencement.candidatures.access import visible_candidature
from referencement.candidatures.views.common import perform

from .actions import issue_after_cnda


@login_required
@require_POST
def issue_after_cnda_view(request: HttpRequest, pk: int) -> HttpResponse:
    """404 for another editor (isolation); the action itself is refused to an editor."""
    candidature = visible_candidature(request.user, pk)
    perform(
        request,
        lambda: issue_after_cnda(candidature, actor=request.user),
        "L'attestation de référencement est délivrée.",
    )
    if request.user.is_agency_staff:
        return redirect("instruction:candidature", pk)
    return redirect("candidatures:detail", pk)
