"""Issue 16 item 5: where an RFC 3161 time-stamping authority is configured, every anchor is
time-stamped by it, `audit verify` checks each token, and an authority that does not answer
never blocks anchoring (the anchor is written, a warning says so, the next anchoring retries).
The authority is a real one on loopback (`loopback_tsa`)."""

from __future__ import annotations

import base64
import json
import logging

import pytest
from django.core.management import CommandError, call_command

from conftest import free_port
from referencement.audit.actions import record
from referencement.audit.timestamping import read_tokens, tokens_path

from .loopback_tsa import LoopbackTSA

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("anchor_files")]


@pytest.fixture(scope="module")
def tsa():
    authority = LoopbackTSA()
    authority.start()
    yield authority
    authority.stop()


@pytest.fixture
def tsa_settings(anchor_files, tsa, tmp_path):
    certificate = tmp_path / "tsa.pem"
    certificate.write_bytes(tsa.certificate_pem)
    anchor_files.AUDIT_TSA_URL = tsa.url
    anchor_files.AUDIT_TSA_CERT = str(certificate)
    return anchor_files


@pytest.fixture
def closed_port_url():
    return f"http://127.0.0.1:{free_port()}/tsa"


def anchor_events(instructor, count: int, capsys) -> str:
    for i in range(count):
        record(f"test.event{i}", actor=instructor, subject=instructor, new={"i": i})
    call_command("audit", "anchor")
    return capsys.readouterr().out


def rewrite_token(entry_index: int, transform) -> None:
    path = tokens_path()
    entries = [json.loads(line) for line in path.read_text().splitlines()]
    entries[entry_index]["token"] = transform(entries)
    path.write_text("".join(json.dumps(entry) + "\n" for entry in entries))


def test_anchor_with_tsa_stores_its_token_and_verify_passes(tsa_settings, instructor, capsys):
    out = anchor_events(instructor, 3, capsys)
    assert "Ancre horodatée par l'autorité" in out
    tokens = list(read_tokens().values())
    assert [token["anchor"] for token in tokens] == [1]
    assert tokens[0]["gen_time"]
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "intègre : 3 événements vérifiés contre 1 ancre" in out
    assert "Attention" not in out


def test_token_of_another_anchor_fails_verify_naming_the_anchor(tsa_settings, instructor, capsys):
    anchor_events(instructor, 2, capsys)
    anchor_events(instructor, 1, capsys)
    rewrite_token(1, lambda entries: entries[0]["token"])
    with pytest.raises(CommandError, match="altéré"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert "ancre n° 2 du" in err
    assert "ne porte pas sur cette ancre" in err


def test_tampered_token_signature_fails_verify_naming_the_anchor(tsa_settings, instructor, capsys):
    anchor_events(instructor, 2, capsys)

    def flip_last_signature_byte(entries):
        der = bytearray(base64.b64decode(entries[0]["token"]))
        der[-1] ^= 0x01  # the SignerInfo's signature ends the token
        return base64.b64encode(bytes(der)).decode()

    rewrite_token(0, flip_last_signature_byte)
    with pytest.raises(CommandError, match="altéré"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert "ancre n° 1 du" in err
    assert "jeton d'horodatage invalide" in err


def test_token_from_another_authority_fails_verify(tsa_settings, instructor, capsys, tmp_path):
    anchor_events(instructor, 2, capsys)
    impostor = tmp_path / "other-tsa.pem"
    impostor.write_bytes(LoopbackTSA().certificate_pem)
    tsa_settings.AUDIT_TSA_CERT = str(impostor)
    with pytest.raises(CommandError, match="altéré"):
        call_command("audit", "verify")
    assert "jeton d'horodatage invalide" in capsys.readouterr().err


def test_tsa_down_writes_the_anchor_warns_and_the_next_anchoring_retries(
    tsa_settings, tsa, closed_port_url, instructor, capsys, caplog
):
    tsa_settings.AUDIT_TSA_URL = closed_port_url
    with caplog.at_level(logging.WARNING, logger="referencement.audit.timestamping"):
        out = anchor_events(instructor, 2, capsys)
    assert "injoignable" in out
    assert "nouvel essai au prochain ancrage" in caplog.text
    assert tsa_settings.AUDIT_ANCHORS_PATH.read_text().count("\n") == 1
    assert read_tokens() == {}
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "intègre" in out
    assert "Attention : 1 ancre sans jeton d'horodatage, dont l'ancre n° 1 du" in out

    tsa_settings.AUDIT_TSA_URL = tsa.url
    anchor_events(instructor, 1, capsys)
    assert sorted(token["anchor"] for token in read_tokens().values()) == [1, 2]
    call_command("audit", "verify")
    assert "Attention" not in capsys.readouterr().out


def test_tokens_without_the_tsa_certificate_are_reported_unverifiable(
    tsa_settings, instructor, capsys
):
    anchor_events(instructor, 1, capsys)
    tsa_settings.AUDIT_TSA_CERT = ""
    call_command("audit", "verify")
    assert "REFERENCEMENT_AUDIT_TSA_CERT non défini, jetons non vérifiables" in (
        capsys.readouterr().out
    )
