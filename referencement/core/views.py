from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import referencement

from .health import health_report
from .home import panels_for

ERRORS = {
    403: (
        "Accès refusé",
        "Vous n'avez pas les droits nécessaires pour accéder à cette page.",
        "Si vous pensez qu'il s'agit d'une erreur, contactez l'administrateur de votre organisation.",
    ),
    404: (
        "Page non trouvée",
        "La page que vous cherchez est introuvable.",
        "Vérifiez l'adresse saisie, ou revenez à la page d'accueil.",
    ),
    500: (
        "Erreur inattendue",
        "Désolés, le service rencontre un problème. Nous y travaillons.",
        "Réessayez plus tard. Aucune donnée partiellement saisie n'a été enregistrée.",
    ),
    400: (
        "Requête incorrecte",
        "La requête envoyée n'a pas pu être comprise.",
        "Revenez à la page précédente et réessayez.",
    ),
}


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"panels": panels_for(request), "title": "Accueil"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    reachable, report = health_report()
    report["version"] = referencement.__version__
    return JsonResponse(report, status=200 if reachable else 503)


def _error(request: HttpRequest, code: int) -> HttpResponse:
    title, lead, hint = ERRORS[code]
    context = {
        "error_code": code,
        "error_title": title,
        "error_lead": lead,
        "error_hint": hint,
        "title": title,
    }
    return render(request, "error_page.html", context, status=code)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)
