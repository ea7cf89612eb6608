"""A NUL character in a query parameter is refused with 400, never a 500 (found by the API
fuzzing test on PostgreSQL, which cannot compare text containing NUL)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_registry_api_answers_400_in_french_to_a_nul_character(client):
    response = client.get("/api/v1/registry", {"dispositif": "MS\x00DUI"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Paramètre invalide : la requête contient un caractère nul."
    }


def test_a_page_answers_400_to_a_nul_character_in_a_parameter_name(client):
    response = client.get("/registre/?q\x00=x")
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()


def test_ordinary_parameters_still_reach_the_view(client):
    assert client.get("/api/v1/registry", {"dispositif": "MS-DUI-Va2"}).status_code == 200
