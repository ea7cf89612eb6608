"""Passwords are hashed outside the write transaction (issue 16 item 8): hashing is slow on
purpose and, under SQLite, a transaction holds the database's single write lock, so every
other request would wait for it."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection

from conftest import TEST_PASSWORD, UserFactory
from referencement.accounts import actions, password_reset
from referencement.accounts.choices import Role

NEW_PASSWORD = "Un-autre-mot-de-passe-2027"
# Whether a transaction was open at each hashing (encode or verify).
IN_TRANSACTION: list[bool] = []


class RecordingHasher(MD5PasswordHasher):
    algorithm = "md5_recording"

    def encode(self, password, salt):
        IN_TRANSACTION.append(connection.in_atomic_block)
        return super().encode(password, salt)

    def verify(self, password, encoded):
        IN_TRANSACTION.append(connection.in_atomic_block)
        return super().verify(password, encoded)


@pytest.fixture
def recorded(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.RecordingHasher"]
    IN_TRANSACTION.clear()
    yield IN_TRANSACTION
    IN_TRANSACTION.clear()


@pytest.mark.django_db(transaction=True)
def test_login_password_change_reset_and_invitation_hash_outside_the_transaction(
    recorded, agency_admin
):
    user = UserFactory(role=Role.INSTRUCTOR)
    recorded.clear()

    actions.check_password_step(user.email, TEST_PASSWORD, "192.0.2.1")
    with pytest.raises(actions.LoginRefused):
        actions.check_password_step("inconnu@exemple.test", TEST_PASSWORD, "192.0.2.1")
    actions.change_password(user, old_password=TEST_PASSWORD, new_password=NEW_PASSWORD)
    password_reset.reset_password(user, TEST_PASSWORD + "-bis")
    invitation = actions.invite(
        actor=agency_admin, email="nouvelle@exemple.test", role="instructor"
    )
    actions.accept_invitation(invitation.token, full_name="Nouvelle", password=NEW_PASSWORD)

    assert len(recorded) >= 6
    assert not any(recorded)
