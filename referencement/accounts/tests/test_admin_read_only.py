"""Issue 16 item 8: the Django admin cannot change editors, users or second-factor devices
behind the audit log's back (read-only; changes go through the audited platform pages)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import login

pytestmark = pytest.mark.django_db
ADMIN = "/django-admin/"


@pytest.fixture
def superuser_client(client, agency_admin):
    agency_admin.is_staff = agency_admin.is_superuser = True
    agency_admin.save()
    return login(client, agency_admin)


def test_admin_cannot_change_an_editor(superuser_client, editor):
    url = f"{ADMIN}accounts/editor/{editor.pk}/change/"
    assert superuser_client.get(url).status_code == 200
    response = superuser_client.post(url, {"name": "Renommé", "siret": editor.siret})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert editor.name != "Renommé"


def test_admin_shows_no_totp_secret_and_cannot_change_a_device(superuser_client, editor_member):
    device = TOTPDevice.objects.create(user=editor_member, name="test", confirmed=True)
    url = f"{ADMIN}otp_totp/totpdevice/{device.pk}/change/"
    assert superuser_client.post(url, {"name": "x"}).status_code == 403
    device.refresh_from_db()
    assert device.name == "test"
    assert device.key not in superuser_client.get(url).content.decode()
