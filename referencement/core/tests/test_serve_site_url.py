"""The links the platform builds (e-mails, the attestation's QR code) carry the address the
server really serves (issue 11 item 8): `serve --port P` sets SITE_URL unless
REFERENCEMENT_SITE_URL says otherwise (behind a proxy)."""

from __future__ import annotations

import os

import pytest

from referencement import cli
from referencement.core import embedded_server


@pytest.fixture
def no_server(monkeypatch):
    monkeypatch.setattr(cli, "_setup_django", lambda: None)
    monkeypatch.setattr(cli, "prepare_instance", lambda: None)
    monkeypatch.setattr(embedded_server, "serve", lambda *args, **kwargs: None)


def test_serve_on_another_port_sets_the_site_url_to_that_port(monkeypatch, no_server):
    monkeypatch.delenv("REFERENCEMENT_SITE_URL", raising=False)
    cli.serve(["--port", "8123", "--no-worker"])
    assert os.environ["REFERENCEMENT_SITE_URL"] == "http://127.0.0.1:8123"


def test_an_explicit_site_url_wins_over_the_port(monkeypatch, no_server):
    monkeypatch.setenv("REFERENCEMENT_SITE_URL", "https://referencement.example.fr")
    cli.serve(["--port", "8123", "--no-worker"])
    assert os.environ["REFERENCEMENT_SITE_URL"] == "https://referencement.example.fr"


@pytest.mark.parametrize(
    "host, url",
    [
        ("0.0.0.0", "http://127.0.0.1:9000"),
        ("10.0.0.5", "http://10.0.0.5:9000"),
        ("::1", "http://[::1]:9000"),
    ],
)
def test_the_served_address_is_one_a_browser_can_reach(host, url):
    assert cli.served_site_url(host, 9000) == url
