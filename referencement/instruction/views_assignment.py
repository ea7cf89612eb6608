"""Agency admins assign instructors to dispositifs (issue 15 item 6, DESIGN §1)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from referencement.accounts.choices import Role
from referencement.accounts.decorators import agency_admin_required
from referencement.accounts.models import User

from .assignment_actions import assign_dispositifs
from .forms import AssignmentForm
from .models import DispositifAssignment

PAGE_SIZE = 25


def _instructors():
    return (
        User.objects.filter(role=Role.INSTRUCTOR)
        .prefetch_related(
            Prefetch(
                "dispositif_assignments",
                queryset=DispositifAssignment.objects.select_related("dispositif").order_by(
                    "dispositif__code"
                ),
            )
        )
        .order_by("full_name", "pk")
    )


@agency_admin_required
def assignment_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(_instructors(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "title": "Affectation des instructeurs"}
    return render(request, "instruction/assignment_list.html", context)


@agency_admin_required
def assignment_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    instructor = get_object_or_404(_instructors(), pk=pk)
    current = [a.dispositif for a in instructor.dispositif_assignments.all()]
    form = AssignmentForm(
        request.POST if request.method == "POST" else None, initial={"dispositifs": current}
    )
    if request.method == "POST" and form.is_valid():
        assign_dispositifs(instructor, form.cleaned_data["dispositifs"], actor=request.user)
        messages.success(request, f"Les dispositifs de {instructor} sont enregistrés.")
        return redirect("instruction:assignments")
    context = {"form": form, "title": f"Dispositifs de {instructor}", "submit": "Enregistrer"}
    return render(request, "accounts/form_page.html", context)
