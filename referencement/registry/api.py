"""Public API of the registry (no login): JSON and CSV downloads, check by number."""

from __future__ import annotations

import io
from datetime import date

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import HttpError

from referencement.lib.csv_safety import SafeCsvWriter

from .models import Attestation
from .queries import (
    CSV_HEADER,
    attestation_as_dict,
    candidate_as_dict,
    candidates,
    csv_rows,
    referenced,
)
from .rules import REGISTRY_DATE_ERROR, registry_date_is_answerable

router = Router(tags=["Registre public"])
MAX_PAGE_SIZE = 500


def _lists(at: date | None, dispositif: str, q: str):
    if at is not None and not registry_date_is_answerable(at):
        raise HttpError(400, REGISTRY_DATE_ERROR)
    # Candidates are a present-time list: the history (`at`) concerns referencings.
    return referenced(at, dispositif=dispositif, q=q), (
        candidates(dispositif=dispositif, q=q) if at is None else []
    )


@router.get(
    "/registry",
    url_name="registry_json",
    summary="Liste publique des solutions référencées et des candidats",
)
def registry_json(
    request,
    at: date | None = None,
    dispositif: str = "",
    q: str = "",
    page: int = Query(1, ge=1),
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
) -> dict:
    """Both lists are paginated with the same page and size; the CSV has everything."""
    attestations, candidatures = _lists(at, dispositif, q)
    referenced_page = Paginator(attestations, page_size).get_page(page)
    candidates_page = Paginator(candidatures, page_size).get_page(page)
    return {
        "at": at.isoformat() if at else None,
        "page": page,
        "page_size": page_size,
        "pages": max(referenced_page.paginator.num_pages, candidates_page.paginator.num_pages),
        "referenced_count": referenced_page.paginator.count,
        "candidates_count": candidates_page.paginator.count,
        "referenced": [attestation_as_dict(a) for a in _page_items(referenced_page, page)],
        "candidates": [candidate_as_dict(c) for c in _page_items(candidates_page, page)],
    }


def _page_items(current, page: int) -> list:
    """Past the last page of one list, that list is empty (not its last page again)."""
    return list(current.object_list) if current.number == page else []


@router.get("/registry.csv", url_name="registry_csv", summary="Liste publique au format CSV")
def registry_csv(request, at: date | None = None, dispositif: str = "", q: str = ""):
    attestations, candidatures = _lists(at, dispositif, q)
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(attestations, candidatures))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    suffix = f"-{at.isoformat()}" if at else ""
    response["Content-Disposition"] = f'attachment; filename="registre-referencement{suffix}.csv"'
    return response


@router.get(
    "/attestations/{number}",
    url_name="attestation_detail",
    summary="Statut en vigueur d'une attestation",
)
def attestation_detail(request, number: str) -> dict:
    attestation = get_object_or_404(
        Attestation.objects.select_related("dispositif").prefetch_related("events"), number=number
    )
    return attestation_as_dict(attestation, with_history=True)
