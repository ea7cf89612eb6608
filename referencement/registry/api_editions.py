"""Public API of the registry editions (issue 15 items 3–4): the list of editions, each
edition's JSON file as published (its SHA-256 is the hash of these bytes), the differences
between two editions, and the feed of issuances, withdrawals and revocations."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import HttpError

from .edition_content import edition_bytes, edition_in_force, edition_summary, load_document
from .edition_files import differences
from .edition_http import cached, not_modified
from .feed import json_feed
from .models import Edition
from .rules import REGISTRY_DATE_ERROR, registry_date_is_answerable

router = Router(tags=["Registre public — éditions"])
EDITIONS_PAGE_SIZE = 100


def edition_at(at: date | None) -> Edition | None:
    """The edition in force now, or on day `at` (400 outside the registry's dates)."""
    if at is not None and not registry_date_is_answerable(at):
        raise HttpError(400, REGISTRY_DATE_ERROR)
    return edition_in_force(at)


def _file(request, edition: Edition | None) -> HttpResponse:
    if unchanged := not_modified(request, edition):
        return unchanged
    if edition is None:
        return JsonResponse({"detail": "Aucune édition publiée."}, status=404)
    response = HttpResponse(edition_bytes(edition), content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="registre-edition-{edition.number:06d}.json"'
    )
    return cached(response, edition)


@router.get(
    "/registry.json",
    url_name="registry_edition_current",
    summary="Fichier JSON de l'édition en vigueur",
)
def current_edition_file(request, at: date | None = None):
    return _file(request, edition_at(at))


@router.get("/registry/editions", url_name="registry_editions", summary="Éditions du registre")
def editions(request, page: int = Query(1, ge=1)) -> dict:
    current = Paginator(Edition.objects.all(), EDITIONS_PAGE_SIZE).get_page(page)
    return {
        "page": current.number,
        "pages": current.paginator.num_pages,
        "count": current.paginator.count,
        "editions": [edition_summary(e) for e in current.object_list],
    }


@router.get(
    "/registry/editions/{number}",
    url_name="registry_edition",
    summary="Fichier JSON d'une édition, tel que publié",
)
def edition_file(request, number: int):
    return _file(request, get_object_or_404(Edition, number=number))


@router.get(
    "/registry/editions/{number}/diff/{other}",
    url_name="registry_edition_diff",
    summary="Différences entre deux éditions",
)
def edition_diff(request, number: int, other: int) -> dict:
    old = get_object_or_404(Edition, number=number)
    new = get_object_or_404(Edition, number=other)
    return {
        "from": edition_summary(old),
        "to": edition_summary(new),
        "changes": differences(load_document(old), load_document(new)),
    }


@router.get("/registry/feed", url_name="registry_feed", summary="Flux JSON Feed du registre")
def feed(request, dispositif: str = ""):
    edition = edition_in_force()
    if unchanged := not_modified(request, edition):
        return unchanged
    response = JsonResponse(json_feed(dispositif), content_type="application/feed+json")
    return cached(response, edition)
