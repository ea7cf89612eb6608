"""The convention and the attestation (issue 11 item 8) name the operator as configured,
carry no reference to the source texts in their bodies, and the attestation's QR code and
link point to the address the platform serves."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from referencement.candidatures.testing import load_catalogues
from referencement.catalog.models import Dispositif
from referencement.college.documents import convention_html
from referencement.instruction.tests.fixtures import make_candidature
from referencement.registry.actions import verification_url
from referencement.registry.documents import attestation_html
from referencement.registry.models import Attestation

pytestmark = pytest.mark.django_db

# « (000 préambule, §4.4) », « 002 Charte … », « 004 §4.2 »: the seed texts' file numbers.
SOURCE_REFERENCE = re.compile(r"§|\b00[0-4] (?:préambule|Charte|DSR|§)")
DISPOSITIFS = ["MS2-DUI-PDE-Va1-SF", "MDV-LGC-Va1-SF", "MS-DUI-Va2", "HOP-PFI-Va2", "HOP-DPI-Va1"]


@pytest.mark.parametrize("code", DISPOSITIFS)
def test_the_convention_names_the_agency_and_cites_no_source_text(code, editor_member, settings):
    settings.AGENCY_NAME = "Agence de test du numérique"
    html = convention_html(_candidature(code, editor_member))
    assert "<strong>Agence de test du numérique</strong>, ci-après « l'Agence »" in html
    assert "L'agence, d'une part" not in html
    assert not SOURCE_REFERENCE.search(html), SOURCE_REFERENCE.search(html)


def _candidature(code: str, member):
    load_catalogues()
    dispositif = Dispositif.objects.get(code=code)
    return make_candidature(dispositif, editor=member.editor, created_by=member, evidence=0)


def _attestation(candidature) -> Attestation:
    return Attestation.objects.create(
        number="SEGUR-MS2-DUI-PDE-Va1-SF-2026-00001",
        candidature=candidature,
        dispositif=candidature.dispositif,
        year=2026,
        sequence=1,
        editor_name="Éditeur",
        solution_name="Solution",
        issued_at=timezone.now(),
        pdf="attestations/x.pdf",
        sha256="0" * 64,
    )


def test_the_attestation_names_the_agency_and_links_to_the_served_address(editor_member, settings):
    settings.AGENCY_NAME = "Agence de test du numérique"
    settings.SITE_URL = "http://127.0.0.1:8123"
    attestation = _attestation(_candidature("MS2-DUI-PDE-Va1-SF", editor_member))
    url = verification_url(attestation.number)
    html = attestation_html(attestation, url)
    assert url == f"http://127.0.0.1:8123/registre/attestations/{attestation.number}/"
    assert f"<strong>{url}</strong>" in html
    assert "Agence de test du numérique atteste" in html
    assert not SOURCE_REFERENCE.search(html)
