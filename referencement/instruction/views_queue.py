"""The instruction queue page (agency staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_staff_required
from referencement.candidatures.deadlines import next_deadline
from referencement.candidatures.models import Candidature
from referencement.catalog.calendar import now

from .actions import start_instruction
from .assignment import assigned_scope, scope_notice
from .field_test_queries import missed_field_tests
from .field_test_rules import MISSED
from .forms import QueueFilterForm
from .queue import page_of, queue

PAGE_SIZE = 25


@agency_staff_required
def queue_view(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    dispositif = form.cleaned_data.get("dispositif") if form.is_valid() else None
    candidatures = assigned_scope(queue(dispositif.pk if dispositif else None), request.user)
    if request.GET.get("moi"):
        candidatures = candidatures.filter(instructor=request.user)
    page, rows = page_of(candidatures, request.GET.get("page"), PAGE_SIZE)
    # Issue 10 item 6: a passed queue guarantee or milestone is flagged « dépassée » here too.
    deadlines = [next_deadline(candidature) for candidature in rows]
    at = now()
    # Issue 12 item 9: a field test window passed without a session is flagged for decision.
    missed = missed_field_tests(rows, at)
    context = {
        "form": form,
        "page_obj": page,
        "rows": [
            (c, deadline, c.pk in missed) for c, deadline in zip(rows, deadlines, strict=True)
        ],
        "missed_label": MISSED,
        "now": at,
        "scope": scope_notice(request.user),
        "title": "File d'instruction",
    }
    return render(request, "instruction/queue.html", context)


@agency_staff_required
@require_POST
def start_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = get_object_or_404(Candidature, pk=pk)
    try:
        start_instruction(candidature, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("instruction:queue")
    messages.success(request, "Instruction commencée : le dossier vous est attribué.")
    return redirect("instruction:candidature", pk=pk)
