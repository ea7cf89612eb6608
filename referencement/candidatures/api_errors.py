"""The API's errors: French messages as JSON with 400/403/404/409, the same refusals as the
pages since both call the same actions."""

from __future__ import annotations

import inspect
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse

from .errors import Conflict


def validation_body(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        errors = {
            field: [str(m) for m in messages] for field, messages in error.message_dict.items()
        }
        first = next(iter(errors.values()))[0]
        return {"detail": first, "errors": errors}
    return {"detail": " ".join(error.messages), "errors": {"__all__": error.messages}}


def error_response(status: int, detail: str, **extra) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


def translate_errors(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return error_response(404, "Ressource introuvable.")
        except PermissionDenied as denied:
            return error_response(403, str(denied) or "Action non autorisée.")
        except Conflict as conflict:
            return error_response(409, conflict.message)
        except ValidationError as invalid:
            status = 409 if getattr(invalid, "code", None) == "transition" else 400
            return JsonResponse(validation_body(invalid), status=status)

    # django-ninja reads the types from the signature: resolve them in the view's module.
    wrapped.__signature__ = inspect.signature(view, eval_str=True)
    return wrapped
