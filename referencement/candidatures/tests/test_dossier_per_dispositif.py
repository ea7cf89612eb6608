"""Issue 12 item 7: each dispositif's administrative dossier is what its text asks for,
as catalogue data (`dossier:` in the YAML): 001 §4.3 and §1.2, 002 §2.1, 003 §4.2,
004 §4.2. One test per rule, through the actions, the dossier page, the recap the agency
reads and the public dispositif page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from referencement.candidatures import actions
from referencement.candidatures.dossier_fill import PROXY
from referencement.candidatures.models import Candidature
from referencement.candidatures.testing import PDF, draft, fill_dossier, load_catalogues, pending
from referencement.catalog.catalogue_files import CATALOGUE_DIR, check_catalogue, read_catalogue
from referencement.catalog.models import Dispositif
from referencement.college.testing import signed_with_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues(db, representative):
    """With a legal representative, who signs the DPI convention of the dossier (004 §4.2)."""
    load_catalogues()


def _while_open(code: str) -> time_machine.travel:
    """A month before the dispositif's Date 1: its admin dossier may be submitted."""
    return time_machine.travel(
        Dispositif.objects.get(code=code).milestone(1).at - timedelta(days=30), tick=False
    )


def _complete(code: str, member) -> Candidature:
    with _while_open(code):
        return fill_dossier(draft(code, member), member)


def _refusal(candidature: Candidature, member) -> dict[str, list[str]]:
    with _while_open(candidature.dispositif.code), pytest.raises(ValidationError) as invalid:
        actions.submit_dossier(candidature, actor=member)
    return invalid.value.message_dict


def _submit(candidature: Candidature, member) -> None:
    with _while_open(candidature.dispositif.code):
        if candidature.dispositif.convention_with_application:
            signed_with_application(candidature, member)
        actions.submit_dossier(candidature, actor=member)
    candidature.refresh_from_db()
    assert candidature.status == "admin_submitted"


def _na(candidature: Candidature, member, codes: list[str]) -> None:
    actions.update_dossier(candidature, actor=member, values={"not_applicable": codes})


def test_004_4_2_nie_and_nil_si_applicable_are_given_or_declared_sans_objet(editor_member):
    candidature = _complete("HOP-DPI-Va1", editor_member)
    actions.update_dossier(candidature, actor=editor_member, values={"nie": ""})
    candidature.commercial_names.update(nil="")
    _na(candidature, editor_member, ["cnda_filing_proof"])
    errors = _refusal(candidature, editor_member)
    assert "« sans objet »" in errors["nie"][0]
    assert any("« sans objet »" in message for message in errors["commercial_names"])
    _na(candidature, editor_member, ["cnda_filing_proof", "nie", "nil"])
    _submit(candidature, editor_member)


def test_001_4_3_nie_and_nil_are_mandatory_and_cannot_be_declared_sans_objet(editor_member):
    candidature = _complete("MS-DUI-Va2", editor_member)
    with pytest.raises(ValidationError) as invalid:
        _na(candidature, editor_member, ["nie", "nil"])
    assert "« si applicable »" in invalid.value.message_dict["not_applicable"][0]
    candidature.commercial_names.update(nil="")
    assert "obligatoire" in _refusal(candidature, editor_member)["commercial_names"][0]


def test_001_4_3_attestation_sur_l_honneur_only_where_the_text_asks_for_it(editor_member):
    several = [
        {"name": "Fictif A", "nil": "NIL-A", "technical_version": "1"},
        {"name": "Fictif B", "nil": "NIL-B", "technical_version": "1"},
    ]
    dui = _complete("MS-DUI-Va2", editor_member)
    actions.replace_items(dui, "commercial_names", several, actor=editor_member)
    assert "obligatoire car" in _refusal(dui, editor_member)["honour_attestation"][0]
    # 003 §4.2 asks for no attestation sur l'honneur: none required, none accepted.
    pfi = _complete("HOP-PFI-Va2", editor_member)
    actions.replace_items(pfi, "commercial_names", several, actor=editor_member)
    with pytest.raises(ValidationError):
        actions.attach_document(
            pfi, "honour_attestation", pending(), actor=editor_member, filename="a.pdf"
        )
    _submit(pfi, editor_member)


def test_004_4_2_only_the_editor_fields_the_text_lists_are_required(editor_member):
    dpi = _complete("HOP-DPI-Va1", editor_member)
    editor = dpi.editor
    editor.refresh_from_db()
    editor.legal_form = ""
    editor.head_office = ""
    editor.save()
    _submit(dpi, editor_member)
    # 001 §4.3 marks the legal form and the head office (*).
    dui = _complete("MS-DUI-Va2", editor_member)
    editor.legal_form = ""
    editor.save()
    assert "forme juridique" in _refusal(dui, editor_member)["editor"][0].lower()


def test_003_4_2_legal_representative_title_is_required(editor_member):
    candidature = _complete("HOP-PFI-Va2", editor_member)
    actions.update_dossier(
        candidature, actor=editor_member, values={"legal_representative_title": ""}
    )
    errors = _refusal(candidature, editor_member)
    assert errors["legal_representative_title"] == [
        "Titre du représentant légal : obligatoire pour ce dispositif."
    ]


def test_003_4_2_wave1_attestation_if_referenced_in_wave_1(editor_member):
    candidature = _complete("HOP-PFI-Va2", editor_member)
    na = candidature.dossier_details["not_applicable"]
    _na(candidature, editor_member, [code for code in na if code != "wave1_attestation"])
    assert "wave1_attestation" in _refusal(candidature, editor_member)
    actions.attach_document(
        candidature, "wave1_attestation", pending(), actor=editor_member, filename="v1.pdf"
    )
    _submit(candidature, editor_member)


def test_003_4_2_nil_of_a_substitute_additional_component_if_applicable(editor_member):
    candidature = _complete("HOP-PFI-Va2", editor_member)
    na = candidature.dossier_details["not_applicable"]
    _na(candidature, editor_member, [c for c in na if c != "substitute_component_nil"])
    assert "« sans objet »" in _refusal(candidature, editor_member)["components"][0]
    substitute = {
        "kind": "additional",
        "editor_name": "Tiers SAS",
        "name": "Module",
        "version": "2",
        "nil": "NIL-SUB",
    }
    actions.replace_items(candidature, "components", [substitute], actor=editor_member)
    _submit(candidature, editor_member)
    assert candidature.components.get().nil == "NIL-SUB"


def test_001_4_3_end_of_maintenance_versions_declared_or_sans_objet(editor_member):
    candidature = _complete("MS-DUI-Va2", editor_member)
    _na(candidature, editor_member, [])
    assert "end_of_maintenance_versions" in _refusal(candidature, editor_member)
    actions.update_dossier(
        candidature, actor=editor_member, values={"end_of_maintenance_versions": ["3.0", "3.1"]}
    )
    _submit(candidature, editor_member)


def test_003_4_2_existing_versions_are_asked_without_star_and_validated(editor_member):
    candidature = _complete("HOP-PFI-Va2", editor_member)
    with pytest.raises(ValidationError) as invalid:
        actions.update_dossier(
            candidature, actor=editor_member, values={"existing_versions": "4.1"}
        )
    assert "liste" in invalid.value.message_dict["existing_versions"][0]
    _submit(candidature, editor_member)  # not marked (*): the dossier is complete without it


def test_an_element_the_dispositif_does_not_ask_for_is_refused(editor_member):
    candidature = _complete("MS-DUI-Va2", editor_member)
    with pytest.raises(ValidationError) as invalid:
        actions.update_dossier(
            candidature, actor=editor_member, values={"legal_representative_title": "DG"}
        )
    assert "ne demande pas" in invalid.value.message_dict["legal_representative_title"][0]


def test_002_2_1_eligibility_form_is_required(editor_member):
    candidature = _complete("MDV-LGC-Va1-SF", editor_member)
    actions.update_dossier(
        candidature, actor=editor_member, values={"eligibility_declaration": False}
    )
    errors = _refusal(candidature, editor_member)
    assert errors["eligibility_declaration"] == ["Remplissez le formulaire d'éligibilité."]


def test_003_4_2_cnda_filing_proof_is_required_and_004_4_2_only_if_applicable(editor_member):
    pfi = _complete("HOP-PFI-Va2", editor_member)
    assert pfi.cnda_filing_proof_id is not None
    pfi.cnda_filing_proof = None
    pfi.save()
    assert "obligatoire" in _refusal(pfi, editor_member)["cnda_filing_proof"][0]
    dpi = _complete("HOP-DPI-Va1", editor_member)
    assert dpi.cnda_filing_proof_id is None
    _submit(dpi, editor_member)  # declared « sans objet »


def test_001_1_2_exactly_one_proxy_e_sante_component(editor_member):
    candidature = _complete("MS-DUI-Va2", editor_member)
    actions.replace_items(candidature, "components", [], actor=editor_member)
    assert "exactement un" in _refusal(candidature, editor_member)["components"][0]
    actions.replace_items(candidature, "components", [PROXY, PROXY], actor=editor_member)
    assert "Un seul composant" in " ".join(_refusal(candidature, editor_member)["components"])
    actions.replace_items(candidature, "components", [PROXY], actor=editor_member)
    _submit(candidature, editor_member)


def test_003_4_2_the_form_shows_and_saves_the_fields_the_dispositif_asks(editor_member, login_as):
    with _while_open("HOP-PFI-Va2"):
        candidature = draft("HOP-PFI-Va2", editor_member)
    client = login_as(editor_member)
    url = reverse("candidatures:dossier_edit", args=[candidature.pk])
    html = client.get(url).content.decode()
    for text in (
        "Titre du représentant légal",
        "Versions existantes",
        "Sans objet : Attestation de référencement vague 1",
        "NIL (CNDA), si le composant additionnel se substitue",
        "labellisations CNDA (Assurance Maladie)",
    ):
        assert text in html, text
    assert 'value="honour_attestation"' not in html  # 003 §4.2 asks for none
    data = {
        "solution_name": "Fictif",
        "legal_representative_title": "Directeur général",
        "existing_versions": "4.0 ; Fictif 4 ; oui\n4.1 ; Fictif 4 ; non",
        "eligibility_declaration": "on",
        "not_applicable_wave1_attestation": "on",
    }
    for prefix in ("commercial_names", "components", "distributors", "consortium_members"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    assert client.post(url, data).status_code == 302
    candidature.refresh_from_db()
    assert candidature.dossier_details == {
        "legal_representative_title": "Directeur général",
        "existing_versions": ["4.0 ; Fictif 4 ; oui", "4.1 ; Fictif 4 ; non"],
        "end_of_maintenance_versions": [],
        "eligibility_declaration": True,
        "not_applicable": ["wave1_attestation"],
    }
    uploaded = client.post(
        reverse("candidatures:dossier_documents", args=[candidature.pk]),
        {"kind": "cnda_filing_proof", "file": SimpleUploadedFile("cnda.pdf", PDF)},
    )
    assert uploaded.status_code == 302
    candidature.refresh_from_db()
    assert candidature.cnda_filing_proof_name == "cnda.pdf"


def test_the_agency_reads_the_dispositif_elements_in_the_recap(editor_member, instructor, login_as):
    candidature = _complete("HOP-PFI-Va2", editor_member)
    actions.update_dossier(
        candidature, actor=editor_member, values={"existing_versions": ["4.0", "4.1"]}
    )
    html = login_as(instructor).get(reverse("candidatures:recap", args=[candidature.pk]))
    html = html.content.decode()
    assert "Titre du représentant légal" in html and "Président" in html
    assert "4.0<br>4.1" in html
    assert "sans objet" in html  # the wave-1 attestation, declared so


def test_002_2_1_the_public_page_lists_the_dossier_and_the_ineligible_software(client):
    html = client.get("/dispositifs/MDV-LGC-Va1-SF/").content.decode()
    assert "Dossier administratif" in html
    assert "Logiciels de comptabilité" in html and "[002 §2.1]" in html
    assert "hypothèse" in html
    dui = client.get("/dispositifs/MS-DUI-Va2/").content.decode()
    assert "Un composant Proxy e-santé, exactement un : obligatoire." in dui
    assert "001 §1.2" in dui
    dpi = client.get("/dispositifs/HOP-DPI-Va1/").content.decode()
    assert "si applicable" in dpi and "[004 §4.2 « Si applicable, Numéro" in dpi


def test_every_catalogue_file_carries_a_dossier_and_unknown_elements_are_refused():
    data = read_catalogue(CATALOGUE_DIR / "MS-DUI-Va2.yaml").data
    data["dossier"]["elements"].append({"code": "kbis", "required": "required", "source": "x"})
    assert "dossier.elements[8] : élément du dossier inconnu « kbis »." in check_catalogue(data)
    del data["dossier"]
    assert "racine : clé obligatoire « dossier » absente." in check_catalogue(data)
