"""The administrative dossier read-only (issue 10 item 2): what the editor declared and every
document, the récépissé de dépôt with its SHA-256, and the recevabilité decision taken
beside the dossier (001 §4.3), a rejection only after a confirmation."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conftest import login
from referencement.audit.models import AuditEvent
from referencement.candidatures import actions
from referencement.candidatures.recap import dossier_recap
from referencement.candidatures.testing import PDF, draft, fill_dossier, load_catalogues

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def submitted(editor_member):
    load_catalogues()
    with time_machine.travel(datetime(2026, 9, 1, 9, 30, tzinfo=PARIS), tick=False):
        candidature = fill_dossier(draft("MS2-DUI-PDE-Va1-SF", editor_member), editor_member)
        actions.submit_dossier(candidature, actor=editor_member)
    return candidature


def recap_page(client, candidature) -> str:
    response = client.get(reverse("candidatures:recap", args=[candidature.pk]))
    assert response.status_code == 200
    return response.content.decode()


def review(client, candidature, **data):
    return client.post(reverse("candidatures:admin_review", args=[candidature.pk]), data)


def test_the_recap_shows_everything_declared_and_every_document_001_4_3(
    client, submitted, instructor
):
    page = recap_page(login(client, instructor), submitted)
    assert "Dossier soumis le 01/09/2026 à 09h30" in page
    assert submitted.editor.siret in page
    assert "NIL-0001" in page and "4.2.0" in page and "NIE-0001" in page
    for profile in submitted.profiles.all():
        assert profile.code in page
    documentation = reverse("evidence:document_view", args=[submitted.pk, "documentation"])
    assert f'href="{documentation}">documentation.pdf</a>' in page
    assert hashlib.sha256(PDF).hexdigest()[:10] in page
    assert dossier_recap(submitted).fingerprint in page


def test_the_editor_reads_its_recap_but_takes_no_decision(client, submitted, editor_member):
    page = recap_page(login(client, editor_member), submitted)
    assert "Télécharger le récépissé de dépôt" in page
    assert "Enregistrer la décision" not in page


def test_the_instructor_declares_the_dossier_recevable_from_the_recap(
    client, submitted, instructor
):
    client = login(client, instructor)
    assert "Enregistrer la décision" in recap_page(client, submitted)
    response = review(client, submitted, decision="accept")
    assert response.url == reverse("candidatures:recap", args=[submitted.pk])
    submitted.refresh_from_db()
    assert submitted.status == "admin_accepted"


def test_a_rejection_is_confirmed_on_a_page_that_restates_it_before_it_happens(
    client, submitted, instructor
):
    client = login(client, instructor)
    page = review(client, submitted, decision="reject", text="Pièces falsifiées").content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "admin_submitted"
    assert "la candidature sera close" in page
    assert "Pièces falsifiées" in page
    # The first, default-looking choice goes back without rejecting.
    back = page.index("Non, revenir au dossier")
    assert back < page.index("Oui, rejeter le dossier")
    review(client, submitted, decision="reject", text="Pièces falsifiées", confirmed="oui")
    submitted.refresh_from_db()
    assert submitted.status == "admin_rejected"


def test_a_rejection_without_reason_is_refused_at_the_first_step(client, submitted, instructor):
    page = review(login(client, instructor), submitted, decision="reject", text=" ")
    assert "Le motif du rejet est obligatoire." in page.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "admin_submitted"


def test_the_editor_downloads_the_receipt_with_its_sha256(client, submitted, editor_member):
    url = reverse("candidatures:receipt", args=[submitted.pk])
    response = login(client, editor_member).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="recepisse-depot-{submitted.pk}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    digest = hashlib.sha256(response.content)
    assert response["Repr-Digest"] == f"sha-256=:{base64.b64encode(digest.digest()).decode()}:"
    event = AuditEvent.objects.get(action="candidature.receipt_issued")
    assert event.new_values == {
        "sha256": digest.hexdigest(),
        "dossier_sha256": dossier_recap(submitted).fingerprint,
    }
    # The same dossier gives the same receipt, byte for byte.
    assert client.get(url).content == response.content


def test_the_receipt_downloaded_later_is_the_same_file_001_4_3(
    client, submitted, editor_member, monkeypatch
):
    """Fonts subset by fontTools (no HarfBuzz-Subset on the machine) carried the time of
    rendering: two downloads a minute apart differed by a byte."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    url = reverse("candidatures:receipt", args=[submitted.pk])
    login(client, editor_member)
    now = datetime.now(PARIS)
    with time_machine.travel(now + timedelta(minutes=1), tick=False):
        first = client.get(url).content
    with time_machine.travel(now + timedelta(minutes=2, seconds=7), tick=False):
        second = client.get(url).content
    assert first.startswith(b"%PDF")
    assert second == first


def test_no_receipt_before_the_dossier_is_submitted(client, editor_member):
    load_catalogues()
    candidature = draft("MS2-DUI-PDE-Va1-SF", editor_member)
    response = login(client, editor_member).get(
        reverse("candidatures:receipt", args=[candidature.pk])
    )
    assert response.status_code == 404
