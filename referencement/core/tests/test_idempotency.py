"""A double submit creates once (issue 16 item 1): « Nouvelle candidature » carries a key
generated when the form is rendered, API clients send `Idempotency-Key`; the repeated
request gets the first result. Keys are forgotten after 24 hours. The simultaneous case is
in tests/test_concurrent_transitions.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import login
from referencement.accounts.testing import issue_api_token
from referencement.audit.models import AuditEvent
from referencement.candidatures.actions import (
    accept_dossier,
    send_admin_solicitation,
    submit_dossier,
)
from referencement.candidatures.models import Candidature
from referencement.candidatures.testing import (
    charter_accepted,
    draft,
    fill_dossier,
    load_catalogues,
)
from referencement.catalog.models import Dispositif
from referencement.core.idempotency import purge_expired_keys
from referencement.core.models import IdempotencyKey
from referencement.evidence.expected import expected_items
from referencement.evidence.models import EvidenceVersion

pytestmark = pytest.mark.django_db
CODE = "MS2-DUI-PDE-Va1-SF"  # open permanently (000 §4.1)


@pytest.fixture
def dispositif() -> Dispositif:
    load_catalogues()
    return Dispositif.objects.get(code=CODE)


@pytest.fixture
def post(client, editor_member, dispositif):
    """POST to the API with the editor's token and, when given, an idempotency key."""
    charter_accepted(dispositif, editor_member)
    _, clear = issue_api_token(editor_member, name="CI")

    def _post(url: str, data: dict, key: str = "", **extra):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
        if key:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        if extra.get("multipart"):
            return client.post(f"/api/v1{url}", data, **headers)
        return client.post(f"/api/v1{url}", data, content_type="application/json", **headers)

    return _post


def _form_key(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def test_a_double_submit_of_nouvelle_candidature_opens_one_dossier(
    client, editor_member, dispositif
):
    charter_accepted(dispositif, editor_member)
    login(client, editor_member)
    page = client.get("/candidatures/nouvelle/").content.decode()
    key = _form_key(page)
    assert key != _form_key(client.get("/candidatures/nouvelle/").content.decode())
    data = {
        "dispositif": dispositif.pk,
        "solution_name": "Fictif",
        "idempotency_key": key,
    }
    first = client.post("/candidatures/nouvelle/", data)
    second = client.post("/candidatures/nouvelle/", data)
    candidature = Candidature.objects.get()
    assert first.url == second.url == f"/candidatures/{candidature.pk}/dossier/"
    assert AuditEvent.objects.filter(action="candidature.created").count() == 1
    # A new rendering of the form is a new request: a second dossier is possible.
    client.post("/candidatures/nouvelle/", {**data, "idempotency_key": "autre-formulaire"})
    assert Candidature.objects.count() == 2


def test_an_api_retry_with_the_same_key_gets_the_first_candidature(post, editor_member):
    body = {"dispositif": CODE, "solution_name": "Fictif"}
    first = post("/candidatures", body, key="essai-1")
    retry = post("/candidatures", {**body, "solution_name": "Autre"}, key="essai-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert Candidature.objects.count() == 1
    assert post("/candidatures", body).status_code == 201  # no key: no protection
    assert Candidature.objects.count() == 2


def test_a_retried_deposit_is_one_version_and_a_key_serves_one_request(
    post, editor_member, instructor
):
    candidature = fill_dossier(draft(CODE, editor_member), editor_member)
    submit_dossier(candidature, actor=editor_member)
    accept_dossier(candidature, actor=instructor)
    item = expected_items(candidature)[0].code
    url = f"/candidatures/{candidature.pk}/evidence"
    data = {"item": item, "text": "ID d'exécution 42"}
    first = post(url, data, key="depot-1", multipart=True)
    retry = post(url, data, key="depot-1", multipart=True)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert EvidenceVersion.objects.count() == 1
    # The same key on another kind of request is refused, not misread.
    other = post("/candidatures", {"dispositif": CODE, "solution_name": "X"}, key="depot-1")
    assert other.status_code == 409
    assert other.json()["detail"] == "Cette clé d'idempotence a déjà servi pour une autre requête."


def test_a_key_longer_than_255_characters_is_refused_in_french(post):
    response = post("/candidatures", {"dispositif": CODE, "solution_name": "F"}, key="k" * 256)
    assert response.status_code == 400
    assert "255 caractères" in response.json()["detail"]
    assert not Candidature.objects.exists()


def test_keys_are_forgotten_after_24_hours(post):
    body = {"dispositif": CODE, "solution_name": "Fictif"}
    post("/candidatures", body, key="quotidien")
    assert purge_expired_keys() == 0
    later = timezone.now() + timedelta(hours=24, minutes=1)
    with time_machine.travel(later, tick=False):
        again = post("/candidatures", body, key="quotidien")
        assert again.status_code == 201
        assert Candidature.objects.count() == 2
        IdempotencyKey.objects.update(created_at=later - timedelta(hours=25))
        assert purge_expired_keys() == 1
    assert not IdempotencyKey.objects.exists()


def test_a_retried_answer_to_a_demande_de_complement_is_answered_once_001_4_3(
    post, editor_member, instructor
):
    candidature = fill_dossier(draft(CODE, editor_member), editor_member)
    submit_dossier(candidature, actor=editor_member)
    solicitation = send_admin_solicitation(candidature, actor=instructor, question="Le Kbis ?")
    url = f"/candidatures/{candidature.pk}/solicitations/{solicitation.pk}/answer"
    first = post(url, {"answer": "Joint."}, key="reponse-1")
    retry = post(url, {"answer": "Joint."}, key="reponse-1")
    assert first.status_code == retry.status_code == 200
    assert AuditEvent.objects.filter(action="solicitation.answered").count() == 1
    # Without the key, the repeated answer is refused: the demande no longer waits.
    assert post(url, {"answer": "Joint."}).status_code == 409
