"""Public pages of the registry (no login): the list and the verification by number."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from referencement.catalog.models import Dispositif

from .edition_content import candidate_rows, edition_in_force, referenced_rows
from .edition_http import cached, not_modified
from .feed import atom
from .forms import RegistryFilterForm, VerifyForm
from .models import Attestation
from .page_cache import is_anonymous_visit, prebuilt

PAGE_SIZE = 25


def registry_view(request: HttpRequest) -> HttpResponse:
    """Answered from the edition in force (now, or on the date asked), which it cites;
    prebuilt for visitors without a session."""
    if is_anonymous_visit(request):
        return prebuilt(request, lambda: _registry_page(request))
    return _registry_page(request)


def _registry_page(request: HttpRequest) -> HttpResponse:
    form = RegistryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    at, dispositif, q = filters.get("at"), filters.get("dispositif", ""), filters.get("q", "")
    show_candidates = request.GET.get("liste") == "candidats" and at is None
    edition = edition_in_force(at)
    rows = (
        candidate_rows(edition, dispositif=dispositif, q=q)
        if show_candidates
        else referenced_rows(edition, at, dispositif=dispositif, q=q)
    )
    params = {
        k: v
        for k, v in {"at": at.isoformat() if at else "", "dispositif": dispositif, "q": q}.items()
        if v
    }
    context = {
        "form": form,
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "show_candidates": show_candidates,
        "confidential": _confidential(dispositif) if show_candidates else None,
        "at": at,
        "edition": edition,
        "query": urlencode(params),
        "title": "Registre public du référencement",
    }
    return render(request, "registry/list.html", context, status=400 if form.errors else 200)


def _confidential(code: str) -> Dispositif | None:
    """000 §4.3, 002 §4.3, 004 §4.7: the filtered dispositif keeps its candidates
    confidential; its empty list says so (citing its text) rather than « no candidate »."""
    if not code:
        return None
    return Dispositif.objects.filter(code=code, candidates_public=False).first()


def feed_atom_view(request: HttpRequest) -> HttpResponse:
    edition = edition_in_force()
    if unchanged := not_modified(request, edition):
        return unchanged
    dispositif = request.GET.get("dispositif", "")
    response = HttpResponse(atom(dispositif), content_type="application/atom+xml; charset=utf-8")
    return cached(response, edition)


def verify_view(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("registry:attestation", number=form.cleaned_data["numero"].strip().upper())
    return render(
        request,
        "registry/verify.html",
        {"form": form, "title": "Vérifier une attestation"},
        status=400 if form.errors else 200,
    )


def attestation_view(request: HttpRequest, number: str) -> HttpResponse:
    attestation = (
        Attestation.objects.select_related("dispositif").filter(number__iexact=number).first()
    )
    if attestation is None:
        return render(
            request,
            "registry/verify.html",
            {
                "form": VerifyForm(initial={"numero": number}),
                "unknown": number,
                "title": "Vérifier une attestation",
            },
            status=404,
        )
    context = {
        "attestation": attestation,
        "events": attestation.events.all(),
        "api_url": reverse("api:attestation_detail", args=[attestation.number]),
        "title": f"Attestation {attestation.number}",
    }
    return render(request, "registry/attestation.html", context)


def attestation_pdf_view(request: HttpRequest, number: str) -> HttpResponse:
    """The PDF itself goes to the editor who holds it and to the agency (404 otherwise)."""
    attestation = get_object_or_404(Attestation, number=number)
    user = request.user
    owner = (
        getattr(user, "is_editor", False) and user.editor_id == attestation.candidature.editor_id
    )
    if not (owner or getattr(user, "is_agency_staff", False)):
        raise Http404
    if not attestation.pdf:  # a worker renders it just after the attribution
        raise Http404("L'attestation est en cours de préparation : réessayez dans un instant.")
    with attestation.pdf.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{attestation.number}.pdf"'
    return response
