"""Issue 16 item 8: response headers of the production server on every page family (public,
editor, agency, API, downloads) and no-store where secrets are shown; redirect targets stay
on the site."""

from __future__ import annotations

import http.client
from datetime import timedelta

import pytest
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from waitress.server import create_server

from conftest import TEST_PASSWORD, login, serving
from referencement.accounts.models import Invitation
from referencement.cli import waitress_proxy_options

pytestmark = pytest.mark.django_db

PAGE_FAMILIES = {
    "public": ("/registre/", None),
    "editor": ("/compte/", "editor_admin"),
    "agency": ("/administration/editeurs/", "agency_admin"),
    "api": ("/api/v1/registry", None),
    "downloads": ("/api/v1/registry.csv", None),
}


@pytest.fixture
def production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


def https_get(client, path):
    return client.get(path, HTTP_X_FORWARDED_PROTO="https")


@pytest.mark.parametrize("family", PAGE_FAMILIES)
def test_every_page_family_sends_the_security_headers(production, client, request, family):
    path, user = PAGE_FAMILIES[family]
    if user:
        login(client, request.getfixturevalue(user))
    response = https_get(client, path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_plain_http_is_redirected_once_to_https(production, client):
    response = client.get("/registre/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert https_get(client, "/registre/").status_code == 200


def test_session_and_csrf_cookies_are_secure_and_http_only(production, client, editor_admin):
    https_get(client, "/connexion/")
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/connexion/",
        {"email": editor_admin.email, "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_PROTO="https",
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_pages_showing_secrets_are_not_stored(production, client, editor_admin):
    login(client, editor_admin)
    for path in ["/compte/jetons/"]:
        assert "no-store" in https_get(client, path)["Cache-Control"]
    response = client.post("/compte/codes-de-secours/", HTTP_X_FORWARDED_PROTO="https")
    assert "no-store" in response["Cache-Control"]


def test_waitress_behind_the_trusted_proxy_sends_hsts(production, transactional_db):
    """`referencement serve`: without the trusted proxy the forwarded scheme is dropped and
    HTTPS requests look like HTTP (no HSTS, endless redirect). A fresh application: its
    middleware reads the production settings when it is built."""
    server = create_server(
        get_wsgi_application(), host="127.0.0.1", port=0, **waitress_proxy_options("127.0.0.1")
    )
    with serving(server):
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
        connection.request(
            "GET", "/registre/", headers={"Host": "testserver", "X-Forwarded-Proto": "https"}
        )
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
        connection.close()


def test_invitation_cancel_refuses_an_offsite_return_address(client, editor_admin, editor):
    invitation = Invitation.objects.create(
        email="x@example.org",
        editor=editor,
        role=editor_admin.role,
        token_hash="0" * 64,
        invited_by=editor_admin,
        expires_at=timezone.now() + timedelta(days=7),
    )
    login(client, editor_admin)
    response = client.post(
        f"/invitations/{invitation.pk}/annuler/", {"back": "//evil.example/phish"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_api_docs_load_swagger_from_the_platform_not_a_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
