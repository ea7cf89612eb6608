"""Every registry surface answers from the edition in force (issue 15 item 2), the
verification API included, so that funders and controllers read the registry as published
(004 §4.5 « afin de faciliter la vérification par les organismes de financement ou de
contrôle »); the public list is prebuilt per edition for visitors without a session."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from referencement.registry.choices import EventKind
from referencement.registry.edition_content import SEPARATOR, Row, RowIndex
from referencement.registry.editions import publish_edition
from referencement.registry.models import RegistryEvent

from .test_editions import candidature, end, issue  # noqa: F401 (fixture)

PARIS = ZoneInfo("Europe/Paris")


def record(attestation, kind: str, detail: str = "") -> None:
    RegistryEvent.objects.create(
        attestation=attestation,
        kind=kind,
        at=attestation.ended_at or attestation.issued_at,
        detail=detail,
    )


def test_the_attestation_api_answers_from_the_edition_in_force_with_status_and_history_004_4_5(
    client,
    candidature,  # noqa: F811
):
    with time_machine.travel(datetime(2027, 3, 10, 10, tzinfo=PARIS), tick=False):
        attestation = issue(candidature, 1)
        record(attestation, EventKind.ISSUED)
        first = publish_edition()
    with time_machine.travel(datetime(2027, 5, 20, 15, tzinfo=PARIS), tick=False):
        end(attestation, "revoked")
        record(attestation, EventKind.REVOKED, "Audit")
        path = f"/api/v1/attestations/{attestation.number}"
        # Until the worker publishes the revocation, the registry still says what it said.
        before = client.get(path).json()
        assert before["status"] == "valid" and before["edition"]["number"] == first.number
        second = publish_edition()
        after = client.get(path)
    answer = after.json()
    assert answer["status"] == "revoked" and answer["end_reason"] == "Audit"
    assert [e["kind"] for e in answer["history"]] == [EventKind.ISSUED, EventKind.REVOKED]
    assert answer["edition"] == {**answer["edition"], "number": 2, "sha256": second.sha256}
    assert after["ETag"] == f'"{second.sha256}"'
    on_a_past_day = client.get(path, {"at": "2027-04-15"}).json()
    assert on_a_past_day["status"] == "valid" and on_a_past_day["edition"]["number"] == 1


def test_an_unknown_attestation_number_is_answered_404_in_french(client, candidature):  # noqa: F811
    issue(candidature, 1)
    publish_edition()
    response = client.get("/api/v1/attestations/SEGUR-X-2027-99999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Aucune attestation n° SEGUR-X-2027-99999 au registre."


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("solution 1", ["Solution 1", "Solution 10", "Solution 11", "Solution 12"]),
        ("SOLUTION 12", ["Solution 12"]),
        ("00003", ["Solution 3"]),
        ("éditeur fictif", [f"Solution {n}" for n in range(1, 13)]),
        # The end of one row's text and the start of the next never match together.
        ("00001éditeur", []),
        ("absente", []),
    ],
)
def test_the_search_over_an_edition_finds_each_matching_row_once_in_list_order(
    client,
    candidature,  # noqa: F811
    q,
    expected,
):
    for sequence in range(1, 13):
        issue(candidature, sequence)
    publish_edition()
    answer = client.get("/api/v1/registry", {"dispositif": "MS-DUI-Va2", "q": q}).json()
    assert sorted(r["solution"] for r in answer["referenced"]) == sorted(expected)
    assert answer["referenced_count"] == len(expected)
    other = client.get("/api/v1/registry", {"dispositif": "HOP-DPI-Va1", "q": q}).json()
    assert other["referenced"] == []


def test_a_needle_holding_the_row_separator_matches_no_row():
    rows = [Row(data={}, issued_at=None, ended_at=None, haystack=h) for h in ("ab", "cd")]
    index = RowIndex.of(rows)
    assert index.search("b" + SEPARATOR + "c") == [] and index.search("c") == [rows[1]]


def test_the_public_list_is_prebuilt_per_edition_for_visitors_without_a_session(
    candidature,  # noqa: F811
    login_as,
    agency_admin,
):
    visitor = Client()
    issue(candidature, 1)
    first = publish_edition()
    page = visitor.get("/registre/")
    assert first.sha256 in page.content.decode() and "Cookie" in page["Vary"]
    assert visitor.get("/registre/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    # Another address is another page.
    filtered = visitor.get("/registre/", {"q": "absente"})
    assert filtered["ETag"] != page["ETag"] and "0 solution référencée" in filtered.content.decode()
    # A new edition: a new page and a new ETag for the same address.
    second_attestation = issue(candidature, 2)
    second = publish_edition()
    again = visitor.get("/registre/", HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 200 and again["ETag"] != page["ETag"]
    assert second.sha256 in again.content.decode()
    assert second_attestation.number in again.content.decode()
    # A signed-in person gets their own page (their menu), never the visitors' one.
    signed_in = login_as(agency_admin).get("/registre/").content.decode()
    assert "Se déconnecter" in signed_in and "Se déconnecter" not in again.content.decode()
