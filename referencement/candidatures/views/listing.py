"""The list of candidatures with the agency's work lists, and the home panels (issue 4
item 6, issue 10 item 5)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from referencement.catalog.calendar import now

from .. import hooks
from ..access import candidatures_visible_to
from ..deadlines import next_deadline, prefetch_deadlines
from ..forms import CandidatureFilterForm
from ..worklists import WORKLISTS, search, sorted_by, worklist, worklist_counts
from .common import PAGE_SIZE


def _assigned(request: HttpRequest) -> QuerySet:
    """What the user may see, narrowed to an instructor's dispositifs (issue 15 item 6)."""
    return hooks.instruction().assigned_scope(candidatures_visible_to(request.user), request.user)


def _rows(candidatures) -> list[dict]:
    return [{"candidature": c, "deadline": next_deadline(c)} for c in candidatures]


@login_required
def candidature_list(request: HttpRequest) -> HttpResponse:
    agency = request.user.is_agency_staff
    form = CandidatureFilterForm(request.GET or None, agency=agency)
    candidatures = _assigned(request)
    tab = request.GET.get("onglet", "") if agency else ""
    at = now()
    tabs = worklist_counts(candidatures, at) if agency else []
    candidatures = worklist(candidatures, tab, at)
    sort = ""
    if form.is_valid():
        data = form.cleaned_data
        candidatures = search(
            candidatures,
            dispositif=data["dispositif"],
            status=data["status"],
            editor=data.get("editor"),
            text=data["q"],
        )
        sort = data["tri"]
    page = Paginator(prefetch_deadlines(sorted_by(candidatures, sort)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": "Candidatures",
        "page_obj": page,
        "rows": _rows(page),
        "form": form,
        "agency": agency,
        "tabs": tabs,
        "tab": tab if tab in WORKLISTS else "",
        "query": query.urlencode(),
        "scope": hooks.instruction().scope_notice(request.user),
    }
    return render(request, "candidatures/list.html", context)


def home_panel_context(request: HttpRequest) -> dict:
    candidatures = _assigned(request)
    return {"rows": _rows(prefetch_deadlines(candidatures)[:5]), "count": candidatures.count()}


def agency_panel_context(request: HttpRequest) -> dict:
    candidatures = _assigned(request)
    scope = hooks.instruction().scope_notice(request.user)
    return {"tabs": worklist_counts(candidatures, now()), "scope": scope}
