"""The same journey in the browser pages on MS2-DUI-PDE-Va1-SF: charter, dossier with its
formsets and documents, submission, the agency's decision, deposits and submission."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import login
from referencement.candidatures.models import Candidature
from referencement.candidatures.testing import PDF, charter_accepted, load_catalogues
from referencement.catalog.models import Dispositif
from referencement.evidence.expected import expected_items

pytestmark = pytest.mark.django_db


def _formset(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{k}": v for k, v in row.items()})
    return data


def test_an_editor_goes_through_the_pages(client, editor_member, instructor):
    load_catalogues()
    dispositif = Dispositif.objects.get(code="MS2-DUI-PDE-Va1-SF")
    editor = editor_member.editor
    editor.legal_representative_function = "Président"
    editor.legal_representative_phone = "0102030405"
    editor.contact_phone = "0102030406"
    editor.save()
    login(client, editor_member)
    assert "Mes candidatures" in client.get("/").content.decode()

    opening = {"dispositif": dispositif.pk, "solution_name": "Fictif"}
    refused = client.post("/candidatures/nouvelle/", opening, follow=True)
    assert "doit d&#x27;abord être acceptée par le représentant légal" in refused.content.decode()
    charter_accepted(dispositif, editor_member)
    response = client.post("/candidatures/nouvelle/", opening)
    candidature = Candidature.objects.get()
    assert response.url == f"/candidatures/{candidature.pk}/dossier/"

    general, esclave = (dispositif.profiles.get(code=c).pk for c in ("GENERAL", "ESCLAVE-IDENTITE"))
    saved = client.post(
        response.url,
        {
            "solution_name": "Fictif",
            "nie": "NIE-1",
            "profiles": [general, esclave],
            **_formset(
                "commercial_names", [{"name": "Fictif", "nil": "N1", "technical_version": "1"}]
            ),
            **_formset("components", []),
            **_formset(
                "distributors", [{"name": "D", "siret": "123", "mandate_start": "2026-01-01"}]
            ),
            **_formset("consortium_members", []),
        },
    )
    assert "Le SIRET doit comporter exactement 14 chiffres." in saved.content.decode()
    saved = client.post(
        response.url,
        {
            "solution_name": "Fictif",
            "nie": "NIE-1",
            # 004 §4.2 (applied to 000 by hypothesis): no CNDA filing for this solution.
            "not_applicable_cnda_filing_proof": "on",
            "profiles": [general, esclave],
            **_formset(
                "commercial_names", [{"name": "Fictif", "nil": "N1", "technical_version": "1"}]
            ),
            **_formset("components", []),
            **_formset("distributors", []),
            **_formset("consortium_members", []),
        },
    )
    assert saved.status_code == 302
    client.post(
        f"/candidatures/{candidature.pk}/dossier/documents/",
        {"kind": "documentation", "file": SimpleUploadedFile("doc.pdf", PDF)},
    )
    page = client.get(f"/candidatures/{candidature.pk}/").content.decode()
    assert "Soumettre le dossier administratif" in page
    client.post(f"/candidatures/{candidature.pk}/soumettre/")
    candidature.refresh_from_db()
    assert candidature.status == "admin_submitted"

    login(client, instructor)
    client.post(f"/candidatures/{candidature.pk}/recevabilite/", {"decision": "accept"})
    candidature.refresh_from_db()
    assert candidature.status == "admin_accepted"

    login(client, editor_member)
    codes = [item.code for item in expected_items(candidature)]
    client.post(
        f"/candidatures/{candidature.pk}/preuves/deposer/",
        {"item": codes[0], "file": SimpleUploadedFile("p.pdf", PDF)},
    )
    for code in codes[1:]:
        client.post(
            f"/candidatures/{candidature.pk}/preuves/deposer/", {"item": code, "text": "id-42"}
        )
    page = client.get(f"/candidatures/{candidature.pk}/preuves/").content.decode()
    assert "v1 du" in page and "p.pdf" in page
    client.post(f"/candidatures/{candidature.pk}/preuves/soumettre/")
    candidature.refresh_from_db()
    assert candidature.status == "evidence_complete"
    assert candidature.queue_entered_at is not None


def test_withdrawing_asks_for_confirmation(client, editor_member):
    load_catalogues()
    from referencement.candidatures.testing import draft

    candidature = draft("MS2-DUI-PDE-Va1-SF", editor_member)
    login(client, editor_member)
    page = client.get(f"/candidatures/{candidature.pk}/retirer/").content.decode()
    assert "irréversible" in page
    candidature.refresh_from_db()
    assert candidature.status == "draft"
    client.post(f"/candidatures/{candidature.pk}/retirer/")
    candidature.refresh_from_db()
    assert candidature.status == "withdrawn"
