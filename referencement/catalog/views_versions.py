"""Public pages of a catalogue's history: its versions and the diff between two of them,
and the page of one requirement with its statement, scenarios, proofs and origin."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .choices import CatalogStatus
from .models import CatalogueVersion, Dispositif, EvidenceSpec, Scenario
from .versions import REQUIREMENT_FIELDS, diff

PAGE_SIZE = 50


def version_list_view(request: HttpRequest, code: str) -> HttpResponse:
    dispositif = get_object_or_404(Dispositif, code=code)
    versions = dispositif.catalogue_versions.defer("snapshot")
    first, second = request.GET.get("de"), request.GET.get("a")
    if first and second and first.isdigit() and second.isdigit():
        return redirect("catalog:version_diff", code=code, first=int(first), second=int(second))
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "dispositif": dispositif,
        "page_obj": page,
        "numbers": list(versions.values_list("number", flat=True)),
        "title": f"Versions du catalogue {dispositif.code}",
    }
    return render(request, "catalog/version_list.html", context)


def _version(dispositif: Dispositif, number: int) -> CatalogueVersion:
    version = dispositif.catalogue_versions.filter(number=number).first()
    if version is None:
        raise Http404(f"Version {number} inconnue.")
    return version


def version_diff(dispositif: Dispositif, first: int, second: int) -> dict:
    """What changed from version `first` to version `second` of the catalogue."""
    old, new = _version(dispositif, first), _version(dispositif, second)
    return {"from": old, "to": new, **diff(old.snapshot, new.snapshot)}


def _shown(value: object) -> object:
    """A flag reads « oui » / « non » on the page (the API keeps the JSON boolean)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value


def version_diff_view(request: HttpRequest, code: str, first: int, second: int) -> HttpResponse:
    dispositif = get_object_or_404(Dispositif, code=code)
    result = version_diff(dispositif, first, second)
    changed = [
        {
            "code": item["code"],
            "fields": [
                (REQUIREMENT_FIELDS[name], _shown(before), _shown(after))
                for name, (before, after) in item["fields"].items()
            ],
        }
        for item in result["changed"]
    ]
    context = {
        "dispositif": dispositif,
        "diff": result,
        "changed": changed,
        "title": f"{dispositif.code} : version {first} → version {second}",
    }
    return render(request, "catalog/version_diff.html", context)


def requirement_detail_view(request: HttpRequest, code: str, requirement: str) -> HttpResponse:
    dispositif = get_object_or_404(Dispositif, code=code)
    active = CatalogStatus.ACTIVE
    item = get_object_or_404(
        dispositif.requirements.select_related("chapter", "origin")
        .defer("origin__snapshot")
        .prefetch_related(
            "profiles",
            Prefetch("scenarios", queryset=Scenario.objects.filter(status=active)),
            Prefetch(
                "scenarios__evidence_specs",
                queryset=EvidenceSpec.objects.filter(status=active)
                .select_related("origin")
                .defer("origin__snapshot"),
            ),
        ),
        code=requirement,
    )
    context = {"dispositif": dispositif, "requirement": item, "title": item.code}
    return render(request, "catalog/requirement_detail.html", context)
