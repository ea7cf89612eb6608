"""Authorization matrix of the API: every endpoint × every role × the own editor's object or
another editor's, with exactly the statuses allowed (DESIGN §1: an editor never reaches
another editor's data; agency staff read every dossier but never act as the editor).

Write requests carry a minimal body: what is checked here is who gets through (2xx, or a
rule's 400/409 for an authorised person) and who is stopped (401, 403, 404).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from referencement.accounts.actions import create_api_token
from referencement.candidatures import actions, testing
from referencement.candidatures.models import Candidature

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
# staff read), "editor_write" (own editor's people only; staff refused), "editor_create".
ENDPOINTS = [
    ("get", "/api/v1/dispositifs", "public"),
    ("get", "/api/v1/dispositifs/MS2-DUI-PDE-Va1-SF", "public"),
    (
        "get",
        "/api/v1/dispositifs/MS2-DUI-PDE-Va1-SF/requirements?profile=GENERAL&profile=ESCLAVE-IDENTITE",
        "public",
    ),
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
    ("post", "/api/v1/charter-acceptances", "editor_create"),
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
    tokens = {role: create_api_token(user, name="matrice")[1] for role, user in people.items()}
    return {"accepted": candidature, "questioned": questioned}, tokens


def url_for(template: str, candidature: Candidature) -> tuple[str, str]:
    from referencement.evidence.expected import expected_items

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
