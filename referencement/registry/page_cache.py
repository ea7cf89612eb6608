"""Public registry pages prebuilt per edition (issue 15 item 2): a visitor without a session
gets the page rendered for the same address while the same edition is in force, from the
memory of the process, with an ETag that changes with the edition. Pages of signed-in
people (their menu, their messages) are always rendered."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from .edition_http import CACHE_CONTROL, not_modified_tag
from .models import Edition

# The page's frame (menu, catalogue choices) may change without a new edition: a prebuilt
# page is rendered again after this many seconds at the latest.
PAGE_TTL_SECONDS = 60
CACHED_PAGES = 256
MESSAGES_COOKIE = "messages"


@dataclass(frozen=True)
class Page:
    edition_sha256: str
    built_at: float
    status: int
    content_type: str
    body: bytes


_pages: OrderedDict[str, Page] = OrderedDict()
_lock = threading.Lock()


def is_anonymous_visit(request: HttpRequest) -> bool:
    """No session and no pending message: the page is the same for every such visitor."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies


def current_edition_sha256() -> str:
    return Edition.objects.values_list("sha256", flat=True).first() or ""


def prebuilt(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """`render()`'s page for this address, rendered once per edition in force."""
    edition_sha256 = current_edition_sha256()
    address = request.get_full_path()
    tag = '"{}"'.format(hashlib.sha256(f"{edition_sha256} {address}".encode()).hexdigest())
    if unchanged := not_modified_tag(request, tag):
        return _headers(unchanged, tag)
    page = _fresh(address, edition_sha256)
    if page is None:
        response = render()
        page = Page(
            edition_sha256=edition_sha256,
            built_at=time.monotonic(),
            status=response.status_code,
            content_type=response["Content-Type"],
            body=response.content,
        )
        with _lock:
            _pages[address] = page
            _pages.move_to_end(address)
            while len(_pages) > CACHED_PAGES:
                _pages.popitem(last=False)
    response = HttpResponse(page.body, status=page.status, content_type=page.content_type)
    return _headers(response, tag)


def _fresh(address: str, edition_sha256: str) -> Page | None:
    with _lock:
        page = _pages.get(address)
    if page is None or page.edition_sha256 != edition_sha256:
        return None
    if time.monotonic() - page.built_at > PAGE_TTL_SECONDS:
        return None
    return page


def _headers(response: HttpResponse, tag: str) -> HttpResponse:
    response["ETag"] = tag
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ["Cookie"])
    return response
