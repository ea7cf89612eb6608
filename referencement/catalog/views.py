"""Public pages of the dispositifs and their catalogues."""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from referencement.accounts.models import Editor

from . import calendar
from .choices import CatalogStatus
from .exports import CONTENT_TYPES, write_requirements
from .forms import RequirementFilterForm
from .models import Dispositif, Profile, Requirement
from .rules import applicable_requirements, validate_profile_selection
from .versions import latest

PAGE_SIZE = 50


def _dispositifs() -> QuerySet[Dispositif]:
    return Dispositif.objects.prefetch_related("milestones")


def dispositif_list_view(request: HttpRequest) -> HttpResponse:
    at = calendar.now()
    rows = [(d, calendar.phase_states(d, at)) for d in _dispositifs()]
    return render(request, "catalog/dispositif_list.html", {"rows": rows, "title": "Dispositifs"})


def dispositif_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    dispositif = get_object_or_404(
        _dispositifs().prefetch_related(
            Prefetch(
                "profiles",
                queryset=Profile.objects.select_related("origin").defer("origin__snapshot"),
            ),
            "rules__profiles",
            "chapters",
        ),
        code=code,
    )
    context = {
        "dispositif": dispositif,
        "phases": calendar.phase_states(dispositif),
        "delays": _delays(dispositif),
        "convention_assumed": dispositif.is_assumed("convention"),
        "notes": _parameter_notes(dispositif),
        "requirement_count": dispositif.requirements.filter(status=CatalogStatus.ACTIVE).count(),
        # 000 §3.3, 004 §4.4: what the field test session reviews, as catalogue data.
        "field_test_chapters": [c.title for c in dispositif.chapters.all() if c.field_test],
        "field_test_requirements": dispositif.requirements.filter(
            status=CatalogStatus.ACTIVE, field_test=True
        ).count(),
        "current_version": latest(dispositif, content=False),
        "editor_fields": _editor_field_labels(dispositif),
        "title": dispositif.code,
    }
    return render(request, "catalog/dispositif_detail.html", context)


def _editor_field_labels(dispositif: Dispositif) -> list[str]:
    """The editor's information the dispositif's dossier requires, in plain French."""
    return [
        str(Editor._meta.get_field(name).verbose_name) for name in dispositif.dossier_editor_fields
    ]


def _parameter_notes(dispositif: Dispositif) -> dict[str, dict]:
    """Parameter name → its source and whether it is an assumption, shown beside it."""
    names = {*dispositif.parameter_sources, *dispositif.assumed_parameters}
    notes = {
        name: {"source": dispositif.parameter_source(name), "assumed": dispositif.is_assumed(name)}
        for name in names
    }
    # One sentence states the equivalence, its source dispositifs and perimeter: one note.
    parts = ("evidence_equivalence", "equivalence_sources", "equivalence_perimeter")
    sources = dict.fromkeys(filter(None, map(dispositif.parameter_source, parts)))
    notes["equivalence"] = {"source": " ; ".join(sources), "assumed": False}
    return notes


def _delays(dispositif: Dispositif) -> list[tuple[str, str, dict]]:
    """(label, value, note) of each delay parameter, for display."""
    items = [
        ("Réponse à une sollicitation (phase administrative)", "admin_response", "admin_response"),
        ("Garantie de la place dans la file d'instruction", "queue_guarantee", "queue_guarantee"),
        ("Abandon sans réponse", "abandonment", "abandonment"),
        ("Levée des réserves non bloquantes", "reserves_fix", "reserves_fix"),
        ("Organisation de la session de tests", "field_test", "field_test_session"),
    ]
    rows = []
    for label, prefix, parameter in items:
        amount = getattr(dispositif, f"{prefix}_delay")
        if amount is not None:
            value = calendar.describe_delay(amount, getattr(dispositif, f"{prefix}_unit"))
            rows.append((label, value, _parameter_notes(dispositif).get(parameter, {})))
    return rows


def requirement_list_view(request: HttpRequest, code: str) -> HttpResponse:
    dispositif = get_object_or_404(Dispositif, code=code)
    form = RequirementFilterForm(request.GET or None, dispositif=dispositif)
    requirements, errors = _filtered(dispositif, form)
    fmt = request.GET.get("format")
    if fmt in CONTENT_TYPES and not errors:
        return _download(dispositif, requirements, fmt)
    page = Paginator(requirements.prefetch_related("profiles"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {
        "dispositif": dispositif,
        "form": form,
        "page_obj": page,
        "errors": errors,
        "query": query.urlencode(),
        "title": f"Exigences {dispositif.code}",
    }
    return render(request, "catalog/requirement_list.html", context)


def _filtered(
    dispositif: Dispositif, form: RequirementFilterForm
) -> tuple[QuerySet[Requirement], list[str]]:
    requirements = dispositif.requirements.filter(status=CatalogStatus.ACTIVE).select_related(
        "chapter"
    )
    if not form.is_bound or not form.is_valid():
        return requirements, []
    data = form.cleaned_data
    errors = []
    if data["profile"]:
        errors = validate_profile_selection(dispositif, data["profile"])
        requirements = applicable_requirements(dispositif, data["profile"])
    if data["chapter"]:
        requirements = requirements.filter(chapter__code=data["chapter"])
    if data["perimeter"]:
        requirements = requirements.filter(perimeter=data["perimeter"])
    if data["q"]:
        words = Q()
        for field in ("code", "text", "function", "chapter__title"):
            words |= Q(**{f"{field}__icontains": data["q"]})
        requirements = requirements.filter(words)
    return requirements, errors


def _download(
    dispositif: Dispositif, requirements: QuerySet[Requirement], fmt: str
) -> HttpResponse:
    buffer = io.BytesIO()
    write_requirements(requirements, buffer, fmt=fmt)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="REM-{dispositif.code}.{fmt}"'
    return response
