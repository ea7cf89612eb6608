"""Personal API tokens: shown once, hashed at rest, revocable (issue 4 item 7)."""

from __future__ import annotations

import re

import pytest

from conftest import login
from referencement.accounts.models import ApiToken
from referencement.accounts.testing import issue_api_token
from referencement.instruction.tests.fixtures import totp_token

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_and_stored_hashed(client, editor_member):
    login(client, editor_member)
    form = {"name": "Intégration continue", "scopes": ["read"], "code": totp_token(editor_member)}
    html = client.post("/compte/jetons/", form).content.decode()
    clear = re.search(r'<code id="new-token">(ref_[^<]+)</code>', html).group(1)
    token = ApiToken.objects.get(user=editor_member)
    assert token.token_hash == ApiToken.hash_token(clear)
    assert clear not in client.get("/compte/jetons/").content.decode()


def test_token_authenticates_the_api(client, editor_member):
    _, clear = issue_api_token(editor_member, name="CI")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 200
    assert response.json()["email"] == editor_member.email


def test_api_refuses_a_missing_or_wrong_token(client, editor_member):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ref_faux").status_code == 401


def test_revoked_token_no_longer_works(client, editor_member):
    token, clear = issue_api_token(editor_member, name="CI")
    login(client, editor_member)
    assert "Confirmer" in client.get(f"/compte/jetons/{token.pk}/revoquer/").content.decode()
    client.post(f"/compte/jetons/{token.pk}/revoquer/")
    client.logout()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401


def test_token_of_a_removed_member_no_longer_works(client, editor_member):
    _, clear = issue_api_token(editor_member, name="CI")
    editor_member.is_active = False
    editor_member.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401


def test_nobody_revokes_another_persons_token(client, editor_member, other_editor_member):
    token, _ = issue_api_token(editor_member, name="CI")
    login(client, other_editor_member)
    assert client.get(f"/compte/jetons/{token.pk}/revoquer/").status_code == 404
    assert client.post(f"/compte/jetons/{token.pk}/revoquer/").status_code == 404


def test_browser_session_needs_the_second_factor_for_the_api(client, editor_member):
    client.force_login(editor_member)
    assert client.get("/api/v1/me").status_code in {302, 401}
    login(client, editor_member)
    assert client.get("/api/v1/me").status_code == 200
