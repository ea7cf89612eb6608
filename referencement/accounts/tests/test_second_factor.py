"""Issue 16: one « fresh second factor » policy for every sensitive act (API token,
convention signature and countersignature, charter acceptance): an authenticator code or an
unused backup code, each backup code once; a wrong code counts as a failed login, even when
the act it guarded is refused; a locked account is refused whatever the code."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from referencement.accounts.actions import regenerate_backup_codes
from referencement.accounts.models import ApiToken
from referencement.accounts.second_factor import confirm_second_factor
from referencement.audit.models import AuditEvent
from referencement.instruction.tests.fixtures import totp_token

pytestmark = pytest.mark.django_db


def test_an_authenticator_code_confirms_the_second_factor(client, editor_member):
    login(client, editor_member)  # enrols the authenticator
    confirm_second_factor(editor_member, totp_token(editor_member))
    event = AuditEvent.objects.get(action="2fa.confirmed")
    assert event.new_values == {"second_factor": "totp"}


def test_a_backup_code_confirms_the_second_factor_once(editor_member):
    code = regenerate_backup_codes(editor_member)[0]
    confirm_second_factor(editor_member, code)
    assert AuditEvent.objects.get(action="2fa.confirmed").new_values == {
        "second_factor": "backup_code"
    }
    with pytest.raises(ValidationError, match="Code de vérification incorrect"):
        confirm_second_factor(editor_member, code)


def test_a_wrong_code_counts_as_a_failed_login_and_locks_at_the_limit(editor_member, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    code = regenerate_backup_codes(editor_member)[0]
    with pytest.raises(ValidationError, match="incorrect"):
        confirm_second_factor(editor_member, "000000")
    with pytest.raises(ValidationError, match="verrouillé"):
        confirm_second_factor(editor_member, "000000")
    # Locked: even a right code is refused, and it is not used up.
    with pytest.raises(ValidationError, match="verrouillé"):
        confirm_second_factor(editor_member, code)
    editor_member.refresh_from_db()
    assert editor_member.locked_until is not None


def test_the_token_page_accepts_a_backup_code_like_every_sensitive_act(client, editor_member):
    login(client, editor_member)
    code = regenerate_backup_codes(editor_member)[0]
    client.post("/compte/jetons/", {"name": "CI", "scopes": ["read"], "code": code})
    assert ApiToken.objects.filter(user=editor_member).exists()
