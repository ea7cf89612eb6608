"""API tokens: a person's own tokens (created after re-entering the second factor, shown
once) and the agency admin's page listing and revoking anyone's (issue 16 item 4)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import actions
from .decorators import agency_admin_required
from .forms import ApiTokenForm
from .models import ApiToken
from .second_factor import confirm_second_factor
from .views import PAGE_SIZE, _apply_errors


def _active_tokens():
    return ApiToken.objects.filter(revoked_at__isnull=True)


@never_cache
@login_required
def api_tokens_view(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    clear = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checked_at = confirm_second_factor(request.user, data["code"])
            _, clear = actions.create_api_token(
                request.user, name=data["name"], scopes=data["scopes"], second_factor_at=checked_at
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            form = ApiTokenForm()
    tokens = _active_tokens().filter(user=request.user)
    context = {
        "form": form,
        "tokens": tokens,
        "clear_token": clear,
        "valid_days": settings.API_TOKEN_VALID_DAYS,
        "title": "Jetons d'API",
    }
    return render(request, "accounts/api_tokens.html", context)


def _confirm_revocation(request: HttpRequest, token: ApiToken, back: str) -> HttpResponse:
    if request.method == "POST":
        actions.revoke_api_token(token, actor=request.user)
        messages.success(request, f"Le jeton « {token.name} » de {token.user} est révoqué.")
        return redirect(back)
    context = {
        "title": f"Révoquer le jeton « {token.name} » de {token.user}",
        "question": "Les programmes qui l'utilisent n'auront plus accès à l'API. Confirmer ?",
        "submit": "Révoquer",
        "cancel_url": back,
        "danger": True,
    }
    return render(request, "accounts/confirm.html", context)


@login_required
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(_active_tokens(), pk=pk, user=request.user)
    return _confirm_revocation(request, token, "/compte/jetons/")


@agency_admin_required
def all_api_tokens_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    tokens = _active_tokens().select_related("user", "user__editor")
    if query:
        tokens = tokens.filter(Q(user__email__icontains=query) | Q(name__icontains=query))
    context = {
        "page_obj": Paginator(tokens, PAGE_SIZE).get_page(request.GET.get("page")),
        "q": query,
        "now": timezone.now(),
        "title": "Jetons d'API des utilisateurs",
    }
    return render(request, "accounts/all_api_tokens.html", context)


@agency_admin_required
def any_api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(_active_tokens().select_related("user"), pk=pk)
    return _confirm_revocation(request, token, "/administration/jetons/")
