"""The agency's instruction page of one candidature (the workbench, issue 10 item 3):
chapters, verdicts saved with htmx or a plain POST, solicitations, completion."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_staff_required
from referencement.candidatures.access import readable_candidature
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature
from referencement.evidence.models import Evidence, EvidenceVersion

from .actions import (
    ask_solicitation,
    close_exchanges,
    complete_instruction,
    give_verdict,
    judge_chapter_conforme,
    judge_equivalence,
    record_opening,
    require_redeposit,
)
from .context import instruction_context
from .forms import (
    FieldTestDeclineForm,
    FieldTestResultsForm,
    ProposalForm,
    SolicitationForm,
    VerdictForm,
)
from .rules import accepts_derogation, may_instruct
from .workbench import find_item, workbench


def _candidature(pk: int) -> Candidature:
    return get_object_or_404(Candidature.objects.select_related("dispositif", "editor"), pk=pk)


def _run(request: HttpRequest, pk: int, action: Callable[[], object], success: str) -> HttpResponse:
    try:
        action()
        messages.success(request, success)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("instruction:candidature", pk=pk)


def _place(data) -> dict[str, str]:
    """Where the instructor was on the page: chapter, filter and page number."""
    place = {"chapitre": data.get("chapitre", "")}
    if data.get("non_jugees"):
        place["non_jugees"] = "1"
    if str(data.get("page", "")).isdigit():
        place["page"] = data["page"]
    return place


def _page_url(pk: int, place: dict[str, str], anchor: str = "") -> str:
    query = urlencode({key: value for key, value in place.items() if value})
    url = reverse("instruction:candidature", args=[pk])
    return f"{url}?{query}{anchor}" if query else f"{url}{anchor}"


def _verdict_form(item, data=None) -> VerdictForm:
    # One set of field ids per row, so each label names its own field (RGAA 11.1).
    return VerdictForm(
        data,
        auto_id=f"id_v{item.version.pk}_%s",
        derogation=accepts_derogation(item.evidence),
    )


def _workbench(request: HttpRequest, candidature: Candidature, place: dict[str, str]):
    bench = workbench(
        candidature,
        chapter_key=place.get("chapitre", ""),
        unjudged_only=bool(place.get("non_jugees")),
        page=place.get("page"),
    )
    judging = may_instruct(request.user) and candidature.status == S.IN_INSTRUCTION
    for item in bench.page:
        item.form = _item_form(item, judging)
    return bench, judging


def _item_form(item, judging: bool, data=None) -> VerdictForm | None:
    # A reopened item's version is there for reference: the new deposit is judged.
    judgeable = item.version and item.assessed and not item.awaits_redeposit
    return _verdict_form(item, data) if judging and judgeable else None


@agency_staff_required
def candidature_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = readable_candidature(request.user, pk)
    place = _place(request.GET)
    bench, judging = _workbench(request, candidature, place)
    context = instruction_context(candidature)
    place["chapitre"] = bench.current.key if bench.current else ""
    context.update(
        bench=bench,
        judging=judging,
        place=place,
        solicitation_form=SolicitationForm(),
        proposal_form=ProposalForm(),
        decline_form=FieldTestDeclineForm() if judging else None,
        results_form=(
            FieldTestResultsForm(requirements=context["field_test_requirements"])
            if judging
            else None
        ),
        field_tests_in_chapter=any(group.field_test for group in bench.chapters),
        # 001 §4.4, 003 §4.4: the derogation rule is stated where the catalogue has one.
        has_derogation=candidature.dispositif.extra_evidence.exclude(derogation="").exists(),
        title=f"Instruction — {candidature}",
    )
    return render(request, "instruction/candidature.html", context)


@agency_staff_required
@require_POST
def verdict_view(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    """htmx: the item and the chapter counts are re-rendered in place; without JavaScript,
    back to the same chapter, page and item."""
    version = get_object_or_404(
        EvidenceVersion.objects.select_related("evidence__extra"),
        pk=version_pk,
        evidence__candidature_id=pk,
    )
    form = VerdictForm(request.POST, derogation=accepts_derogation(version.evidence))
    error = None
    if not form.is_valid():
        error = "Choisissez un avis."
    else:
        try:
            give_verdict(version, actor=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    return _item_response(
        request,
        pk,
        version.evidence,
        error,
        "Avis enregistré",
        form_data=request.POST if error else None,
    )


def _item_response(
    request: HttpRequest,
    pk: int,
    evidence: Evidence,
    error: str | None,
    saved: str,
    form_data=None,
) -> HttpResponse:
    """Without JavaScript, back to the same chapter, page and item with a message; with
    htmx, the item card and the chapter counts re-rendered in place."""
    place = _place(request.POST)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"{saved} : preuve {evidence.code}.")
        return redirect(_page_url(pk, place, f"#preuve-{evidence.pk}"))
    candidature = _candidature(pk)
    bench, judging = _workbench(request, candidature, place)
    item = find_item(bench, evidence.pk)
    item.form = _item_form(item, judging, form_data)
    context = {
        "candidature": candidature,
        "bench": bench,
        "item": item,
        "judging": judging,
        "place": place,
        "error": error,
        "saved": "" if error else saved,
        "oob": True,
    }
    return render(request, "instruction/_partials/verdict_response.html", context)


@agency_staff_required
@require_POST
def equivalence_view(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """003 §3.1, 001 §3.1: the instructor confirms or refuses an equivalence claim like a
    verdict; a refusal is motivated for the editor."""
    readable_candidature(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, candidature_id=pk)
    decision = request.POST.get("decision")
    error = None
    if decision not in ("confirmer", "refuser"):
        error = "Choisissez de confirmer ou de refuser l'équivalence."
    else:
        try:
            judge_equivalence(
                evidence,
                decision == "confirmer",
                request.POST.get("comment", ""),
                actor=request.user,
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    saved = "Équivalence confirmée" if decision == "confirmer" else "Équivalence refusée"
    return _item_response(request, pk, evidence, error, saved)


@agency_staff_required
def open_version_view(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    """The preview link of the workbench: remembers that the agency opened this version
    (« tout le chapitre conforme » needs it), then shows the file."""
    readable_candidature(request.user, pk)
    version = get_object_or_404(EvidenceVersion, pk=version_pk, evidence__candidature_id=pk)
    record_opening(version, actor=request.user)
    return redirect("evidence:evidence_view", pk, version.pk)


@agency_staff_required
def chapter_conforme_view(request: HttpRequest, pk: int, chapter_key: str) -> HttpResponse:
    """Confirmation page restating which items become conforme, then the bulk verdict."""
    candidature = readable_candidature(request.user, pk)
    bench = workbench(candidature, chapter_key=chapter_key)
    group = bench.current
    if group is None or group.key != chapter_key or not may_instruct(request.user):
        return redirect("instruction:candidature", pk=pk)
    confirmable = group.confirmable
    back = _page_url(pk, {"chapitre": chapter_key})
    if request.method == "POST" and request.POST.get("confirm") == "oui":
        try:
            count = judge_chapter_conforme(
                candidature, [item.version for item in confirmable], actor=request.user
            )
            messages.success(
                request,
                f"{count} preuve{'s' if count > 1 else ''} du chapitre "
                f"jugée{'s' if count > 1 else ''} conforme{'s' if count > 1 else ''}.",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(back)
    context = {
        "candidature": candidature,
        "group": group,
        "confirmable": confirmable,
        "left_out": group.to_judge - len(confirmable),
        "back": back,
        "title": f"Tout le chapitre conforme — {group.title}",
    }
    return render(request, "instruction/confirm_chapter.html", context)


@agency_staff_required
@require_POST
def solicitation_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = SolicitationForm(request.POST)
    question = form.cleaned_data["question"] if form.is_valid() else ""
    return _run(
        request,
        pk,
        lambda: ask_solicitation(_candidature(pk), question, actor=request.user),
        "Demande de complément envoyée à l'éditeur.",
    )


@agency_staff_required
@require_POST
def require_redeposit_view(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Issue 14 item 5: an inherited item to be deposited again, through a solicitation."""
    evidence = get_object_or_404(Evidence, pk=evidence_pk, candidature_id=pk)
    return _run(
        request,
        pk,
        lambda: require_redeposit(evidence, request.POST.get("reason", ""), actor=request.user),
        f"Nouveau dépôt de la preuve {evidence.code} demandé à l'éditeur.",
    )


@agency_staff_required
@require_POST
def complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ProposalForm(request.POST)
    proposal = form.cleaned_data["proposal"] if form.is_valid() else ""
    return _run(
        request,
        pk,
        lambda: complete_instruction(_candidature(pk), proposal=proposal, actor=request.user),
        "Instruction terminée : la convention est proposée à la signature de l'éditeur.",
    )


@agency_staff_required
@require_POST
def close_exchanges_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(
        request,
        pk,
        lambda: close_exchanges(_candidature(pk), actor=request.user),
        "Échanges clos : finalisez l'instruction.",
    )
