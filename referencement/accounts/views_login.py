"""The two-step login: password, then TOTP (enrolled on first login) or a backup code."""

from __future__ import annotations

import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import actions, password_reset, second_factor
from .forms import LoginForm, NewPasswordForm, PasswordResetRequestForm, TokenForm
from .models import User

PENDING_KEY = "pending_login"
PENDING_MAX_SECONDS = 300
BACKUP_CODES_KEY = "new_backup_codes"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL_PATH


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_MAX_SECONDS:
        return None
    return User.objects.filter(pk=pending["user_id"], is_active=True).first()


def _finish_login(request: HttpRequest, user: User, device) -> None:
    next_url = request.session.get(PENDING_KEY, {}).get("next", settings.LOGIN_REDIRECT_URL_PATH)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    request.session.pop(PENDING_KEY, None)
    request.session["after_login"] = next_url


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.check_password_step(
                form.cleaned_data["email"],
                form.cleaned_data["password"],
                address=request.META.get("REMOTE_ADDR"),
            )
        except actions.LoginRefused as refused:
            form.add_error(None, str(refused))
        else:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user_id": user.pk,
                "at": time.time(),
                "next": _safe_next(request),
            }
            return redirect(
                "accounts:verify" if actions.has_second_factor(user) else "accounts:enrol"
            )
    return render(
        request,
        "accounts/login.html",
        {"form": form, "title": "Connexion", "next": request.GET.get("next", "")},
    )


def verify_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.warning(request, "Votre tentative de connexion a expiré. Recommencez.")
        return redirect("accounts:login")
    if not actions.has_second_factor(user):
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.verify_second_factor(user, form.cleaned_data["token"])
        except actions.LoginRefused as refused:
            form.add_error("token", str(refused))
        else:
            _finish_login(request, user, device)
            return redirect(request.session.pop("after_login"))
    return render(
        request, "accounts/verify.html", {"form": form, "title": "Vérification en deux étapes"}
    )


@never_cache
def enrol_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.warning(request, "Votre tentative de connexion a expiré. Recommencez.")
        return redirect("accounts:login")
    if actions.has_second_factor(user):
        return redirect("accounts:verify")
    device = actions.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = actions.confirm_totp_enrolment(user, form.cleaned_data["token"])
        except actions.LoginRefused as refused:
            form.add_error("token", str(refused))
        else:
            _finish_login(request, user, device)
            request.session[BACKUP_CODES_KEY] = codes
            return redirect("accounts:backup_codes")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code d'enrôlement"
    )
    secret = device.config_url.split("secret=")[1].split("&")[0]
    context = {
        "form": form,
        "qr_svg": qr_svg,
        "secret": secret,
        "title": "Activer la vérification en deux étapes",
    }
    return render(request, "accounts/enrol.html", context)


@never_cache
def backup_codes_view(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(BACKUP_CODES_KEY, None)
    if not request.user.is_authenticated or codes is None:
        return redirect("core:home")
    next_url = request.session.pop("after_login", settings.LOGIN_REDIRECT_URL_PATH)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": next_url, "title": "Codes de secours"},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        actions.record_logout(request.user, reason="user")
    auth_logout(request)
    messages.success(request, "Vous êtes déconnecté.")
    return redirect("core:home")


@never_cache
def unlock_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the lock-out e-mail: a confirmation page, the unlock on POST."""
    if request.method == "POST":
        try:
            actions.unlock_account(token)
        except actions.LoginRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Votre compte est déverrouillé. Vous pouvez vous connecter.")
        return redirect("accounts:login")
    context = {
        "title": "Déverrouiller mon compte",
        "question": "Votre compte a été verrouillé après plusieurs échecs de connexion. "
        "Le déverrouiller maintenant ?",
        "submit": "Déverrouiller mon compte",
        "cancel_url": "/connexion/",
    }
    return render(request, "accounts/confirm.html", context)


def password_reset_request_view(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_reset.request_password_reset(form.cleaned_data["email"])
        messages.info(request, password_reset.REQUEST_SENT)
        return redirect("accounts:login")
    context = {"form": form, "title": "Mot de passe oublié", "submit": "Recevoir un lien"}
    return render(request, "accounts/form_page.html", context)


@never_cache
def password_reset_confirm_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = password_reset.user_for_reset(uidb64, token)
    if user is None:
        messages.error(request, "Ce lien est invalide, expiré ou a déjà servi. Redemandez-en un.")
        return redirect("accounts:password_reset")
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset.reset_password(user, form.cleaned_data["new_password"])
        except ValidationError as error:
            form.add_error("new_password", error)
        else:
            messages.success(
                request,
                "Votre mot de passe est changé. Connectez-vous : la vérification en deux "
                "étapes vous sera demandée.",
            )
            return redirect("accounts:login")
    context = {"form": form, "title": "Choisir un nouveau mot de passe", "submit": "Enregistrer"}
    return render(request, "accounts/form_page.html", context)
