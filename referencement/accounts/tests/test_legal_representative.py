"""The legal representative who signs is verified by the agency (issue 16 item 6; 001 §4.5:
the convention is signed by the editor): a change is a request with its supporting document
(Kbis or delegation) that an agency admin validates; only that account signs, under the
verified name."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from conftest import login
from referencement.accounts.models import RepresentativeRequest
from referencement.accounts.representative_actions import validate_representative
from referencement.audit.models import AuditEvent
from referencement.candidatures.testing import load_catalogues
from referencement.catalog.models import Dispositif
from referencement.college.actions import sign_convention
from referencement.college.tests.test_college import instructed
from referencement.instruction.tests.fixtures import totp_token

PARIS = ZoneInfo("Europe/Paris")
KBIS = b"%PDF-1.4\n% extrait Kbis fictif\n" + b"1" * 100
pytestmark = pytest.mark.django_db


@pytest.fixture
def dispositif(db) -> Dispositif:
    load_catalogues()
    return Dispositif.objects.get(code="MS-DUI-Va2")


def _request(client, editor, user, **extra):
    data = {
        "user": user.pk,
        "full_name": "Alex Vérifié",
        "function": "Directeur général",
        "kind": "kbis",
        "document": SimpleUploadedFile("kbis.pdf", KBIS, content_type="application/pdf"),
        **extra,
    }
    return client.post(f"/editeurs/{editor.pk}/representant-legal/", data)


def test_an_editor_admin_no_longer_edits_the_representative_directly(
    client, editor, editor_admin, editor_member
):
    login(client, editor_admin)
    client.post(
        f"/editeurs/{editor.pk}/modifier/",
        {
            "legal_form": "SAS",
            "head_office": "2 rue du Test",
            "legal_representative": "Nom Inventé",
            "legal_representative_email": editor_member.email,
            "contact_name": "Contact",
            "contact_email": "contact@editeur.example",
        },
    )
    editor.refresh_from_db()
    assert editor.head_office == "2 rue du Test"
    assert editor.legal_representative == "Camille Exemple"
    assert editor.legal_representative_email != editor_member.email


@time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False)
def test_only_the_representative_the_agency_validated_signs_under_the_verified_name(
    client, dispositif, editor, editor_admin, editor_member, instructor, agency_admin
):
    candidature = instructed(dispositif, editor, editor_admin, instructor)
    # Named by e-mail in the editor's information, without validation: no signature.
    editor.legal_representative_email = editor_member.email
    editor.save()
    with pytest.raises(PermissionDenied):
        sign_convention(
            candidature.convention, actor=editor_member, otp_token=totp_token(editor_member)
        )
    login(client, editor_admin)
    _request(client, editor, editor_member)
    change = RepresentativeRequest.objects.get()
    assert change.status == RepresentativeRequest.Status.PENDING
    with pytest.raises(PermissionDenied):
        validate_representative(change, actor=editor_admin)
    login(client, agency_admin)
    page = client.get("/administration/representants-legaux/").content.decode()
    assert "Alex Vérifié" in page
    download = client.get(f"/representants-legaux/{change.pk}/justificatif/")
    assert b"".join(download.streaming_content) == KBIS
    client.post(f"/administration/representants-legaux/{change.pk}/", {"decision": "valider"})
    editor.refresh_from_db()
    assert editor.legal_representative_user == editor_member
    assert editor.legal_representative == "Alex Vérifié"
    convention = sign_convention(
        candidature.convention, actor=editor_member, otp_token=totp_token(editor_member)
    )
    with convention.signed.open("rb") as stream:
        text = " ".join(PdfReader(io.BytesIO(stream.read())).pages[-1].extract_text().split())
    assert "par Alex Vérifié, représentant légal" in text
    assert list(
        AuditEvent.objects.filter(action__startswith="editor.representative").values_list(
            "action", flat=True
        )
    ) == ["editor.representative_requested", "editor.representative_validated"]


def test_the_supporting_document_is_a_pdf(client, editor, editor_admin, editor_member):
    login(client, editor_admin)
    response = _request(
        client, editor, editor_member, document=SimpleUploadedFile("kbis.pdf", b"pas un pdf")
    )
    assert "doit être un PDF" in response.content.decode()
    assert not RepresentativeRequest.objects.exists()


def test_a_refusal_needs_a_reason_and_changes_nothing(
    client, editor, editor_admin, editor_member, agency_admin
):
    login(client, editor_admin)
    _request(client, editor, editor_member)
    change = RepresentativeRequest.objects.get()
    login(client, agency_admin)
    url = f"/administration/representants-legaux/{change.pk}/"
    client.post(url, {"decision": "refuser", "reason": ""})
    change.refresh_from_db()
    assert change.status == RepresentativeRequest.Status.PENDING
    client.post(url, {"decision": "refuser", "reason": "Kbis de plus de 3 mois."})
    change.refresh_from_db()
    editor.refresh_from_db()
    assert change.status == RepresentativeRequest.Status.REFUSED
    assert editor.legal_representative_user is None
    with pytest.raises(ValidationError, match="déjà été traitée"):
        validate_representative(change, actor=agency_admin)


def test_another_editor_reaches_neither_the_request_nor_its_document(
    client, editor, editor_admin, editor_member, other_editor_admin, other_editor_member
):
    login(client, editor_admin)
    _request(client, editor, editor_member)
    change = RepresentativeRequest.objects.get()
    # A member of another editor cannot be proposed as signatory.
    response = _request(client, editor, other_editor_member)
    assert RepresentativeRequest.objects.count() == 1 and response.status_code == 200
    login(client, other_editor_admin)
    assert client.get(f"/editeurs/{editor.pk}/representant-legal/").status_code == 404
    assert client.get(f"/representants-legaux/{change.pk}/justificatif/").status_code == 404
    assert client.get("/administration/representants-legaux/").status_code == 403
