"""The list of candidatures and the home panel (issue 4 item 6)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..access import candidatures_visible_to
from ..deadlines import next_deadline
from .common import PAGE_SIZE


def _rows(candidatures) -> list[dict]:
    return [{"candidature": c, "deadline": next_deadline(c)} for c in candidatures]


@login_required
def candidature_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(candidatures_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "candidatures/list.html",
        {"title": "Candidatures", "page_obj": page, "rows": _rows(page)},
    )


def home_panel_context(request: HttpRequest) -> dict:
    candidatures = candidatures_visible_to(request.user)
    return {"rows": _rows(candidatures[:5]), "count": candidatures.count()}
