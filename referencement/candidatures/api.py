"""Editor API of candidatures (issue 4 item 7): the same actions as the pages."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from referencement.accounts.api_auth import api_auth
from referencement.catalog.models import Chapter, Dispositif
from referencement.core.idempotency import IDEMPOTENT, header_key, once
from referencement.files.upload import refuse_oversized_file

from . import actions
from .access import candidatures_visible_to, require_editor_of, visible_candidature
from .models import Solicitation
from .serializers import candidature_detail, candidature_summary

router = Router(tags=["Candidatures"], auth=api_auth)
PAGE_SIZE = 50


class CharterIn(Schema):
    dispositif: str


class CandidatureIn(Schema):
    dispositif: str
    solution_name: str


class CommercialNameIn(Schema):
    name: str
    nil: str = ""
    technical_version: str = ""


class ComponentIn(Schema):
    kind: str
    editor_name: str
    name: str
    version: str
    in_previous_referencing: bool = False
    nil: str = ""
    chapter: str | None = None


class DistributorIn(Schema):
    name: str
    siret: str
    mandate_start: date
    mandate_end: date | None = None


class MemberIn(Schema):
    name: str
    siret: str
    is_lead: bool = False


class DossierPatch(Schema):
    solution_name: str | None = None
    planned_evidence_date: date | None = None
    previous_referencing_number: str | None = None
    previously_referenced_under_other_name: bool | None = None
    differs_only_by_components: bool | None = None
    is_consortium: bool | None = None
    nie: str | None = None
    psc_application_number: str | None = None
    sold_through_distributors: bool | None = None
    # Issue 12 item 7: the elements only some dispositifs ask for (see the dispositif's page).
    legal_representative_title: str | None = None
    existing_versions: list[str] | None = None
    end_of_maintenance_versions: list[str] | None = None
    eligibility_declaration: bool | None = None
    not_applicable: list[str] | None = None
    profiles: list[str] | None = None
    commercial_names: list[CommercialNameIn] | None = None
    components: list[ComponentIn] | None = None
    distributors: list[DistributorIn] | None = None
    consortium_members: list[MemberIn] | None = None


class AnswerIn(Schema):
    answer: str


def _dispositif(code: str) -> Dispositif:
    return get_object_or_404(Dispositif, code=code)


@router.post(
    "/charter-acceptances",
    summary="Accepter la charte d'un dispositif : impossible par l'API",
    response={403: dict},
)
def accept_charter(request, payload: CharterIn):
    """001 §4.3: the person able to commit the editor accepts the charter; issue 12 item 8:
    in the browser, after a second-factor check, which an API token never carries."""
    page = reverse("candidatures:charter", args=[_dispositif(payload.dispositif).code])
    raise HttpError(
        403,
        "La charte de référencement s'accepte dans le navigateur, par le représentant légal "
        f"de l'éditeur, après un code de vérification : {page}",
    )


@router.get("/candidatures", summary="Mes candidatures (paginées)", response=dict)
def list_candidatures(request, page: int = 1):
    paginator = Paginator(candidatures_visible_to(request.auth), PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": [candidature_summary(c) for c in current],
    }


@router.post(
    "/candidatures",
    summary="Ouvrir un dossier de candidature",
    description=IDEMPOTENT,
    response={201: dict},
)
def create_candidature(request, payload: CandidatureIn):
    candidature = once(
        request.auth,
        header_key(request),
        "candidature.create",
        lambda: actions.create_candidature(
            _dispositif(payload.dispositif),
            actor=request.auth,
            solution_name=payload.solution_name,
        ),
    )
    return JsonResponse(candidature_detail(candidature), status=201)


@router.get(
    "/candidatures/{candidature_id}", summary="Une candidature et son dossier", response=dict
)
def get_candidature(request, candidature_id: int):
    return JsonResponse(candidature_detail(visible_candidature(request.auth, candidature_id)))


def _component_values(candidature, item: ComponentIn) -> dict:
    values = item.dict()
    code = values.pop("chapter")
    chapter = Chapter.objects.filter(dispositif=candidature.dispositif, code=code).first()
    if code and chapter is None:
        raise ValidationError({"components": f"Chapitre du REM inconnu : « {code} »."})
    return {**values, "chapter": chapter}


@router.patch(
    "/candidatures/{candidature_id}", summary="Compléter le dossier administratif", response=dict
)
def patch_candidature(request, candidature_id: int, payload: DossierPatch):
    candidature = visible_candidature(request.auth, candidature_id)
    require_editor_of(request.auth, candidature)  # even an empty patch is the editor's
    data = payload.dict(exclude_unset=True)
    lists = {k: data.pop(k) for k in list(data) if k in actions.ITEM_MODELS}
    profiles = data.pop("profiles", None)
    if data:
        actions.update_dossier(candidature, actor=request.auth, values=data)
    for kind, items in lists.items():
        if kind == "components":
            items = [_component_values(candidature, ComponentIn(**i)) for i in items]
        actions.replace_items(candidature, kind, items or [], actor=request.auth)
    if profiles is not None:
        actions.set_profiles(candidature, profiles, actor=request.auth)
    candidature.refresh_from_db()
    return JsonResponse(candidature_detail(candidature))


@router.post(
    "/candidatures/{candidature_id}/documents",
    url_name="candidature_document_upload",
    summary="Joindre la documentation, l'attestation sur l'honneur ou un mandat",
    response=dict,
)
def upload_document(
    request,
    candidature_id: int,
    kind: Form[str],
    member_siret: Form[str] = "",
    file: File[UploadedFile] = None,
):
    candidature = visible_candidature(request.auth, candidature_id)
    refuse_oversized_file(request)
    if file is None:
        raise HttpError(400, "Joignez un fichier.")
    member = candidature.consortium_members.filter(siret=member_siret).first()
    actions.attach_document(
        candidature, kind, file.pending, actor=request.auth, filename=file.name, member=member
    )
    return JsonResponse(candidature_detail(candidature))


@router.post(
    "/candidatures/{candidature_id}/submit",
    summary="Soumettre le dossier administratif",
    response=dict,
)
def submit(request, candidature_id: int):
    candidature = visible_candidature(request.auth, candidature_id)
    actions.submit_dossier(candidature, actor=request.auth)
    return JsonResponse(candidature_detail(candidature))


@router.post(
    "/candidatures/{candidature_id}/withdraw", summary="Retirer la candidature", response=dict
)
def withdraw(request, candidature_id: int):
    candidature = visible_candidature(request.auth, candidature_id)
    actions.withdraw(candidature, actor=request.auth)
    return JsonResponse(candidature_detail(candidature))


@router.post(
    "/candidatures/{candidature_id}/solicitations/{solicitation_id}/answer",
    summary="Répondre à une demande de complément",
    description=IDEMPOTENT,
    response=dict,
)
def answer(request, candidature_id: int, solicitation_id: int, payload: AnswerIn):
    candidature = visible_candidature(request.auth, candidature_id)
    solicitation = get_object_or_404(candidature.solicitations, pk=solicitation_id)

    def answer_once() -> Solicitation:
        actions.answer_solicitation(solicitation, actor=request.auth, answer=payload.answer)
        return solicitation

    once(request.auth, header_key(request), "solicitation.answer", answer_once)
    candidature.refresh_from_db()
    return JsonResponse(candidature_detail(candidature))
