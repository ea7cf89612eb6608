"""The agency admin's home page: the administration panel counts the dispositifs and the
accounts, with the links to manage them (issue 12: the catalogue, above the accounts,
contributes it)."""

from __future__ import annotations

import pytest

from conftest import login
from referencement.catalog.models import Dispositif

pytestmark = pytest.mark.django_db


def test_the_agency_admin_home_counts_dispositifs_and_accounts(client, catalogues, agency_admin):
    login(client, agency_admin)

    home = client.get("/").content.decode()

    assert "<h2>Administration</h2>" in home
    assert f"{Dispositif.objects.count()} dispositifs" in home
    assert "importer un REM" in home and "Utilisateurs" in home and "Éditeurs" in home


def test_an_instructor_home_has_no_administration_panel(client, instructor):
    login(client, instructor)

    assert "<h2>Administration</h2>" not in client.get("/").content.decode()
