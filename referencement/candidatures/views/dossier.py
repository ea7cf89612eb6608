"""Editing the administrative dossier (001 §4.3): saved as you go, complete or not."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from referencement.files.upload import upload_errors

from .. import actions, rules
from ..access import visible_candidature
from ..dossier_elements import dossier_documents_of, honour_attestation_cases
from ..forms import ITEM_FORMSETS, DocumentForm, DossierForm, ProfilesForm
from .common import perform

ITEM_FIELDS = {
    "commercial_names": ("name", "nil", "technical_version"),
    "components": (
        "kind",
        "editor_name",
        "name",
        "version",
        "in_previous_referencing",
        "nil",
        "chapter",
    ),
    "distributors": ("name", "siret", "mandate_start", "mandate_end"),
    "consortium_members": ("name", "siret", "is_lead"),
}


# The dossier form's fields, by the fieldset that shows them (the two boxes that reveal the
# distributor and consortium sections have their own).
VERSION_FIELDS = ("solution_name", "planned_evidence_date", "nie", "psc_application_number")
PREVIOUS_FIELDS = (
    "previously_referenced_under_other_name",
    "differs_only_by_components",
    "previous_referencing_number",
)


def _formsets(candidature, data=None) -> dict:
    formsets = {}
    for kind, section in ITEM_FORMSETS.items():
        initial = [
            {name: getattr(row, name) for name in ITEM_FIELDS[kind]}
            for row in getattr(candidature, kind).all()
        ]
        formset = section.formset(
            data,
            initial=None if data else initial,
            prefix=kind,
            form_kwargs=_form_kwargs(candidature, kind),
        )
        formset.kind, formset.section = kind, section
        formsets[kind] = formset
    return formsets


def _form_kwargs(candidature, kind: str) -> dict:
    if kind in ("components", "commercial_names"):
        return {"dispositif": candidature.dispositif}
    return {}


def _row_edit(data: QueryDict) -> QueryDict | None:
    """Without JavaScript, « Ajouter … » and « Retirer » submit the form: the page comes
    back with one more empty row, or without the removed one, nothing saved yet."""
    added, removed = data.get("add", ""), data.get("remove", "")
    if added in ITEM_FORMSETS:
        data = data.copy()
        total = f"{added}-TOTAL_FORMS"
        data[total] = str(int(data.get(total) or 0) + 1)
        return data
    kind, _, index = removed.rpartition("-")
    if kind in ITEM_FORMSETS and index.isdigit():
        data = data.copy()
        data[f"{kind}-{index}-DELETE"] = "on"
        return data
    return None


def _items(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _clean_item(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "DELETE"}


@login_required
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    data = request.POST if request.method == "POST" else None
    edited = _row_edit(data) if data is not None else None
    data = edited or data
    initial = {name: getattr(candidature, name) for name in actions.DOSSIER_FIELDS}
    initial.update(candidature.dossier_details)
    form = DossierForm(data, initial=initial, dispositif=candidature.dispositif)
    profiles_form = ProfilesForm(
        data,
        dispositif=candidature.dispositif,
        initial={"profiles": list(candidature.profiles.all())},
    )
    formsets = _formsets(candidature, data)
    valid = all(
        [form.is_valid(), profiles_form.is_valid(), *(f.is_valid() for f in formsets.values())]
    )
    if edited is not None:
        messages.info(
            request, "Ligne modifiée : enregistrez le dossier pour conserver vos changements."
        )
    elif data is not None and valid:

        def save() -> None:
            with transaction.atomic():
                actions.update_dossier(candidature, actor=request.user, values=form.cleaned_data)
                for kind, formset in formsets.items():
                    items = [_clean_item(values) for values in _items(formset)]
                    actions.replace_items(candidature, kind, items, actor=request.user)
                actions.set_profiles(
                    candidature, profiles_form.cleaned_data["profiles"], actor=request.user
                )

        if perform(request, save, "Le dossier est enregistré.", form):
            for notice in rules.empty_profile_notices(profiles_form.cleaned_data["profiles"]):
                messages.warning(request, notice)
            return redirect("candidatures:dossier_edit", pk)
    return render(
        request,
        "candidatures/dossier.html",
        {
            "title": f"Dossier administratif — {candidature.solution_name}",
            "candidature": candidature,
            "form": form,
            "profiles_form": profiles_form,
            "formsets": formsets,
            "rules": candidature.dispositif.rules.prefetch_related("profiles"),
            "empty_profile_notice": rules.empty_profile_notice(candidature.dispositif),
            "version_fields": VERSION_FIELDS,
            "previous_fields": PREVIOUS_FIELDS,
            "document_form": DocumentForm(
                dispositif=candidature.dispositif, members=candidature.consortium_members.all()
            ),
            "documents": dossier_documents_of(candidature),
            "editable": rules.dossier_editable(candidature),
            "problems": rules.dossier_problems(candidature),
            "attestation_cases": honour_attestation_cases(candidature),
        },
    )


@login_required
def dossier_row(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """htmx: one more empty row of a section, and its formset's new row count. Another
    editor gets 404 whatever the method (not even a 405 tells them the candidature exists)."""
    candidature = visible_candidature(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    section = ITEM_FORMSETS.get(kind)
    if section is None or not rules.dossier_editable(candidature):
        raise Http404
    try:
        index = int(request.GET.get(f"{kind}-TOTAL_FORMS", ""))
    except ValueError:
        index = -1
    formset = section.formset(prefix=kind, form_kwargs=_form_kwargs(candidature, kind))
    if not 0 <= index < formset.max_num:
        raise Http404
    formset.kind, formset.section = kind, section
    subform = formset.form(
        auto_id=formset.auto_id,
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        **formset.get_form_kwargs(index),
    )
    formset.add_fields(subform, index)
    return render(
        request,
        "candidatures/_partials/dossier_row.html",
        {"formset": formset, "subform": subform, "total": index + 1, "oob": True},
    )


@login_required
@require_POST
def dossier_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Files stream into the blob store (evidence.middleware installs the handler)."""
    candidature = visible_candidature(request.user, pk)
    for message in upload_errors(request).values():
        messages.error(request, message)
    members = candidature.consortium_members.all()
    form = DocumentForm(
        request.POST, request.FILES, dispositif=candidature.dispositif, members=members
    )
    if form.is_valid():
        upload = form.cleaned_data["file"]
        member = members.filter(pk=form.cleaned_data["member"] or None).first()
        perform(
            request,
            lambda: actions.attach_document(
                candidature,
                form.cleaned_data["kind"],
                upload.pending,
                actor=request.user,
                filename=upload.name,
                member=member,
            ),
            "Le document est joint au dossier.",
        )
    return redirect("candidatures:dossier_edit", pk)
