"""Editing the administrative dossier (001 §4.3): saved as you go, complete or not."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from referencement.evidence.upload import upload_errors

from .. import actions, rules
from ..access import visible_candidature
from ..forms import ITEM_FORMSETS, DocumentForm, DossierForm, ProfilesForm
from .common import perform

ITEM_FIELDS = {
    "commercial_names": ("name", "nil", "technical_version"),
    "components": ("kind", "editor_name", "name", "version", "in_previous_referencing", "chapter"),
    "distributors": ("name", "siret", "mandate_start", "mandate_end"),
    "consortium_members": ("name", "siret", "is_lead"),
}


def _formsets(candidature, data=None) -> dict:
    formsets = {}
    for kind, (formset_class, title) in ITEM_FORMSETS.items():
        initial = [
            {name: getattr(row, name) for name in ITEM_FIELDS[kind]}
            for row in getattr(candidature, kind).all()
        ]
        kwargs = {"dispositif": candidature.dispositif} if kind == "components" else {}
        formset = formset_class(
            data, initial=None if data else initial, prefix=kind, form_kwargs=kwargs
        )
        formset.title = title
        formsets[kind] = formset
    return formsets


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
    initial = {name: getattr(candidature, name) for name in actions.DOSSIER_FIELDS}
    form = DossierForm(data, initial=initial)
    profiles_form = ProfilesForm(
        data,
        dispositif=candidature.dispositif,
        initial={"profiles": list(candidature.profiles.all())},
    )
    formsets = _formsets(candidature, data)
    valid = all(
        [form.is_valid(), profiles_form.is_valid(), *(f.is_valid() for f in formsets.values())]
    )
    if data is not None and valid:

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
            return redirect("candidatures:dossier_edit", pk)
    return render(
        request,
        "candidatures/dossier.html",
        {
            "title": f"Dossier administratif — {candidature.solution_name}",
            "candidature": candidature,
            "form": form,
            "profiles_form": profiles_form,
            "formsets": formsets.values(),
            "document_form": DocumentForm(members=candidature.consortium_members.all()),
            "editable": rules.dossier_editable(candidature),
            "problems": rules.dossier_problems(candidature),
            "attestation_cases": rules.honour_attestation_cases(candidature),
        },
    )


@login_required
@require_POST
def dossier_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Files stream into the blob store (evidence.middleware installs the handler)."""
    candidature = visible_candidature(request.user, pk)
    for message in upload_errors(request).values():
        messages.error(request, message)
    members = candidature.consortium_members.all()
    form = DocumentForm(request.POST, request.FILES, members=members)
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
