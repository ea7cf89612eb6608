"""HTTP caching of answers built from an edition: the edition's hash is the ETag, so a
client revalidates and gets 304 until the registry publishes a new edition."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from .models import Edition

# Public and shared caches may keep the answer but must revalidate it (a new edition may
# be published at any time).
CACHE_CONTROL = "public, no-cache"


def etag(edition: Edition | None) -> str:
    return f'"{edition.sha256}"' if edition else '"aucune-edition"'


def not_modified(request: HttpRequest, edition: Edition | None) -> HttpResponse | None:
    if unchanged := not_modified_tag(request, etag(edition)):
        return cached(unchanged, edition)
    return None


def not_modified_tag(request: HttpRequest, tag: str) -> HttpResponse | None:
    """A 304 when the client already holds the answer whose ETag is `tag`."""
    wanted = request.headers.get("If-None-Match", "")
    if tag in {t.strip() for t in wanted.split(",")} or wanted.strip() == "*":
        return HttpResponseNotModified()
    return None


def cached(response: HttpResponse, edition: Edition | None) -> HttpResponse:
    response["ETag"] = etag(edition)
    response["Cache-Control"] = CACHE_CONTROL
    if edition is not None:
        response["X-Registry-Edition"] = str(edition.number)
    return response
