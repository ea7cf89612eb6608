"""An editor's CI walks a whole candidature through the API on MS2-DUI-PDE-Va1-SF (open
permanently, 000 §4.1): charter, dossier, submission, deposit, complete evidence dossier."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from referencement.accounts.testing import issue_api_token
from referencement.candidatures import actions
from referencement.candidatures.models import Candidature, CharterAcceptance
from referencement.candidatures.testing import PDF, charter_accepted, load_catalogues
from referencement.catalog.models import Dispositif
from referencement.evidence.models import EvidenceVersion

pytestmark = pytest.mark.django_db
CODE = "MS2-DUI-PDE-Va1-SF"


@pytest.fixture
def api(client, editor_member):
    _, clear = issue_api_token(editor_member, name="CI")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}

    class Api:
        def get(self, url):
            return client.get(f"/api/v1{url}", **headers)

        def post(self, url, data=None, **kwargs):
            if kwargs.get("multipart"):
                return client.post(f"/api/v1{url}", data, **headers)
            return client.post(
                f"/api/v1{url}", data or {}, content_type="application/json", **headers
            )

        def patch(self, url, data):
            return client.patch(f"/api/v1{url}", data, content_type="application/json", **headers)

    load_catalogues()
    return Api()


def _complete_editor(editor) -> None:
    editor.legal_representative_function = "Présidente"
    editor.legal_representative_phone = "0102030405"
    editor.contact_phone = "0102030406"
    editor.save()


def test_an_editor_goes_from_charter_to_complete_evidence_dossier_through_the_api(
    api, editor_member, instructor
):
    # 001 §4.3: no dossier before the charter is accepted.
    refused = api.post("/candidatures", {"dispositif": CODE, "solution_name": "Fictif DUI"})
    assert refused.status_code == 409
    assert "charte" in refused.json()["detail"]
    # Issue 12 item 8: an API token never accepts; the representative does, in the browser.
    assert api.post("/charter-acceptances", {"dispositif": CODE}).status_code == 403
    assert not CharterAcceptance.objects.exists()
    charter_accepted(Dispositif.objects.get(code=CODE), editor_member)

    created = api.post("/candidatures", {"dispositif": CODE, "solution_name": "Fictif DUI"})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["profiles"] == ["GENERAL"]  # 001 §4.3: selected by default

    # A draft is saved incomplete; submitting it lists what is missing, in French.
    incomplete = api.post(f"/candidatures/{pk}/submit")
    assert incomplete.status_code == 400
    assert "documentation" in incomplete.json()["errors"]

    _complete_editor(editor_member.editor)
    patched = api.patch(
        f"/candidatures/{pk}",
        {
            "nie": "NIE-0001",
            # 004 §4.2 (applied to 000 by hypothesis): « si applicable », declared so.
            "not_applicable": ["cnda_filing_proof"],
            "profiles": ["GENERAL", "ESCLAVE-IDENTITE"],
            "commercial_names": [
                {"name": "Fictif DUI", "nil": "NIL-1", "technical_version": "4.2"}
            ],
            "components": [
                {"kind": "proxy", "editor_name": "Proxy SA", "name": "Proxy", "version": "1.0"}
            ],
        },
    )
    assert patched.status_code == 200, patched.json()
    upload = api.post(
        f"/candidatures/{pk}/documents",
        {"kind": "documentation", "file": SimpleUploadedFile("doc.pdf", PDF)},
        multipart=True,
    )
    assert upload.status_code == 200, upload.json()
    assert upload.json()["problems"] == {}
    submitted = api.post(f"/candidatures/{pk}/submit")
    assert submitted.json()["status"] == "admin_submitted"

    candidature = Candidature.objects.get(pk=pk)
    actions.accept_dossier(candidature, actor=instructor)

    expected = api.get(f"/candidatures/{pk}/expected-evidence").json()
    codes = [item["item"] for chapter in expected["chapters"] for item in chapter["items"]]
    assert "INS/va1.64" in codes  # the « Esclave de l'identité » profile's requirement
    first = api.post(
        f"/candidatures/{pk}/evidence",
        {"item": codes[0], "file": SimpleUploadedFile("preuve.pdf", PDF)},
        multipart=True,
    )
    assert first.status_code == 201, first.json()
    assert first.json()["content_type"] == "application/pdf"
    # 004 §4.3: dossier-based queue, submitted in one go: no chapter submission.
    assert api.post(f"/candidatures/{pk}/chapters/INS/submit").status_code == 409
    early = api.post(f"/candidatures/{pk}/evidence/submit")
    assert early.status_code == 400 and "Preuves manquantes" in early.json()["detail"]
    for code in codes[1:]:
        response = api.post(
            f"/candidatures/{pk}/evidence",
            {"item": code, "text": f"Exécution de test n° {code}"},
            multipart=True,
        )
        assert response.status_code == 201, response.json()

    done = api.post(f"/candidatures/{pk}/evidence/submit")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "evidence_complete"
    assert done.json()["queue_entered_at"] == done.json()["evidence_submitted_at"]
    assert EvidenceVersion.objects.count() == len(codes)
    listed = api.get("/candidatures").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == pk


def test_api_errors_are_french_json(api):
    response = api.post("/candidatures", {"dispositif": "INCONNU", "solution_name": "x"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Ressource introuvable."
