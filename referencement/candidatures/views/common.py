"""What every page of a candidature shares: the scoped lookup and running an action."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseNotAllowed

from referencement.core.errors import Conflict

from ..access import readable_candidature

PAGE_SIZE = 20


def error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


def apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, items in error.message_dict.items():
            for item in items:
                form.add_error(field if field in form.fields else None, item)
    else:
        for item in error.messages:
            form.add_error(None, item)


def perform(request: HttpRequest, action: Callable[[], object], success: str, form=None) -> bool:
    """Run an action; its refusal becomes a French message (or form errors)."""
    try:
        action()
    except PermissionDenied as denied:
        messages.error(request, str(denied) or "Action non autorisée.")
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as invalid:
        if form is not None:
            apply_errors(form, invalid)
        else:
            for message in error_messages(invalid):
                messages.error(request, message)
    else:
        messages.success(request, success)
        return True
    return False


def read_only_dossier_page(view):
    """GET/HEAD for those who may read the dossier; whoever may not gets 404 whatever the
    method, so that not even a 405 tells another editor the candidature exists."""

    @wraps(view)
    def checked(request: HttpRequest, pk: int, *args, **kwargs):
        readable_candidature(request.user, pk)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, pk, *args, **kwargs)

    return checked
