"""The conformity report as an editor reads it (issue 11 item 7): a coloured badge per
verdict, severities in words, the line and the XPath, messages in French with the original
kept, and the operator's notes (install the CI-SIS package) shown to agency staff only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from referencement.candidatures.testing import accepted, load_catalogues, pending
from referencement.core.worker import run_once
from referencement.evidence import actions
from referencement.evidence.expected import expected_items
from referencement.evidence.report_display import VERDICT_COLOURS

BROKEN_CDA = (
    b'<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">\n<id></ClinicalDocument>'
)
SCHEMALESS_CDA = b'<ClinicalDocument xmlns="urn:hl7-org:v3"><id root="1.2"/></ClinicalDocument>'


def _checked(editor_member, instructor, data: bytes):
    load_catalogues()
    candidature = accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)
    code = expected_items(candidature)[0].code
    version = actions.deposit(
        candidature, code, actor=editor_member, pending=pending(data), filename="cda.xml"
    )
    run_once("t")
    version.refresh_from_db()
    return candidature, version


@pytest.mark.django_db(transaction=True)
def test_a_malformed_cda_reads_in_french_with_its_line_and_a_red_badge(
    editor_member, instructor, login_as
):
    candidature, version = _checked(editor_member, instructor, BROKEN_CDA)
    assert version.conformity_status == "failed"
    page = login_as(editor_member).get(reverse("evidence:evidence", args=[candidature.pk]))
    html = page.content.decode()
    assert f"fr-badge--{VERDICT_COLOURS['failed']}" in html
    assert "Erreurs détectées" in html
    assert ">Erreur</span> XML mal formé : Balise fermante ClinicalDocument" in html
    assert "Ligne 3" in html
    assert "Message d'origine" in html and "Opening and ending tag mismatch" in html
    assert "[erreur]" not in html


@pytest.mark.django_db(transaction=True)
def test_the_install_schematrons_notice_is_shown_to_agency_staff_only(
    editor_member, instructor, client, login_as
):
    candidature, version = _checked(editor_member, instructor, SCHEMALESS_CDA)
    assert any(f["operator_note"] for f in version.conformity_report["findings"])
    editor_page = login_as(editor_member).get(reverse("evidence:evidence", args=[candidature.pk]))
    assert "install-schematrons" not in editor_page.content.decode()
    assert "Validation par le schéma CDA non vérifiable" in editor_page.content.decode()
    client.logout()
    staff_page = login_as(instructor).get(reverse("instruction:candidature", args=[candidature.pk]))
    assert "install-schematrons" in staff_page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_report_summary_counts_in_french_plurals(editor_member, instructor, login_as):
    candidature, _version = _checked(editor_member, instructor, BROKEN_CDA)
    page = login_as(editor_member).get(reverse("evidence:evidence", args=[candidature.pk]))
    assert "1 erreur, 0 avertissement, 0 information" in page.content.decode()
