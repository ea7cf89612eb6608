"""The agency's countersignature of a signed convention (001 §4.5 « les deux parties »)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from referencement.accounts.decorators import agency_admin_required

from .actions import countersign_convention
from .forms import CountersignatureForm
from .models import Convention


@agency_admin_required
def countersign_view(request: HttpRequest, candidature_pk: int) -> HttpResponse:
    convention = get_object_or_404(
        Convention.objects.select_related("candidature__editor"), candidature_id=candidature_pk
    )
    form = CountersignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            countersign_convention(
                convention, actor=request.user, otp_token=form.cleaned_data["otp_token"]
            )
        except ValidationError as error:
            form.add_error("otp_token", " ".join(error.messages))
        else:
            messages.success(request, "Convention contresignée pour l'agence.")
            return redirect("college:session_list")
    context = {
        "title": f"Contresigner la convention — {convention.candidature.solution_name}",
        "convention": convention,
        "form": form,
    }
    return render(request, "college/countersign.html", context)
