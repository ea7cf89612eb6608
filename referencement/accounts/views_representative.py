"""Issue 16 item 6: an editor admin asks to change the legal representative who signs, with
the supporting document; agency admins validate or refuse (404 for another editor)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .decorators import agency_admin_required, role_required
from .forms import RefusalForm, RepresentativeRequestForm
from .models import RepresentativeRequest
from .representative_actions import (
    refuse_representative,
    request_representative_change,
    validate_representative,
)
from .rules import editors_visible_to

PAGE_SIZE = 20


@role_required("is_editor_admin")
def representative_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    editor = get_object_or_404(editors_visible_to(request.user), pk=pk)
    form = RepresentativeRequestForm(request.POST or None, request.FILES or None, editor=editor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            request_representative_change(
                editor,
                actor=request.user,
                user=data["user"],
                full_name=data["full_name"],
                function=data["function"],
                kind=data["kind"],
                document=data["document"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Demande envoyée : l'agence vérifie la pièce justificative.")
            return redirect("accounts:editor_detail", pk=editor.pk)
    context = {
        "title": f"Changer le représentant légal de {editor.name}",
        "editor": editor,
        "form": form,
        "pending": editor.representative_requests.filter(
            status=RepresentativeRequest.Status.PENDING
        ),
    }
    return render(request, "accounts/representative_request.html", context)


@agency_admin_required
def representative_requests_view(request: HttpRequest) -> HttpResponse:
    pending = RepresentativeRequest.objects.filter(
        status=RepresentativeRequest.Status.PENDING
    ).select_related("editor", "user", "requested_by")
    context = {
        "title": "Représentants légaux à vérifier",
        "page_obj": Paginator(pending.order_by("requested_at"), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "refusal_form": RefusalForm(),
    }
    return render(request, "accounts/representative_requests.html", context)


@agency_admin_required
@require_POST
def representative_decide_view(request: HttpRequest, request_pk: int) -> HttpResponse:
    change = get_object_or_404(RepresentativeRequest, pk=request_pk)
    try:
        if request.POST.get("decision") == "valider":
            validate_representative(change, actor=request.user)
            messages.success(request, f"{change.full_name} signe désormais pour {change.editor}.")
        else:
            refuse_representative(change, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "Demande refusée.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:representative_requests")


@role_required("is_authenticated")
def representative_document_view(request: HttpRequest, request_pk: int) -> FileResponse:
    """The supporting document: agency admins and the editor's own admins; 404 otherwise."""
    visible = RepresentativeRequest.objects.none()
    if request.user.is_agency_admin:
        visible = RepresentativeRequest.objects.all()
    elif request.user.is_editor_admin:
        visible = RepresentativeRequest.objects.filter(editor_id=request.user.editor_id)
    change = get_object_or_404(visible, pk=request_pk)
    return FileResponse(
        change.document.open("rb"), as_attachment=True, filename=f"justificatif-{change.pk}.pdf"
    )
