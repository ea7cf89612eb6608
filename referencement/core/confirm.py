"""The confirmation step before an irreversible action (issue 10 item 7): the first POST
renders a page restating what will happen, the form's fields carried as hidden inputs; only
a POST with `confirm=oui` acts. « Annuler » is the primary button, never the action."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "oui"


def confirmation(
    request: HttpRequest,
    *,
    title: str,
    consequences: Iterable[str],
    submit: str,
    cancel_url: str,
    fields: Iterable[str] = (),
) -> HttpResponse:
    """`fields`: names of the POSTed values to send again with the confirmation."""
    hidden = [(name, request.POST.get(name, "")) for name in fields]
    context = {
        "title": title,
        "consequences": list(consequences),
        "submit": submit,
        "cancel_url": cancel_url,
        "action": request.get_full_path(),
        "hidden": hidden,
    }
    return render(request, "core/confirm_action.html", context)
