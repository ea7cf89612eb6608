from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(predicate_name: str):
    """Login required, then the user's `predicate_name` property must be true (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not getattr(request.user, predicate_name):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


agency_admin_required = role_required("is_agency_admin")
agency_staff_required = role_required("is_agency_staff")
editor_required = role_required("is_editor")
