"""The versioned REST API (/api/v1/). Each app contributes a router, added here.

Errors have one shape everywhere, `{"detail": <message in French or list of problems>}`,
and every operation documents the error statuses it can answer, so that the schema stays
true for clients and for the fuzzing test (tests/test_api_fuzzing.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from referencement.core.errors import Conflict

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"anyOf": [{"type": "string"}, {"type": "array"}, {"type": "object"}]}
    },
    "required": ["detail"],
}
ERROR_STATUSES = {
    "400": "Requête refusée par une règle (message en français)",
    "401": "Authentification requise (jeton ou session vérifiée)",
    "403": "Action non autorisée pour ce compte",
    "404": "Ressource introuvable ou non visible pour ce compte",
    "409": "Conflit avec l'état de la ressource",
    "413": "Fichier trop volumineux",
    "422": "Paramètres invalides",
    "429": "Trop d'envois en cours pour ce compte (quota d'octets en cours de réception)",
}


class ReferencementAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    # Ninja keys declared responses by int: "404" beside 404 would be a
                    # duplicate key once serialised, and Swagger UI refuses the schema.
                    if int(status) in responses:
                        continue
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": ERROR_SCHEMA}},
                        },
                    )
        return schema


api = ReferencementAPI(
    title="Référencement Ségur — API",
    version="1",
    description="API publique (dispositifs, catalogues, registre) et API des éditeurs.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _error(request: HttpRequest, detail, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, "Ressource introuvable.", 404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, "Authentification requise : jeton d'API ou session vérifiée.", 401)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, str(exc) or "Action non autorisée pour ce compte.", 403)


@api.exception_handler(Conflict)
def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return _error(request, exc.message, 409)


@api.exception_handler(ValidationError)
def rule_refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """400 with the first message as `detail` and every message by field in `errors`;
    409 when the lifecycle refuses the transition."""
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        detail = next(iter(errors.values()))[0]
    else:
        errors = {"__all__": list(exc.messages)}
        detail = " ".join(exc.messages)
    status = 409 if getattr(exc, "code", None) == "transition" else 400
    return api.create_response(request, {"detail": detail, "errors": errors}, status=status)


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(request, exc.errors, 422)


def api_not_found(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"detail": "Ressource introuvable."}, status=404)


def _add_routers() -> None:
    from referencement.accounts.api import router as accounts_router
    from referencement.candidatures.api import router as candidatures_router
    from referencement.catalog.api import router as catalog_router
    from referencement.evidence.api import router as evidence_router
    from referencement.registry.api import router as registry_router

    api.add_router("/", accounts_router)
    api.add_router("/dispositifs", catalog_router)
    api.add_router("/", candidatures_router)
    api.add_router("/", evidence_router)
    api.add_router("/", registry_router)


_add_routers()
