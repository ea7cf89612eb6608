"""Two-step login: mandatory TOTP, backup codes, lock-out, inactivity (001 §3.2.7)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_PASSWORD, login
from referencement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def password_step(client, user, password=TEST_PASSWORD):
    return client.post("/connexion/", {"email": user.email, "password": password})


def test_password_alone_does_not_log_in(client, instructor):
    response = password_step(client, instructor)
    assert response.status_code == 302
    assert response["Location"] == "/connexion/enrolement/"
    assert client.get("/compte/").status_code == 302  # still anonymous


def test_first_login_enrols_totp_then_shows_backup_codes_once(client, instructor):
    password_step(client, instructor)
    page = client.get("/connexion/enrolement/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=instructor, confirmed=False)
    response = client.post("/connexion/enrolement/", {"token": totp_code(device)})
    assert response["Location"] == "/connexion/codes-de-secours/"
    codes_page = client.get("/connexion/codes-de-secours/")
    assert codes_page.content.decode().count("<code>") == 10
    assert client.get("/connexion/codes-de-secours/").status_code == 302  # shown once only
    assert client.get("/compte/").status_code == 200
    assert AuditEvent.objects.filter(action="2fa.enrolled", subject_id=str(instructor.pk)).exists()


def test_wrong_enrolment_code_is_refused(client, instructor):
    password_step(client, instructor)
    client.get("/connexion/enrolement/")
    response = client.post("/connexion/enrolement/", {"token": "000000"})
    assert "Code incorrect" in response.content.decode()
    assert client.get("/compte/").status_code == 302


def test_enrolled_user_must_give_a_totp_code(client, instructor):
    device = TOTPDevice.objects.create(user=instructor, confirmed=True)
    response = password_step(client, instructor)
    assert response["Location"] == "/connexion/verification/"
    response = client.post("/connexion/verification/", {"token": totp_code(device)})
    assert response.status_code == 302
    assert client.get("/compte/").status_code == 200
    event = AuditEvent.objects.filter(action="login.succeeded").last()
    assert event.actor_id == instructor.pk and event.new_values == {"second_factor": "totp"}


def test_backup_code_works_once(client, instructor):
    TOTPDevice.objects.create(user=instructor, confirmed=True)
    from referencement.accounts.actions import regenerate_backup_codes

    code = regenerate_backup_codes(instructor)[0]
    password_step(client, instructor)
    assert client.post("/connexion/verification/", {"token": code}).status_code == 302
    client.post("/deconnexion/")
    password_step(client, instructor)
    response = client.post("/connexion/verification/", {"token": code})
    assert "incorrect" in response.content.decode()


def test_unverified_session_is_logged_out(client, instructor):
    client.force_login(instructor)  # a session without the second factor
    response = client.get("/compte/")
    assert response.status_code == 302
    assert client.get("/compte/").status_code == 302


def test_a_locked_account_answers_like_an_unknown_one_and_its_owner_is_told_by_email(
    client, instructor, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue 16 item 3: the lock must not reveal that the account exists."""
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = password_step(client, instructor, "mauvais mot de passe")
        assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    # Even the right password is refused while locked, with the same message.
    response = password_step(client, instructor)
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    assert "verrouillé" not in response.content.decode()
    unknown = client.post(
        "/connexion/", {"email": "personne@example.org", "password": "mauvais mot de passe"}
    )
    assert _messages_of(unknown) == _messages_of(response)
    assert (
        AuditEvent.objects.filter(action="account.locked", subject_id=str(instructor.pk)).count()
        == 1
    )
    [mail] = mailoutbox
    assert mail.to == [instructor.email] and "verrouillé" in mail.subject


def _messages_of(response) -> list[str]:
    return [
        line.strip()
        for line in response.content.decode().splitlines()
        if "incorrect" in line or "verrouillé" in line
    ]


def test_the_unlock_link_of_the_email_unlocks_once(
    client, instructor, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LOGIN_FAILURE_LIMIT = 2
    password_step(client, instructor, "faux")
    with django_capture_on_commit_callbacks(execute=True):
        password_step(client, instructor, "faux")
    link = re.search(r"https?://\S+/connexion/deverrouiller/\S+/", mailoutbox[0].body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert "Déverrouiller mon compte" in client.get(f"/{path}").content.decode()
    instructor.refresh_from_db()
    assert instructor.locked_until is not None  # a GET (mail scanner) changes nothing
    client.post(f"/{path}")
    instructor.refresh_from_db()
    assert instructor.locked_until is None
    assert password_step(client, instructor).status_code == 302
    client.logout()
    password_step(client, instructor, "faux")
    password_step(client, instructor, "faux")
    response = client.post(f"/{path}", follow=True)
    assert "déjà servi" in response.content.decode()
    instructor.refresh_from_db()
    assert instructor.locked_until is not None


def test_lock_ends_after_the_lockout_period(client, instructor, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_MINUTES = 15
    password_step(client, instructor, "faux")
    password_step(client, instructor, "faux")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = password_step(client, instructor)
    assert response.status_code == 302


def test_wrong_totp_codes_count_towards_the_lock(client, instructor, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    TOTPDevice.objects.create(user=instructor, confirmed=True)
    password_step(client, instructor)
    client.post("/connexion/verification/", {"token": "111111"})
    response = client.post("/connexion/verification/", {"token": "222222"})
    assert "temporairement verrouillé" in response.content.decode()


def test_session_ends_after_inactivity(client, instructor, settings):
    settings.SESSION_INACTIVITY_SECONDS = 30 * 60
    with time_machine.travel("2026-11-22 10:00 +0100", tick=False) as traveller:
        login(client, instructor)
        assert client.get("/compte/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/compte/").status_code == 200  # activity renews the session
        traveller.shift(timedelta(minutes=31))
        response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    assert AuditEvent.objects.filter(action="logout", new_values__reason="inactivity").exists()


def test_logout_requires_post(client, instructor):
    login(client, instructor)
    assert client.get("/deconnexion/").status_code == 405
    assert client.post("/deconnexion/").status_code == 302
    assert client.get("/compte/").status_code == 302


def test_login_does_not_redirect_to_another_site(client, instructor):
    device = TOTPDevice.objects.create(user=instructor, confirmed=True)
    client.post(
        "/connexion/",
        {"email": instructor.email, "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    response = client.post("/connexion/verification/", {"token": totp_code(device)})
    assert response["Location"] == "/"


def test_an_address_is_blocked_after_many_failures_with_exponential_back_off(
    client, instructor, settings
):
    """Issue 16 item 3: one client trying many accounts is stopped, not the accounts."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    with time_machine.travel("2026-11-22 10:00 +0100", tick=False) as traveller:
        for n in range(3):
            client.post("/connexion/", {"email": f"inconnu{n}@example.org", "password": "x"})
        response = password_step(client, instructor)
        assert "Trop de tentatives de connexion depuis votre adresse" in response.content.decode()
        other = Client(REMOTE_ADDR="192.0.2.7")
        assert password_step(other, instructor).status_code == 302  # the account is free
        traveller.shift(timedelta(minutes=16))
        for n in range(3):
            client.post("/connexion/", {"email": f"inconnu{n}@example.org", "password": "x"})
        traveller.shift(timedelta(minutes=16))
        response = password_step(client, instructor)
        assert "Trop de tentatives" in response.content.decode()  # second block: 30 minutes
        traveller.shift(timedelta(minutes=15))
        assert password_step(client, instructor).status_code == 302
    assert AuditEvent.objects.filter(action="login.address_blocked").count() == 2
