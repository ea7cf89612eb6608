"""The charter of a dispositif as the document itself, readable and downloadable as PDF
(issue 12 item 8). Public like the dispositif page: the texts are « Classification :
Publique » (000, 002)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .charters import charter_html, charter_pdf, charter_sha256
from .models import Dispositif


def dispositif_with_charter(code: str) -> Dispositif:
    return get_object_or_404(Dispositif.objects.exclude(charter_text=""), code=code)


def charter_context(dispositif: Dispositif) -> dict:
    """What every page showing the charter shares (the public page, the acceptance page)."""
    return {
        "dispositif": dispositif,
        "document": charter_html(dispositif),
        "sha256": charter_sha256(dispositif),
    }


def charter_view(request: HttpRequest, code: str) -> HttpResponse:
    dispositif = dispositif_with_charter(code)
    context = {**charter_context(dispositif), "title": f"Charte de référencement — {code}"}
    return render(request, "catalog/charter.html", context)


def charter_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    dispositif = dispositif_with_charter(code)
    response = HttpResponse(charter_pdf(dispositif), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="charte-{dispositif.code}.pdf"'
    return response
