"""The screens of an equivalence claim (issue 12 item 3; 003 §3.1, 001 §3.1): the instructor
reads the claimed referencing and the registry check on the item card and confirms or
refuses the claim; the editor reads the claim's state on the deposit grid."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import login
from referencement.evidence.choices import EquivalenceVerdict
from referencement.evidence.expected import chapter_progress
from referencement.evidence.grid import item_location
from referencement.registry.choices import AttestationStatus
from referencement.registry.models import Attestation

from .fixtures import equivalence_claim

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
BEFORE_DATE_2_003 = datetime(2025, 5, 6, 10, tzinfo=PARIS)  # 003 §4.1


@pytest.fixture
@time_machine.travel(BEFORE_DATE_2_003, tick=False)
def claim(catalogues, editor, editor_member, instructor):
    return equivalence_claim(
        catalogues["HOP-PFI-Va2"], editor=editor, created_by=editor_member, instructor=instructor
    )


def _judge(client, evidence, **data):
    return client.post(
        f"/instruction/{evidence.candidature_id}/preuves/{evidence.pk}/equivalence/",
        data,
        HTTP_HX_REQUEST="true",
    )


def _grid(client, evidence) -> str:
    """The editor's deposit grid, on the page that shows `evidence`."""
    location = item_location(chapter_progress(evidence.candidature), evidence.code)
    url = f"/candidatures/{evidence.candidature_id}/preuves/{location.split('#')[0]}"
    return client.get(url).content.decode()


def _workbench_page(client, evidence) -> str:
    chapter = evidence.requirement.chapter_id or "hors-rem"
    return client.get(
        f"/instruction/{evidence.candidature_id}/?chapitre={chapter}"
    ).content.decode()


def test_the_instructor_reads_the_claimed_referencing_and_its_registry_check_003_3_1(
    client, claim, instructor
):
    login(client, instructor)
    page = _workbench_page(client, claim)
    number = claim.equivalence_reference
    assert f'href="/registre/attestations/{number}/"' in page
    assert "Vérification au registre" in page and "satisfaite" in page
    assert "Confirmer l&#x27;équivalence" in page or "Confirmer l'équivalence" in page
    assert "Refuser l" in page


def test_the_registry_check_is_run_again_when_the_claimed_referencing_ended_003_3_1(
    client, claim, instructor
):
    Attestation.objects.filter(number=claim.equivalence_reference).update(
        status=AttestationStatus.REVOKED
    )
    login(client, instructor)
    page = _workbench_page(client, claim)
    assert "non satisfaite" in page and "n&#x27;est plus valide" in page


def test_the_instructor_confirms_an_equivalence_with_htmx_003_3_1(client, claim, instructor):
    login(client, instructor)
    response = _judge(client, claim, decision="confirmer")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert f'id="preuve-{claim.pk}"' in body and "Équivalence confirmée." in body
    claim.refresh_from_db()
    assert claim.equivalence_verdict == EquivalenceVerdict.CONFIRMED


def test_a_refusal_of_equivalence_needs_a_comment_the_editor_reads_003_3_1(
    client, claim, instructor, editor_member
):
    login(client, instructor)
    body = _judge(client, claim, decision="refuser").content.decode()
    assert "motivé" in body
    claim.refresh_from_db()
    assert claim.equivalence_verdict == ""
    _judge(client, claim, decision="refuser", comment="Le référencement couvre une autre solution.")
    claim.refresh_from_db()
    assert claim.equivalence_verdict == EquivalenceVerdict.REFUSED

    login(client, editor_member)
    grid = _grid(client, claim)
    assert "refusée" in grid and "Le référencement couvre une autre solution." in grid


def test_the_editor_reads_a_pending_claim_on_the_deposit_grid_003_3_1(client, claim, editor_member):
    login(client, editor_member)
    grid = _grid(client, claim)
    assert f"Équivalence revendiquée (référencement {claim.equivalence_reference})" in grid
    assert "en attente" in grid


def test_an_editor_cannot_judge_its_own_equivalence_003_3_1(client, claim, editor_member):
    login(client, editor_member)
    assert _judge(client, claim, decision="confirmer").status_code == 403
    claim.refresh_from_db()
    assert claim.equivalence_verdict == ""


def test_another_editor_never_reads_the_claim_003_3_1(client, claim, other_editor_member):
    login(client, other_editor_member)
    response = client.get(f"/candidatures/{claim.candidature_id}/preuves/")
    assert response.status_code == 404
    assert _judge(client, claim, decision="confirmer").status_code == 403
    claim.refresh_from_db()
    assert claim.equivalence_verdict == ""
