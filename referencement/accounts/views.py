"""Account pages: security, invitations, editor members, agency user management."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import actions
from .choices import AGENCY_ROLES, EDITOR_ROLES
from .decorators import agency_admin_required, editor_required
from .forms import (
    AcceptInvitationForm,
    EditorForm,
    EditorInfoForm,
    InviteForm,
    PasswordChangeForm,
    RoleForm,
)
from .models import Editor, Invitation, User
from .rules import editors_visible_to, may_manage_members

PAGE_SIZE = 25


def _safe_back(request: HttpRequest) -> str:
    """A return address from the form, only if it stays on this site (not //evil.example)."""
    back = request.POST.get("back", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return "/"


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security.html", {"title": "Mon compte"})


@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "Votre mot de passe a été modifié.")
            return redirect("accounts:security")
    return render(
        request,
        "accounts/form_page.html",
        {"form": form, "title": "Changer mon mot de passe", "submit": "Changer le mot de passe"},
    )


@never_cache
@login_required
def backup_codes_regenerate_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        codes = actions.regenerate_backup_codes(request.user)
        return render(
            request,
            "accounts/backup_codes.html",
            {"codes": codes, "next": "/", "title": "Codes de secours"},
        )
    return render(
        request,
        "accounts/confirm.html",
        {
            "title": "Générer de nouveaux codes de secours",
            "question": "Vos anciens codes de secours ne fonctionneront plus. Continuer ?",
            "submit": "Générer de nouveaux codes",
            "cancel_url": "/compte/",
        },
    )


@never_cache
def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"title": "Invitation non valable"},
            status=404,
        )
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.accept_invitation(
                token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                "Votre compte est créé. Connectez-vous pour activer la vérification en deux étapes.",
            )
            return redirect("accounts:login")
    context = {"form": form, "invitation": invitation, "title": "Créer mon compte"}
    return render(request, "accounts/accept_invitation.html", context)


@editor_required
def my_editor_view(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:editor_detail", pk=request.user.editor_id)


@login_required
def editor_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    editor = get_object_or_404(editors_visible_to(request.user), pk=pk)
    manage = may_manage_members(request.user, editor)
    form = InviteForm(request.POST or None, roles=EDITOR_ROLES)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.invite(actor=request.user, editor=editor, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
                return redirect("accounts:editor_detail", pk=editor.pk)
    context = {
        "editor": editor,
        "members": editor.members.order_by("-is_active", "email"),
        "invitations": editor.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True),
        "manage": manage,
        "form": form,
        "title": editor.name,
    }
    return render(request, "accounts/editor_detail.html", context)


@login_required
def editor_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    editor = get_object_or_404(editors_visible_to(request.user), pk=pk)
    if not may_manage_members(request.user, editor):
        raise PermissionDenied
    form = EditorInfoForm(request.POST or None, instance=editor)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_editor(
                Editor.objects.get(pk=editor.pk), actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Les informations de l'éditeur sont enregistrées.")
            return redirect("accounts:editor_detail", pk=editor.pk)
    context = {"form": form, "title": f"Informations de {editor.name}", "submit": "Enregistrer"}
    return render(request, "accounts/form_page.html", context)


def _managed_member(request: HttpRequest, editor_pk: int, user_pk: int) -> tuple[Editor, User]:
    editor = get_object_or_404(editors_visible_to(request.user), pk=editor_pk)
    member = get_object_or_404(editor.members, pk=user_pk)
    if not may_manage_members(request.user, editor) or member.pk == request.user.pk:
        raise PermissionDenied
    return editor, member


@login_required
def member_role_view(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    editor, member = _managed_member(request, pk, user_pk)
    form = RoleForm(request.POST or None, editor_account=True, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        actions.change_role(member, form.cleaned_data["role"], actor=request.user)
        messages.success(request, f"Le rôle de {member} a été modifié.")
        return redirect("accounts:editor_detail", pk=editor.pk)
    return render(
        request,
        "accounts/form_page.html",
        {"form": form, "title": f"Rôle de {member}", "submit": "Enregistrer"},
    )


@login_required
def member_remove_view(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    editor, member = _managed_member(request, pk, user_pk)
    if request.method == "POST":
        actions.deactivate_account(member, actor=request.user)
        messages.success(request, f"{member} n'a plus accès à la plateforme.")
        return redirect("accounts:editor_detail", pk=editor.pk)
    context = {
        "title": f"Retirer {member}",
        "question": f"{member} ({member.email}) n'aura plus accès à la plateforme. Son historique est conservé. Confirmer ?",
        "submit": "Retirer ce membre",
        "cancel_url": f"/editeurs/{editor.pk}/",
        "danger": True,
    }
    return render(request, "accounts/confirm.html", context)


@require_POST
@login_required
def invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation, pk=pk, accepted_at__isnull=True, revoked_at__isnull=True
    )
    if invitation.editor is not None:
        get_object_or_404(editors_visible_to(request.user), pk=invitation.editor_id)
    actions.revoke_invitation(invitation, actor=request.user)
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect(_safe_back(request))


@agency_admin_required
def editor_list_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    editors = Editor.objects.all()
    if query:
        editors = editors.filter(Q(name__icontains=query) | Q(siret__startswith=query))
    page = Paginator(editors, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "accounts/editor_list.html", {"page_obj": page, "q": query, "title": "Éditeurs"}
    )


@agency_admin_required
def editor_create_view(request: HttpRequest) -> HttpResponse:
    form = EditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        admin_email = data.pop("first_admin_email")
        try:
            with transaction.atomic():
                editor = actions.create_editor(actor=request.user, **data)
                actions.invite(
                    actor=request.user, editor=editor, email=admin_email, role="editor_admin"
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"L'éditeur {editor} est créé ; son administrateur a reçu une invitation."
            )
            return redirect("accounts:editor_detail", pk=editor.pk)
    return render(
        request,
        "accounts/form_page.html",
        {"form": form, "title": "Nouvel éditeur", "submit": "Créer l'éditeur"},
    )


@agency_admin_required
def user_list_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    users = User.objects.select_related("editor")
    if query:
        users = users.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    form = InviteForm(request.POST or None, roles=AGENCY_ROLES)
    if request.method == "POST" and form.is_valid():
        try:
            actions.invite(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
            return redirect("accounts:user_list")
    pending = Invitation.objects.filter(
        editor__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
    )
    context = {
        "page_obj": page,
        "q": query,
        "form": form,
        "invitations": pending,
        "title": "Utilisateurs",
    }
    return render(request, "accounts/user_list.html", context)


@agency_admin_required
def user_manage_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = RoleForm(
        request.POST or None, editor_account=target.is_editor, initial={"role": target.role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_role(target, form.cleaned_data["role"], actor=request.user)
        except PermissionDenied:
            messages.error(request, "Vous ne pouvez pas modifier votre propre rôle.")
        else:
            messages.success(request, f"Le rôle de {target} a été modifié.")
        return redirect("accounts:user_list")
    return render(
        request, "accounts/user_manage.html", {"target": target, "form": form, "title": str(target)}
    )


@agency_admin_required
@require_POST
def user_college_seat_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    seated = request.POST.get("seat") == "oui"
    try:
        actions.set_college_seat(target, seated, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{target} siège désormais au collège."
            if seated
            else f"{target} ne siège plus au collège.",
        )
    return redirect("accounts:user_manage", pk=pk)


@agency_admin_required
def user_reset_2fa_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    if request.method == "POST":
        actions.reset_second_factor(target, actor=request.user)
        messages.success(
            request, f"{target} devra enrôler un nouvel appareil à sa prochaine connexion."
        )
        return redirect("accounts:user_list")
    context = {
        "title": f"Réinitialiser la vérification en deux étapes de {target}",
        "question": "Son application d'authentification et ses codes de secours ne fonctionneront plus. Confirmer ?",
        "submit": "Réinitialiser",
        "cancel_url": "/administration/utilisateurs/",
        "danger": True,
    }
    return render(request, "accounts/confirm.html", context)
