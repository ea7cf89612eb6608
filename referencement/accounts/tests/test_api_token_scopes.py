"""Issue 16 item 4: API tokens are scoped (read / deposit) on every route, created only
after a fresh second-factor check, listed and revoked by an agency admin, and every use is
dated."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from conftest import login
from referencement.accounts import actions
from referencement.accounts.models import ApiToken
from referencement.accounts.testing import issue_api_token
from referencement.api import api
from referencement.audit.models import AuditEvent
from referencement.instruction.tests.fixtures import totp_token

pytestmark = pytest.mark.django_db


def bearer(clear: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def create_through_page(client, user, **fields):
    form = {"name": "CI", "scopes": ["read"], "code": totp_token(user), **fields}
    return client.post("/compte/jetons/", form).content.decode()


# --- scopes -------------------------------------------------------------------------------


def test_a_read_token_reads_but_cannot_write(client, editor_member):
    _, clear = issue_api_token(editor_member, scopes=["read"])
    assert client.get("/api/v1/candidatures", **bearer(clear)).status_code == 200
    response = client.post(
        "/api/v1/candidatures", {}, content_type="application/json", **bearer(clear)
    )
    assert response.status_code == 403
    assert "portée « Dépôt et modifications »" in response.json()["detail"]


def test_a_deposit_only_token_cannot_read(client, editor_member):
    _, clear = issue_api_token(editor_member, scopes=["deposit"])
    response = client.get("/api/v1/me", **bearer(clear))
    assert response.status_code == 403
    assert "Lecture" in response.json()["detail"]


def test_every_authenticated_api_route_checks_the_token_scope(client, editor_member):
    """Each route of the schema that needs authentication refuses a token without the scope
    of its method (reads need « read », every other method « deposit »)."""
    _, read_only = issue_api_token(editor_member, name="lecture", scopes=["read"])
    _, deposit_only = issue_api_token(editor_member, name="dépôt", scopes=["deposit"])
    schema = api.get_openapi_schema()
    checked = 0
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method, operation in operations.items():
            if not operation.get("security"):
                continue
            wrong = deposit_only if method == "get" else read_only
            response = client.generic(method.upper(), url, b"", **bearer(wrong))
            assert response.status_code == 403, (method, path, response.content)
            checked += 1
    assert checked >= 10


def test_an_upload_with_a_read_token_is_refused_before_its_body(client, editor_member):
    _, clear = issue_api_token(editor_member, scopes=["read"])
    response = client.post("/api/v1/conformity/validate", {"file": b"x"}, **bearer(clear))
    assert response.status_code == 403


# --- creation after a fresh second factor -------------------------------------------------


def test_the_token_page_needs_a_valid_second_factor_code(client, editor_member):
    login(client, editor_member)
    html = create_through_page(client, editor_member, code="000000")
    assert "Code de vérification incorrect" in html
    assert not ApiToken.objects.filter(user=editor_member).exists()


def test_the_token_page_creates_the_token_with_the_scopes_asked(client, editor_member):
    login(client, editor_member)
    html = create_through_page(client, editor_member, scopes=["read", "deposit"])
    assert '<code id="new-token">ref_' in html
    assert ApiToken.objects.get(user=editor_member).scope_list == ["read", "deposit"]
    assert AuditEvent.objects.filter(action="2fa.confirmed", actor=editor_member).exists()


def test_a_token_cannot_be_created_without_a_recent_second_factor_check(editor_member, settings):
    settings.SECOND_FACTOR_FRESH_SECONDS = 300
    for checked_at in (None, timezone.now() - timedelta(minutes=6)):
        with pytest.raises(ValidationError):
            actions.create_api_token(
                editor_member, name="CI", scopes=["read"], second_factor_at=checked_at
            )
    assert not ApiToken.objects.exists()


def test_a_token_needs_at_least_one_scope(editor_member):
    with pytest.raises(ValidationError):
        actions.create_api_token(
            editor_member, name="CI", scopes=[], second_factor_at=timezone.now()
        )


def test_the_token_page_is_never_cached(client, editor_member):
    login(client, editor_member)
    response = client.get("/compte/jetons/")
    assert "no-store" in response["Cache-Control"]


# --- « dernière utilisation » ---------------------------------------------------------------


def test_every_use_updates_the_last_use(client, editor_member):
    token, clear = issue_api_token(editor_member)
    first = timezone.now()
    with time_machine.travel(first, tick=False):
        client.get("/api/v1/me", **bearer(clear))
    token.refresh_from_db()
    assert token.last_used_at == first
    with time_machine.travel(first + timedelta(seconds=5), tick=False):
        client.get("/api/v1/me", **bearer(clear))
    token.refresh_from_db()
    assert token.last_used_at == first + timedelta(seconds=5)


# --- the agency admin's page --------------------------------------------------------------


def test_the_admin_page_lists_every_users_active_tokens_paginated(
    client, agency_admin, editor_member, other_editor_member
):
    for index in range(26):
        issue_api_token(editor_member, name=f"jeton {index:02d}")
    revoked, _ = issue_api_token(other_editor_member, name="ancien")
    actions.revoke_api_token(revoked, actor=other_editor_member)
    issue_api_token(other_editor_member, name="autre éditeur")
    login(client, agency_admin)
    first = client.get("/administration/jetons/").content.decode()
    assert "27 jetons actifs" in first
    assert "ancien" not in first
    assert 'aria-label="Pagination"' in first or "fr-pagination" in first
    second = client.get("/administration/jetons/?page=2").content.decode()
    assert other_editor_member.email in first + second


def test_an_agency_admin_revokes_a_users_token_after_confirming(
    client, agency_admin, editor_member
):
    token, clear = issue_api_token(editor_member)
    login(client, agency_admin)
    url = f"/administration/jetons/{token.pk}/revoquer/"
    page = client.get(url).content.decode()
    assert "Confirmer" in page
    ci = Client()  # the program using the token, without the admin's session
    assert ci.get("/api/v1/me", **bearer(clear)).status_code == 200
    assert client.post(url).status_code == 302
    assert ci.get("/api/v1/me", **bearer(clear)).status_code == 401
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.actor == agency_admin


@pytest.mark.parametrize("role", ["editor_admin", "instructor", "college_member"])
def test_only_agency_admins_reach_the_tokens_of_others(client, request, role, editor_member):
    token, _ = issue_api_token(editor_member)
    login(client, request.getfixturevalue(role))
    assert client.get("/administration/jetons/").status_code == 403
    assert client.post(f"/administration/jetons/{token.pk}/revoquer/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
