"""Agency pages of the registry: referenced solutions, audits, withdrawal and revocation
(with a confirmation step)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_admin_required, agency_staff_required
from referencement.catalog.calendar import now, paris_datetime

from .actions import end_referencing, record_audit
from .choices import EventKind
from .forms import AuditForm, EndForm
from .models import Attestation

PAGE_SIZE = 25


@agency_staff_required
def manage_list_view(request: HttpRequest) -> HttpResponse:
    attestations = Attestation.objects.select_related("dispositif")
    page = Paginator(attestations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "registry/manage_list.html", {"page_obj": page, "title": "Référencements"}
    )


@agency_staff_required
def manage_view(request: HttpRequest, number: str) -> HttpResponse:
    attestation = get_object_or_404(Attestation, number=number)
    context = {
        "attestation": attestation,
        "audits": attestation.audits.select_related("recorded_by"),
        "events": attestation.events.all(),
        "audit_form": AuditForm(initial={"conducted_on": now().date()}),
        "end_form": EndForm(initial={"effective_on": now().date()}),
        "title": f"Référencement {attestation.number}",
    }
    return render(request, "registry/manage.html", context)


@agency_admin_required
@require_POST
def audit_view(request: HttpRequest, number: str) -> HttpResponse:
    attestation = get_object_or_404(Attestation, number=number)
    form = AuditForm(request.POST)
    if form.is_valid():
        try:
            record_audit(attestation, actor=request.user, **form.cleaned_data)
            messages.success(request, "Audit enregistré.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Formulaire d'audit incomplet.")
    return redirect("registry:manage", number=number)


@agency_admin_required
@require_POST
def end_view(request: HttpRequest, number: str) -> HttpResponse:
    """First POST shows the confirmation page; the confirmed POST ends the referencing."""
    attestation = get_object_or_404(Attestation, number=number)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez la mesure, sa date d'effet et ses motifs.")
        return redirect("registry:manage", number=number)
    data = form.cleaned_data
    if request.POST.get("confirm") != "oui":
        context = {
            "attestation": attestation,
            "form": form,
            "label": EventKind(data["kind"]).label,
            "title": "Confirmer la fin du référencement",
        }
        return render(request, "registry/end_confirm.html", context)
    try:
        end_referencing(
            attestation,
            kind=data["kind"],
            reason=data["reason"],
            effective_at=paris_datetime(data["effective_on"]),
            actor=request.user,
        )
        messages.success(request, f"{EventKind(data['kind']).label} enregistré.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("registry:manage", number=number)
