"""Issue 16 item 3: password reset by e-mail — same answer for unknown addresses, a link
that expires and serves once, the second factor still asked after."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Un nouveau mot de passe solide 2026"


def reset_link(client, email, mailoutbox, capture) -> str:
    with capture(execute=True):
        response = client.post("/connexion/mot-de-passe-oublie/", {"email": email}, follow=True)
    assert "Si un compte actif correspond" in response.content.decode()
    return re.search(r"/connexion/mot-de-passe/\S+/\S+/", mailoutbox[-1].body).group()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, mailoutbox):
    response = client.post(
        "/connexion/mot-de-passe-oublie/", {"email": "personne@example.org"}, follow=True
    )
    assert "Si un compte actif correspond" in response.content.decode()
    assert mailoutbox == []


def test_the_link_sets_a_new_password_once_and_the_second_factor_is_still_asked(
    client, instructor, mailoutbox, django_capture_on_commit_callbacks
):
    link = reset_link(client, instructor.email, mailoutbox, django_capture_on_commit_callbacks)
    assert "no-store" in client.get(link)["Cache-Control"]
    response = client.post(link, {"new_password": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/connexion/"
    again = client.post(link, {"new_password": "Encore un autre mot de passe 2026"})
    assert again["Location"] == "/connexion/mot-de-passe-oublie/"
    login = client.post("/connexion/", {"email": instructor.email, "password": NEW_PASSWORD})
    assert login["Location"] in {"/connexion/verification/", "/connexion/enrolement/"}
    assert client.get("/compte/").status_code == 302  # not logged in before the 2nd factor


def test_the_link_expires(client, instructor, mailoutbox, django_capture_on_commit_callbacks):
    link = reset_link(client, instructor.email, mailoutbox, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(hours=6)):
        response = client.post(link, {"new_password": NEW_PASSWORD})
    assert response["Location"] == "/connexion/mot-de-passe-oublie/"
    instructor.refresh_from_db()
    assert not instructor.check_password(NEW_PASSWORD)
