"""Issue 16 item 4: API tokens expire and never outlive a change of credentials or rights."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import TEST_PASSWORD
from referencement.accounts import actions
from referencement.accounts.choices import Role
from referencement.accounts.password_reset import reset_password
from referencement.accounts.testing import issue_api_token

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Un nouveau mot de passe solide 2026"


def api_status(client, clear: str) -> int:
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code


@pytest.fixture
def token(editor_member):
    return issue_api_token(editor_member, name="CI")[1]


def test_a_token_works_then_expires_after_the_configured_days(client, token, settings):
    settings.API_TOKEN_VALID_DAYS = 90
    assert api_status(client, token) == 200
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert api_status(client, token) == 401


def test_a_password_change_revokes_the_tokens(client, token, editor_member):
    actions.change_password(editor_member, old_password=TEST_PASSWORD, new_password=NEW_PASSWORD)
    assert api_status(client, token) == 401


def test_a_password_reset_revokes_the_tokens(client, token, editor_member):
    reset_password(editor_member, NEW_PASSWORD)
    assert api_status(client, token) == 401


def test_a_second_factor_reset_revokes_the_tokens(client, token, editor_member, agency_admin):
    actions.reset_second_factor(editor_member, actor=agency_admin)
    assert api_status(client, token) == 401


def test_a_role_change_revokes_the_tokens(client, token, editor_member, editor_admin):
    actions.change_role(editor_member, Role.EDITOR_ADMIN, actor=editor_admin)
    assert api_status(client, token) == 401


def test_a_college_seat_granted_or_removed_revokes_the_tokens(client, instructor, agency_admin):
    granted = issue_api_token(instructor, name="avant")[1]
    actions.set_college_seat(instructor, True, actor=agency_admin)
    assert api_status(client, granted) == 401
    removed = issue_api_token(instructor, name="pendant")[1]
    actions.set_college_seat(instructor, False, actor=agency_admin)
    assert api_status(client, removed) == 401


def test_deactivation_revokes_the_tokens(client, token, editor_member, editor_admin):
    actions.deactivate_account(editor_member, actor=editor_admin)
    editor_member.refresh_from_db()
    assert editor_member.api_tokens.filter(revoked_at__isnull=True).count() == 0
