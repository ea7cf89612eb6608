"""The pages every French public website carries in its footer (RGAA declaration, legal
notice, personal data, cookies, site map): public, static, naming the configured operator."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


def _page(request: HttpRequest, template: str, title: str, **context) -> HttpResponse:
    return render(request, f"core/legal/{template}.html", {"title": title, **context})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "accessibility", "Déclaration d'accessibilité")


@require_GET
def legal_notice(request: HttpRequest) -> HttpResponse:
    return _page(request, "legal_notice", "Mentions légales")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(request, "privacy", "Données personnelles", dpo_email=settings.DPO_EMAIL)


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "cookies",
        "Gestion des cookies",
        session_cookie=settings.SESSION_COOKIE_NAME,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
    )


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    return _page(request, "sitemap", "Plan du site")
