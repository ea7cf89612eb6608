"""Agency admin pages: REM upload with preview and confirmation, catalogue reload."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_admin_required

from . import actions
from .catalogue_files import CatalogueError
from .forms import RemUploadForm
from .import_preview import count_table, outcome_labels
from .models import RemImport


@agency_admin_required
def rem_upload_view(request: HttpRequest) -> HttpResponse:
    form = RemUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = actions.start_rem_import(
            form.cleaned_data["dispositif"], form.cleaned_data["file"], actor=request.user
        )
        return redirect("catalog:rem_import", pk=job.pk)
    context = {
        "form": form,
        "jobs": RemImport.objects.select_related("dispositif", "uploaded_by")[:20],
        "title": "Catalogues REM",
    }
    return render(request, "catalog/rem_upload.html", context)


ID_LISTS = (
    ("added", "Exigences ajoutées"),
    ("modified", "Exigences modifiées"),
    ("retired", "Exigences retirées"),
)


def _render_import(request: HttpRequest, job: RemImport, confirm_error: str = "") -> HttpResponse:
    summary = job.summary or {}
    context = {
        "job": job,
        "count_rows": count_table(summary.get("counts", {})),
        "outcome_labels": outcome_labels(),
        "id_lists": [(key, label, summary.get(key, [])) for key, label in ID_LISTS],
        "confirm_error": confirm_error,
        "title": "Import d'un REM",
    }
    return render(request, "catalog/rem_import.html", context, status=400 if confirm_error else 200)


@agency_admin_required
def rem_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(RemImport.objects.select_related("dispositif", "uploaded_by"), pk=pk)
    return _render_import(request, job)


@agency_admin_required
@require_POST
def rem_import_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(RemImport.objects.select_related("dispositif"), pk=pk)
    if request.POST.get("decision") == "cancel":
        actions.cancel_rem_import(job, actor=request.user)
        messages.info(request, "Import annulé : rien n'a été modifié.")
    elif request.POST.get("decision") == "confirm":
        try:
            actions.confirm_rem_import(
                job, actor=request.user, typed_code=request.POST.get("typed_code", "")
            )
        except actions.ConfirmationMissing as missing:
            return _render_import(request, job, confirm_error=str(missing))
    return redirect("catalog:rem_import", pk=job.pk)


@agency_admin_required
@require_POST
def catalogue_reload_view(request: HttpRequest) -> HttpResponse:
    try:
        reports = actions.load_all_catalogues(actor=request.user)
    except (CatalogueError, actions.ImportRefused) as error:
        messages.error(request, f"Rechargement impossible : {error}")
    else:
        loaded = [code for code, report in reports.items() if report is not None]
        messages.success(
            request,
            f"Catalogues rechargés : {', '.join(loaded)}." if loaded else "Catalogues inchangés.",
        )
        for code, report in reports.items():
            if report is not None and report.kept:
                messages.info(
                    request,
                    f"{code} : exigences absentes du fichier laissées actives car créées par un "
                    f"import de REM : {', '.join(report.kept)}.",
                )
    return redirect("catalog:rem_upload")
