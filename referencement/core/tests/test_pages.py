from __future__ import annotations

import pytest

import referencement
from conftest import login

pytestmark = pytest.mark.django_db


def test_home_page_uses_the_state_design_system_in_french(client):
    html = client.get("/").content.decode()
    assert '<html lang="fr"' in html
    assert "dsfr" in html and "fr-header" in html
    assert "Se connecter" in html


def test_version_is_visible_in_the_footer(client):
    # 001 §4.1 asks editors to make the technical version easy to find: we do the same.
    assert f"Version {referencement.__version__}" in client.get("/").content.decode()


def test_not_found_page_is_in_french(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


def test_forbidden_page_is_in_french(client, instructor):
    login(client, instructor)
    response = client.get("/administration/utilisateurs/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_home_page_greets_a_logged_in_person_with_their_role(client, editor_member):
    login(client, editor_member)
    html = client.get("/").content.decode()
    assert "Membre d&#x27;un éditeur" in html and editor_member.editor.name in html


def test_database_outage_gives_a_clear_503_page(client, monkeypatch):
    from django.db import OperationalError

    from referencement.core import views

    def broken(request):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "panels_for", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.content.decode()


def test_agency_admin_home_shows_dispositifs_and_users(client, agency_admin, catalogues):
    login(client, agency_admin)
    html = client.get("/").content.decode()
    assert "5 dispositifs" in html and "Utilisateurs" in html and "Éditeurs" in html
