"""Public API of the registry (no login): JSON and CSV downloads answered from the edition
in force (issue 15 item 2), the check by number, and the editions themselves."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from ninja import Query, Router

from .api_editions import edition_at
from .api_editions import router as editions_router
from .edition_content import (
    candidate_rows,
    content,
    csv_bytes,
    edition_summary,
    referenced_rows,
)
from .edition_files import csv_document
from .edition_http import cached, not_modified

router = Router(tags=["Registre public"])
router.add_router("", editions_router)
MAX_PAGE_SIZE = 500


def _lists(edition, at: date | None, dispositif: str, q: str) -> tuple[list, list]:
    # Candidates are a present-time list: the history (`at`) concerns referencings.
    return referenced_rows(edition, at, dispositif=dispositif, q=q), (
        candidate_rows(edition, dispositif=dispositif, q=q) if at is None else []
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
    """Both lists are paginated with the same page and size; the CSV has everything. The
    answer cites the edition it comes from (number and SHA-256)."""
    edition = edition_at(at)
    if unchanged := not_modified(request, edition):
        return unchanged
    attestations, candidates = _lists(edition, at, dispositif, q)
    referenced_page = Paginator(attestations, page_size).get_page(page)
    candidates_page = Paginator(candidates, page_size).get_page(page)
    data = {
        "at": at.isoformat() if at else None,
        "edition": edition_summary(edition),
        "page": page,
        "page_size": page_size,
        "pages": max(referenced_page.paginator.num_pages, candidates_page.paginator.num_pages),
        "referenced_count": referenced_page.paginator.count,
        "candidates_count": candidates_page.paginator.count,
        "referenced": [r.data for r in _page_items(referenced_page, page)],
        "candidates": _page_items(candidates_page, page),
    }
    return cached(JsonResponse(data), edition)


def _page_items(current, page: int) -> list:
    """Past the last page of one list, that list is empty (not its last page again)."""
    return list(current.object_list) if current.number == page else []


@router.get("/registry.csv", url_name="registry_csv", summary="Liste publique au format CSV")
def registry_csv(request, at: date | None = None, dispositif: str = "", q: str = ""):
    edition = edition_at(at)
    if unchanged := not_modified(request, edition):
        return unchanged
    if edition is not None and at is None and not dispositif and not q:
        content = csv_bytes(edition)  # the edition's own file, built once by the worker
    else:
        attestations, candidates = _lists(edition, at, dispositif, q)
        content = csv_document([r.data for r in attestations], candidates)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    suffix = f"-{at.isoformat()}" if at else ""
    response["Content-Disposition"] = f'attachment; filename="registre-referencement{suffix}.csv"'
    return cached(response, edition)


@router.get(
    "/attestations/{number}",
    url_name="attestation_detail",
    summary="Statut en vigueur d'une attestation",
)
def attestation_detail(request, number: str, at: date | None = None):
    """Answered from the edition in force (now, or on day `at`), which it cites: the status,
    end reason and history an edition publishes."""
    edition = edition_at(at)
    if unchanged := not_modified(request, edition):
        return unchanged
    row = content(edition).by_number.get(number)
    if row is None:
        return cached(
            JsonResponse({"detail": f"Aucune attestation n° {number} au registre."}, status=404),
            edition,
        )
    return cached(JsonResponse({**row.data, "edition": edition_summary(edition)}), edition)
