"""The charter accepted as written (issue 12 item 8, issue 16 item 6): the document itself,
the SHA-256 of the text accepted, the legal representative alone, a fresh second factor,
never an API token (001 §4.3: « la personne […] ayant le pouvoir d'engager la
responsabilité de l'Editeur accepte […] la Charte »)."""

from __future__ import annotations

import hashlib
import io
import shutil

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from conftest import login
from referencement.accounts.testing import issue_api_token, one_time_code
from referencement.audit.models import AuditEvent
from referencement.candidatures import actions
from referencement.candidatures.charter_actions import accept_charter
from referencement.candidatures.journey import next_step
from referencement.candidatures.models import CharterAcceptance
from referencement.candidatures.testing import charter_accepted, fill_dossier
from referencement.catalog.actions import load_catalogue
from referencement.catalog.catalogue_files import CATALOGUE_DIR, read_catalogue
from referencement.catalog.charters import charter_sha256
from referencement.catalog.models import Dispositif
from referencement.core.errors import Conflict

pytestmark = pytest.mark.django_db
CODE = "MS2-DUI-PDE-Va1-SF"  # open permanently (000 §4.1)


@pytest.fixture
def dispositif(catalogues) -> Dispositif:
    return Dispositif.objects.get(code=CODE)


def _accept(dispositif, user, **overrides):
    values = {"text_sha256": charter_sha256(dispositif), "otp_token": one_time_code(user)}
    return accept_charter(dispositif, actor=user, **{**values, **overrides})


def _change_charter(tmp_path, code: str) -> Dispositif:
    """Reload the dispositif from a copy of its catalogue whose charter gained a sentence,
    as the agency would by shipping a new text."""
    shutil.copytree(CATALOGUE_DIR, tmp_path / "catalogues")
    document = tmp_path / "catalogues" / "charters" / f"{code}.md"
    document.write_text(document.read_text() + "\nUne phrase ajoutée par l'agence.\n")
    load_catalogue(read_catalogue(tmp_path / "catalogues" / f"{code}.yaml"))
    return Dispositif.objects.get(code=code)


@pytest.mark.parametrize(
    ("code", "phrases"),
    [
        # 000: the whole charter, with the editor organising the test session (§3.3), the
        # sanctions (§4.4), the data-protection notice (§4.5) and the convention de preuve.
        (
            "MS2-DUI-PDE-Va1-SF",
            [
                "incombe à l'Editeur",
                "la suspension temporaire ou l'exclusion définitive",
                "Protection des données à caractère personnel",
                "dpo@esante.gouv.fr",
                "Convention de preuve",
                "article 1366",
            ],
        ),
        # 002: the whole charter, ineligible software (§2.1) to the convention de preuve.
        (
            "MDV-LGC-Va1-SF",
            [
                "Logiciels de comptabilité",
                "la suspension temporaire ou l'exclusion définitive",
                "dpo@esante.gouv.fr",
                "Convention de preuve",
            ],
        ),
        # 004: §4.8 commitments with the INS test day (§4.4), §4.9 and §4.10.
        (
            "HOP-DPI-Va1",
            [
                "L'organisation de cette journée de test",
                "Par le dépôt de sa candidature, l'Editeur s'engage à",
                "la suspension temporaire ou l'exclusion définitive",
                "dpo@esante.gouv.fr",
                "Convention de preuve",
            ],
        ),
    ],
)
def test_000_002_004_the_charter_page_shows_the_document_itself(client, catalogues, code, phrases):
    page = client.get(f"/dispositifs/{code}/charte/").content.decode()
    for phrase in phrases:
        assert phrase in page
    dispositif = Dispositif.objects.get(code=code)
    assert charter_sha256(dispositif) in page
    assert f"/dispositifs/{code}/charte.pdf" in page


@pytest.mark.parametrize("code", ["MS2-DUI-PDE-Va1-SF", "MDV-LGC-Va1-SF"])
def test_000_002_the_charter_tables_are_dsfr_tables_without_inline_style(client, catalogues, code):
    page = client.get(f"/dispositifs/{code}/charte/").content.decode()
    tables = page.count("<table>")
    assert tables >= 1  # the glossary of abbreviations
    assert page.count('<div class="fr-table"><table>') == tables
    assert "style=" not in page


@pytest.mark.parametrize("code", ["MS-DUI-Va2", "HOP-PFI-Va2"])
def test_001_003_the_page_says_the_charte_segur_is_not_among_the_source_texts(
    client, catalogues, code
):
    page = client.get(f"/dispositifs/{code}/charte/").content.decode()
    assert "ne fait pas partie des textes sources" in page
    assert "Convention de preuve" in page


def test_the_charter_downloads_as_a_pdf_of_the_same_text(client, dispositif):
    response = client.get(f"/dispositifs/{CODE}/charte.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="charte-{CODE}.pdf"' in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Convention de preuve" in text
    assert charter_sha256(dispositif) in text.replace("\n", "")


def test_the_dispositif_page_lists_the_charter_with_its_source(client, dispositif):
    page = client.get(f"/dispositifs/{CODE}/").content.decode()
    assert "000 (texte intégral de la charte)" in page
    assert f"/dispositifs/{CODE}/charte/" in page


def test_001_4_3_acceptance_stores_the_sha256_of_the_exact_text(dispositif, representative):
    acceptance = _accept(dispositif, representative)
    expected = hashlib.sha256(dispositif.charter_text.encode()).hexdigest()
    assert acceptance.text_sha256 == expected
    assert acceptance.accepted_by == representative
    assert acceptance.signer_name == "Camille Exemple"
    event = AuditEvent.objects.get(action="charter.accepted")
    assert event.new_values["text_sha256"] == expected
    assert event.new_values["second_factor"] is True


def test_001_4_3_a_member_who_is_not_the_representative_cannot_accept(
    dispositif, representative, editor_member
):
    with pytest.raises(PermissionDenied):
        _accept(dispositif, editor_member)
    assert not CharterAcceptance.objects.exists()


def test_issue_16_6_without_a_validated_representative_nobody_accepts(dispositif, editor_admin):
    with pytest.raises(PermissionDenied):
        _accept(dispositif, editor_admin)


def test_001_4_3_the_representative_of_another_editor_cannot_accept_for_this_one(
    dispositif, representative, other_editor, other_editor_admin
):
    other_editor.legal_representative_user = other_editor_admin
    other_editor.save()
    _accept(dispositif, other_editor_admin)
    assert not CharterAcceptance.objects.filter(editor=representative.editor).exists()
    assert actions.rules.charter_refusal(representative.editor_id, dispositif)


def test_issue_12_8_acceptance_needs_a_valid_second_factor_and_a_wrong_code_counts(
    dispositif, representative
):
    with pytest.raises(Exception, match="Code de vérification incorrect"):
        _accept(dispositif, representative, otp_token="000000")
    representative.refresh_from_db()
    assert representative.failed_login_count == 1  # kept although the acceptance failed
    assert not CharterAcceptance.objects.exists()


def test_issue_12_8_a_text_changed_while_it_was_read_is_not_accepted(dispositif, representative):
    with pytest.raises(Conflict, match="La charte a changé"):
        _accept(dispositif, representative, text_sha256="0" * 64)
    assert not CharterAcceptance.objects.exists()


def test_001_4_3_an_api_token_never_accepts_the_charter(client, dispositif, representative):
    _, clear = issue_api_token(representative, name="CI")
    response = client.post(
        "/api/v1/charter-acceptances",
        {"dispositif": CODE},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
    )
    assert response.status_code == 403
    assert "dans le navigateur" in response.json()["detail"]
    assert not CharterAcceptance.objects.exists()


def test_issue_12_8_a_changed_text_asks_for_acceptance_again(tmp_path, dispositif, representative):
    _accept(dispositif, representative)
    candidature = actions.create_candidature(
        dispositif, actor=representative, solution_name="Fictif"
    )
    fill_dossier(candidature, representative)
    changed = _change_charter(tmp_path, CODE)
    assert charter_sha256(changed) != charter_sha256(dispositif)

    with pytest.raises(Conflict, match="a changé depuis son acceptation"):
        actions.submit_dossier(candidature, actor=representative)
    with pytest.raises(Conflict, match="a changé depuis son acceptation"):
        actions.create_candidature(changed, actor=representative, solution_name="Autre")
    candidature.refresh_from_db()
    assert next_step(candidature).title == "Faire accepter la charte de référencement"

    _accept(changed, representative)
    actions.submit_dossier(candidature, actor=representative)
    assert CharterAcceptance.objects.count() == 2


def test_001_4_3_the_representative_accepts_in_the_browser_with_a_code(
    client, dispositif, representative
):
    login(client, representative)
    page = client.get(f"/candidatures/chartes/{CODE}/").content.decode()
    assert "Acceptation requise" in page
    assert "Convention de preuve" in page  # the document itself, on the same page
    data = {"text_sha256": charter_sha256(dispositif), "approve": "on"}
    refused = client.post(f"/candidatures/chartes/{CODE}/", {**data, "code": "000000"})
    assert "Code de vérification incorrect" in refused.content.decode()
    assert not CharterAcceptance.objects.exists()
    accepted = client.post(
        f"/candidatures/chartes/{CODE}/", {**data, "code": one_time_code(representative)}
    )
    assert accepted.status_code == 302
    assert CharterAcceptance.objects.get().text_sha256 == charter_sha256(dispositif)
    assert "Charte acceptée" in client.get(accepted.url).content.decode()


def test_001_4_3_a_member_sees_the_charter_but_no_acceptance_form(
    client, dispositif, representative, editor_member
):
    login(client, editor_member)
    page = client.get(f"/candidatures/chartes/{CODE}/").content.decode()
    assert "Seul le représentant légal" in page
    assert 'name="code"' not in page
    data = {"text_sha256": charter_sha256(dispositif), "approve": "on"}
    client.post(f"/candidatures/chartes/{CODE}/", {**data, "code": one_time_code(editor_member)})
    assert not CharterAcceptance.objects.exists()


def test_an_editor_never_sees_another_editors_acceptance(
    client, dispositif, representative, other_editor, other_editor_admin
):
    other_editor.legal_representative_user = other_editor_admin
    other_editor.save()
    charter_accepted(dispositif, other_editor_admin)
    login(client, representative)
    page = client.get(f"/candidatures/chartes/{CODE}/").content.decode()
    assert "Acceptation requise" in page
    assert other_editor.name not in page
