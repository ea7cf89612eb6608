"""Authorization matrix of the API and of the dossier pages: every endpoint × every role × the own editor's object or
another editor's, with exactly the statuses allowed (DESIGN §1: an editor never reaches
another editor's data; agency staff read every dossier but never act as the editor).

Write requests carry a minimal body: what is checked here is who gets through (2xx, or a
rule's 400/409 for an authorised person) and who is stopped (401, 403, 404).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import login, read_whole
from referencement.accounts.testing import issue_api_token
from referencement.candidatures import actions, testing
from referencement.candidatures.models import Candidature
from referencement.college.models import (
    AgendaItem,
    CollegeSession,
    Decision,
    Reserve,
    ReserveCorrection,
)
from referencement.evidence.actions import deposit
from referencement.evidence.expected import expected_items
from referencement.evidence.models import EvidenceVersion
from referencement.files.storage import blob_store, store_blob

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "editor_admin",
    "editor_member",
    "other_editor_member",
    "instructor",
    "college_member",
    "agency_admin",
]
OWN = {"editor_admin", "editor_member"}
AGENCY = {"instructor", "college_member", "agency_admin"}
OK = {200, 201}
RULE = {400, 409}

# Who may do what: "public", "authenticated", "editor" (own editor's people act; agency
# staff read), "editor_write" (own editor's people only; staff refused), "editor_create",
# "browser_only" (refused to every API token: 001 §4.3, the charter is accepted in the
# browser after a second-factor check).
ENDPOINTS = [
    ("get", "/api/v1/dispositifs", "public"),
    ("get", "/api/v1/dispositifs/MS2-DUI-PDE-Va1-SF", "public"),
    (
        "get",
        "/api/v1/dispositifs/MS2-DUI-PDE-Va1-SF/requirements?profile=GENERAL&profile=ESCLAVE-IDENTITE",
        "public",
    ),
    ("get", "/api/v1/dispositifs/MS2-DUI-PDE-Va1-SF/versions", "public"),
    ("get", "/api/v1/dispositifs/MS2-DUI-PDE-Va1-SF/versions/1/diff/1", "public"),
    ("get", "/api/v1/registry", "public"),
    ("get", "/api/v1/registry.csv", "public"),
    ("get", "/api/v1/docs", "public"),
    ("get", "/accessibilite/", "public"),
    ("get", "/mentions-legales/", "public"),
    ("get", "/donnees-personnelles/", "public"),
    ("get", "/gestion-des-cookies/", "public"),
    ("get", "/plan-du-site/", "public"),
    ("get", "/api/v1/me", "authenticated"),
    ("post", "/api/v1/conformity/validate", "authenticated"),
    ("get", "/api/v1/candidatures", "authenticated"),
    ("post", "/api/v1/charter-acceptances", "browser_only"),
    ("post", "/api/v1/candidatures", "editor_create"),
    ("get", "/api/v1/candidatures/{id}", "editor_read"),
    ("get", "/api/v1/candidatures/{id}/expected-evidence", "editor_read"),
    ("get", "/api/v1/candidatures/{id}/evidence/{item}/versions", "editor_read"),
    ("patch", "/api/v1/candidatures/{id}", "editor_write"),
    ("post", "/api/v1/candidatures/{id}/documents", "editor_write"),
    ("post", "/api/v1/candidatures/{id}/submit", "editor_write"),
    ("post", "/api/v1/candidatures/{id}/withdraw", "editor_write"),
    ("post", "/api/v1/candidatures/{id}/solicitations/{solicitation}/answer", "editor_write"),
    ("post", "/api/v1/candidatures/{id}/evidence", "editor_write"),
    ("post", "/api/v1/candidatures/{id}/chapters/{chapter}/submit", "editor_write"),
    ("post", "/api/v1/candidatures/{id}/evidence/submit", "editor_write"),
]


def allowed(kind: str, role: str) -> set[int]:
    if kind == "public":
        return OK
    if role == "anonymous":
        return {401}
    if kind == "browser_only":
        return {403}
    if kind == "authenticated":
        return OK | RULE
    if kind == "editor_create":
        return OK | RULE if role in OWN | {"other_editor_member"} else {403}
    if role == "other_editor_member":
        return {404}
    if kind == "editor_read":
        return OK
    return OK | RULE if role in OWN else {403}


@pytest.fixture
def world(
    catalogues,
    editor_admin,
    editor_member,
    other_editor_member,
    instructor,
    college_member,
    agency_admin,
):
    people = {
        "editor_admin": editor_admin,
        "editor_member": editor_member,
        "other_editor_member": other_editor_member,
        "instructor": instructor,
        "college_member": college_member,
        "agency_admin": agency_admin,
    }
    candidature = testing.accepted("MS2-DUI-PDE-Va1-SF", editor_admin, instructor)
    questioned = testing.fill_dossier(
        testing.draft("MS2-DUI-PDE-Va1-SF", editor_admin), editor_admin
    )
    actions.submit_dossier(questioned, actor=editor_admin)
    actions.send_admin_solicitation(questioned, actor=instructor, question="Précisez la version.")
    tokens = {role: issue_api_token(user, name="matrice")[1] for role, user in people.items()}
    return {"accepted": candidature, "questioned": questioned}, tokens


def url_for(template: str, candidature: Candidature) -> tuple[str, str]:
    item = expected_items(candidature)[0]
    solicitation = candidature.solicitations.first()
    url = template.format(
        id=candidature.pk,
        item=item.code,
        chapter=item.chapter.code if item.chapter else "x",
        solicitation=solicitation.pk if solicitation else 0,
    )
    return url, item.code


def call(client, method: str, url: str, token: str | None, item: str):
    """A well-formed request, so that only authorization decides who gets through."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, **headers)
    if method == "patch":
        return client.patch(url, data="{}", content_type="application/json", **headers)
    if url.endswith(("/candidatures", "/charter-acceptances", "/answer")):
        body = {"dispositif": "MS2-DUI-PDE-Va1-SF", "solution_name": "X", "answer": "Voici."}
        return client.post(url, data=body, content_type="application/json", **headers)
    upload = SimpleUploadedFile("note.pdf", b"%PDF-1.4\n%fictif\n", content_type="application/pdf")
    form = {"file": upload, "kind": "documentation", "item": item, "text": "Exécution n° 42"}
    return client.post(url, data=form, **headers)


@pytest.mark.parametrize(
    ("method", "template", "kind"), ENDPOINTS, ids=[f"{m} {t}" for m, t, _ in ENDPOINTS]
)
def test_each_role_gets_exactly_the_allowed_statuses(client, world, method, template, kind):
    candidatures, tokens = world
    candidature = candidatures["questioned" if "/solicitations/" in template else "accepted"]
    url, item = url_for(template, candidature)
    for role in ROLES:
        response = call(client, method, url, tokens.get(role), item)
        assert response.status_code in allowed(kind, role), (
            role,
            method,
            url,
            response.status_code,
            response.content[:300],
        )


def test_another_editor_never_sees_a_candidature_in_lists(client, world):
    candidatures, tokens = world
    candidature = candidatures["accepted"]
    listing = client.get(
        "/api/v1/candidatures", HTTP_AUTHORIZATION=f"Bearer {tokens['other_editor_member']}"
    )
    assert candidature.pk not in [c["id"] for c in listing.json()["results"]]
    own = client.get("/api/v1/candidatures", HTTP_AUTHORIZATION=f"Bearer {tokens['editor_member']}")
    assert candidature.pk in [c["id"] for c in own.json()["results"]]


def test_unmatched_api_paths_answer_json_404(client):
    for path in ["/api/v1/nulle-part", "/api/v1/candidatures/1/evidence/a%0Ab/versions"]:
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Ressource introuvable."}


# Web pages that read a whole dossier and its files (issue 10): the owning editor's people,
# instructors and agency administrators; a collège member only for a candidature on the
# agenda of a session; anyone else 404 (anonymous: sent to the login page).
DOSSIER_PAGES = [
    ("evidence:evidence_download", ("pdf",)),
    ("evidence:evidence_view", ("pdf",)),
    ("evidence:evidence_content", ("pdf",)),
    ("evidence:evidence_entry", ("zip", 0)),
    ("evidence:evidence_entry_content", ("zip", 0)),
    ("evidence:document_download", ("documentation",)),
    ("evidence:document_view", ("documentation",)),
    ("evidence:document_content", ("documentation",)),
    ("evidence:document_entry", ("cnda_filing_proof", 0)),
    ("evidence:document_entry_content", ("cnda_filing_proof", 0)),
    ("candidatures:recap", ()),
    ("candidatures:receipt", ()),
]


@pytest.fixture
def dossier_world(
    catalogues,
    editor_admin,
    editor_member,
    other_editor_admin,
    other_editor_member,
    instructor,
    college_member,
    agency_admin,
):
    from referencement.evidence.expected import expected_items

    def with_files(member, *, on_agenda: bool) -> Candidature:
        candidature = testing.fill_dossier(testing.draft("MS2-DUI-PDE-Va1-SF", member), member)
        archive = testing.pending(zip_of_one_png())
        actions.attach_document(
            candidature, "cnda_filing_proof", archive, actor=member, filename="a.zip"
        )
        actions.submit_dossier(candidature, actor=member)
        actions.accept_dossier(candidature, actor=instructor)
        code = expected_items(candidature)[0].code
        deposit(candidature, code, actor=member, pending=testing.pending(), filename="p.pdf")
        deposit(
            candidature,
            code,
            actor=member,
            pending=testing.pending(zip_of_one_png()),
            filename="x.zip",
        )
        if on_agenda:
            session, _ = CollegeSession.objects.get_or_create(
                sits_at=timezone.make_aware(datetime(2027, 6, 1, 10))
            )
            AgendaItem.objects.create(session=session, candidature=candidature)
        return candidature

    people = {
        "editor_admin": editor_admin,
        "editor_member": editor_member,
        "other_editor_member": other_editor_member,
        "instructor": instructor,
        "college_member": college_member,
        "agency_admin": agency_admin,
    }
    # « own »: the editor's candidature, on a collège agenda; « other »: another editor's,
    # on no agenda.
    objects = {
        "own": with_files(editor_admin, on_agenda=True),
        "other": with_files(other_editor_admin, on_agenda=False),
    }
    return objects, people


def zip_of_one_png() -> bytes:
    """An archive for the entry pages."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("IMG.PNG", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return buffer.getvalue()


def dossier_page_url(name: str, args: tuple, candidature: Candidature) -> str:
    """`pdf` and `zip` stand for the evidence versions holding those files."""
    versions = EvidenceVersion.objects.filter(evidence__candidature=candidature)
    files = {"pdf": versions.get(filename="p.pdf").pk, "zip": versions.get(filename="x.zip").pk}
    return reverse(name, args=[candidature.pk, *(files.get(arg, arg) for arg in args)])


def dossier_page_allowed(role: str, owner: str) -> set[int]:
    if role == "anonymous":
        return {302}
    if role in {"instructor", "agency_admin"}:
        return {200}
    if role == "college_member":
        return {200} if owner == "own" else {404}
    mine = role in OWN
    return {200} if mine == (owner == "own") else {404}


@pytest.mark.parametrize(("name", "args"), DOSSIER_PAGES, ids=[n for n, _ in DOSSIER_PAGES])
def test_each_role_reads_exactly_the_dossiers_it_may(client, dossier_world, name, args):
    objects, people = dossier_world
    for owner, candidature in objects.items():
        url = dossier_page_url(name, args, candidature)
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                login(client, people[role])
            status = read_whole(client.get(url)).status_code
            assert status in dossier_page_allowed(role, owner), (role, owner, url, status)


# Pages (session login). "page_read": own editor's people and agency staff read;
# "page_write": own editor's people and agency staff get through (the thread; for the
# reserves the action itself refuses staff, tested in college/tests/test_reserves.py).
PAGES = [
    ("get", "/candidatures/{id}/echanges/", "page_read"),
    ("post", "/candidatures/{id}/echanges/ecrire/", "page_write"),
    ("get", "/candidatures/{id}/echanges/pieces/{attachment}/", "page_read"),
    ("get", "/candidatures/{reserved}/reserves/", "page_read"),
    ("post", "/candidatures/{reserved}/reserves/{reserve}/corriger/", "page_write"),
    ("post", "/candidatures/{reserved}/reserves/pretes/", "page_write"),
    ("get", "/candidatures/{reserved}/reserves/corrections/{correction}/", "page_read"),
    ("post", "/candidatures/{reserved}/reserves/corrections/{correction}/avis/", "page_write"),
]


FORM = {"body": "Bonjour.", "note": "Corrigé.", "confirm": "on"}


def page_allowed(role: str, method: str) -> set[int]:
    done = {302} if method == "post" else {200}
    if role == "other_editor_member":
        return {404}
    return done


@pytest.fixture
def page_world(world, editor_admin):
    from referencement.candidatures.exchange_actions import post_message

    candidatures, _ = world
    candidature = candidatures["questioned"]
    message = post_message(
        candidature,
        actor=editor_admin,
        body="Une question.",
        uploads=[(testing.pending(), "note.pdf")],
    )
    reserved = testing.draft("MS2-DUI-PDE-Va1-SF", editor_admin, solution_name="Réservée")
    Candidature.objects.filter(pk=reserved.pk).update(status="reserves_to_lift")
    decision = Decision.objects.create(
        session=CollegeSession.objects.create(sits_at=timezone.now()),
        candidature=reserved,
        outcome="reserves_non_bloquantes",
        reasons="Libellé à corriger.",
        decided_by=editor_admin,
        fix_deadline=timezone.now() + timedelta(days=28),
    )
    reserve = Reserve.objects.create(decision=decision, number=1, text="Libellé à corriger.")
    correction = ReserveCorrection.objects.create(
        reserve=reserve,
        note="Corrigé.",
        blob=store_blob(testing.pending()),
        filename="correction.pdf",
        deposited_by=editor_admin,
    )
    ids = {
        "id": candidature.pk,
        "attachment": message.attachments.get().pk,
        "reserved": reserved.pk,
        "reserve": reserve.pk,
        "correction": correction.pk,
    }
    return ids


@pytest.mark.parametrize(
    ("method", "template", "kind"), PAGES, ids=[f"{m} {t}" for m, t, _ in PAGES]
)
def test_each_role_gets_exactly_the_allowed_statuses_on_pages(
    client,
    page_world,
    editor_admin,
    editor_member,
    other_editor_member,
    instructor,
    college_member,
    agency_admin,
    method,
    template,
    kind,
):
    url = template.format(**page_world)
    people = {
        "editor_admin": editor_admin,
        "editor_member": editor_member,
        "other_editor_member": other_editor_member,
        "instructor": instructor,
        "college_member": college_member,
        "agency_admin": agency_admin,
    }
    for role in ROLES:
        client.logout()
        if role == "anonymous":
            response = getattr(client, method)(url, FORM)
            assert response.status_code == 302 and "connexion" in response["Location"], role
            continue
        login(client, people[role])
        response = read_whole(getattr(client, method)(url, FORM))
        assert response.status_code in page_allowed(role, method), (
            role,
            method,
            url,
            response.status_code,
        )


# The instruction workbench (issue 10 item 3): agency pages, so editors are refused (403);
# a collège member reads only a dossier on a session's agenda (404 otherwise).
WORKBENCH_PAGES = [
    ("instruction:candidature", ()),
    ("instruction:open_version", ("pdf",)),
    ("instruction:chapter_conforme", ("hors-rem",)),
]


def workbench_page_allowed(role: str, owner: str) -> set[int]:
    if role == "anonymous":
        return {302}
    if role in OWN | {"other_editor_member"}:
        return {403}
    if role == "college_member" and owner == "other":
        return {404}
    return {200, 302}


@pytest.mark.parametrize(("name", "args"), WORKBENCH_PAGES, ids=[n for n, _ in WORKBENCH_PAGES])
def test_each_role_reaches_exactly_the_workbench_pages_it_may(client, dossier_world, name, args):
    objects, people = dossier_world
    for owner, candidature in objects.items():
        if args:
            url = dossier_page_url(name, args, candidature)
        else:
            url = reverse(name, args=[candidature.pk])
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                login(client, people[role])
            status = read_whole(client.get(url)).status_code
            assert status in workbench_page_allowed(role, owner), (role, owner, url, status)


def test_only_collège_members_and_admins_reach_the_not_held_confirmation(client, dossier_world):
    from referencement.college.models import CollegeSession

    _, people = dossier_world
    session = CollegeSession.objects.create(sits_at=timezone.make_aware(datetime(2020, 1, 2, 14)))
    url = reverse("college:not_held", args=[session.pk])
    expected = {
        "anonymous": {302},
        "editor_admin": {403},
        "editor_member": {403},
        "other_editor_member": {403},
        "instructor": {403},
        "college_member": {200},
        "agency_admin": {200},
    }
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            login(client, people[role])
        assert client.post(url).status_code in expected[role], role
    session.refresh_from_db()
    assert session.is_open


# The resumable upload endpoint of the evidence page (tus, browser session): only the
# candidate editor's people create an upload; agency staff are refused, another editor
# does not find the candidature; nobody writes a byte without authorization.
TUS_ALLOWED = {
    "anonymous": {403},
    "editor_admin": {201},
    "editor_member": {201},
    "other_editor_member": {404},
    "instructor": {403},
    "college_member": {403},
    "agency_admin": {403},
}


def test_each_role_gets_exactly_the_allowed_statuses_on_the_resumable_upload_endpoint(
    request, client, world
):
    candidatures, _ = world
    candidature = candidatures["accepted"]
    url = f"/candidatures/{candidature.pk}/preuves/televersements/"
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            login(client, request.getfixturevalue(role))
        response = client.post(
            url, HTTP_TUS_RESUMABLE="1.0.0", HTTP_UPLOAD_LENGTH="10", HTTP_UPLOAD_METADATA=""
        )
        assert response.status_code in TUS_ALLOWED[role], (role, response.status_code)
    created = list((blob_store().root / "tmp").glob("upload-tus-*.json"))
    assert len(created) == 2
