from __future__ import annotations

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from referencement.accounts.choices import Role
from referencement.accounts.models import Editor, User
from referencement.catalog.actions import load_all_catalogues
from referencement.catalog.models import Dispositif

PASSWORD = "Un-mot-de-passe-solide-42"


@pytest.fixture
def catalogues(db) -> None:
    load_all_catalogues()


@pytest.fixture
def ms_dui(catalogues) -> Dispositif:
    return Dispositif.objects.get(code="MS-DUI-Va2")


@pytest.fixture
def agency_admin(db) -> User:
    return User.objects.create_user("admin@agence.test", PASSWORD, role=Role.AGENCY_ADMIN)


@pytest.fixture
def instructor(db) -> User:
    return User.objects.create_user("instructeur@agence.test", PASSWORD, role=Role.INSTRUCTOR)


@pytest.fixture
def editor_member(db) -> User:
    editor = Editor.objects.create(
        name="Éditeur",
        siret="73282932000074",
        legal_form="SAS",
        head_office="Paris",
        legal_representative="Jeanne Dupont",
        contact_name="Jean Martin",
        contact_email="contact@editeur.test",
    )
    return User.objects.create_user(
        "membre@editeur.test", PASSWORD, role=Role.EDITOR_MEMBER, editor=editor
    )


@pytest.fixture
def login(client):
    """Log a user in past the two-step login (a confirmed TOTP device, verified session)."""

    def _login(user: User):
        device = TOTPDevice.objects.create(user=user, confirmed=True)
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    return _login


@pytest.fixture
def shared_dir() -> Path:
    import os

    default = Path(__file__).resolve().parents[3].parent / "shared"
    return Path(os.environ.get("REFERENCEMENT_SHARED", default))
