from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import login
from referencement.registry.actions import allocate_sequence
from referencement.registry.editions import publish_edition
from referencement.registry.models import Attestation
from referencement.registry.rules import attestation_number

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def test_numbers_have_a_stable_format():
    assert attestation_number("HOP-DPI-Va1", 2022, 7) == "SEGUR-HOP-DPI-Va1-2022-00007"


def test_sequences_count_per_dispositif_and_year(catalogues):
    va2, dpi = catalogues["MS-DUI-Va2"], catalogues["HOP-DPI-Va1"]
    assert [allocate_sequence(va2, 2027) for _ in range(3)] == [1, 2, 3]
    assert allocate_sequence(dpi, 2027) == 1
    assert allocate_sequence(va2, 2028) == 1


def _attestation(dispositif, candidature_factory, number: str, issued_at, **values):
    return Attestation.objects.create(
        number=number,
        candidature=candidature_factory,
        dispositif=dispositif,
        year=issued_at.year,
        sequence=int(number[-5:]),
        editor_name="Éditeur",
        solution_name=f"Solution {number[-2:]}",
        issued_at=issued_at,
        pdf="attestations/x.pdf",
        sha256="0" * 64,
        **values,
    )


@pytest.fixture
def candidature(catalogues, editor, editor_member):
    from referencement.instruction.tests.fixtures import make_candidature

    return make_candidature(
        catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member, evidence=0
    )


def test_the_list_answers_was_it_referenced_on_date_d(client, catalogues, candidature):
    dispositif = catalogues["MS-DUI-Va2"]
    _attestation(
        dispositif,
        candidature,
        "SEGUR-MS-DUI-Va2-2027-00001",
        datetime(2027, 6, 1, 10, tzinfo=PARIS),
        status="withdrawn",
        ended_at=datetime(2027, 9, 1, tzinfo=PARIS),
    )
    publish_edition()

    def numbers(at=None):
        params = {"at": at} if at else {}
        return [a["number"] for a in client.get("/api/v1/registry", params).json()["referenced"]]

    assert numbers("2027-05-31") == []
    assert numbers("2027-06-01") == ["SEGUR-MS-DUI-Va2-2027-00001"]
    assert numbers("2027-08-31") == ["SEGUR-MS-DUI-Va2-2027-00001"]
    assert numbers("2027-09-01") == []
    assert numbers() == []


def test_the_public_list_is_filterable_and_paginated(client, catalogues, candidature):
    for n in range(1, 28):
        _attestation(
            catalogues["MS-DUI-Va2"],
            candidature,
            f"SEGUR-MS-DUI-Va2-2027-{n:05d}",
            datetime(2027, 6, 1, tzinfo=PARIS),
        )
    publish_edition()
    first = client.get("/registre/").content.decode()
    assert "27 solutions référencées" in first and "2027-00026" not in first
    assert "2027-00026" in client.get("/registre/?page=2").content.decode()
    assert catalogues["HOP-DPI-Va1"]
    assert "0 solution" in client.get("/registre/?dispositif=HOP-DPI-Va1").content.decode()
    assert "1 solution" in client.get("/registre/?q=2027-00013").content.decode()
    csv_text = client.get("/api/v1/registry.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("type;dispositif;editeur")
    assert len(csv_text.splitlines()) == 1 + 27 + 1  # the candidature itself is a candidate


def test_verification_of_an_unknown_number_says_so(client):
    page = client.get("/registre/attestations/SEGUR-X-2027-00001/")
    assert page.status_code == 404
    assert "Aucune attestation" in page.content.decode()
    assert client.get("/api/v1/attestations/SEGUR-X-2027-00001").status_code == 404


def test_the_verification_form_leads_to_the_number(client, catalogues, candidature):
    _attestation(
        catalogues["MS-DUI-Va2"],
        candidature,
        "SEGUR-MS-DUI-Va2-2027-00001",
        datetime(2027, 6, 1, tzinfo=PARIS),
    )
    response = client.get("/registre/verifier/", {"numero": "segur-ms-dui-va2-2027-00001"})
    assert client.get(response.url).status_code == 200


@time_machine.travel(datetime(2027, 6, 1, tzinfo=PARIS))
def test_the_attestation_pdf_is_404_for_another_editor(
    client, catalogues, candidature, other_editor_member, editor_member
):
    _attestation(
        catalogues["MS-DUI-Va2"],
        candidature,
        "SEGUR-MS-DUI-Va2-2027-00001",
        datetime(2027, 6, 1, tzinfo=PARIS),
    )
    login(client, other_editor_member)
    assert client.get("/registre/attestations/SEGUR-MS-DUI-Va2-2027-00001/pdf/").status_code == 404
    assert client.get("/registre/attestations/SEGUR-MS-DUI-Va2-2027-00001/").status_code == 200


def test_withdrawal_pages_are_for_agency_admins(client, college_member, catalogues, candidature):
    _attestation(
        catalogues["MS-DUI-Va2"],
        candidature,
        "SEGUR-MS-DUI-Va2-2027-00001",
        datetime(2027, 6, 1, tzinfo=PARIS),
    )
    login(client, college_member)
    response = client.post(
        "/agence/referencements/SEGUR-MS-DUI-Va2-2027-00001/fin/",
        {"kind": "revoked", "effective_on": "2027-07-01", "reason": "x", "confirm": "oui"},
    )
    assert response.status_code == 403


def test_registry_json_is_paginated_and_the_csv_is_complete(client, monkeypatch):
    from referencement.registry import api

    rows = [SimpleNamespace(data={"n": n}) for n in range(5)]
    monkeypatch.setattr(api, "_lists", lambda edition, at, dispositif, q: (rows, []))
    first = client.get("/api/v1/registry", {"page_size": 2}).json()
    last = client.get("/api/v1/registry", {"page_size": 2, "page": 3}).json()
    beyond = client.get("/api/v1/registry", {"page_size": 2, "page": 4}).json()
    assert (first["referenced"], first["pages"], first["referenced_count"]) == (
        [{"n": 0}, {"n": 1}],
        3,
        5,
    )
    assert last["referenced"] == [{"n": 4}] and beyond["referenced"] == []
    assert client.get("/api/v1/registry", {"page_size": 501}).status_code == 422


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    client, catalogues, candidature
):
    """Issue 16 item 8 (OWASP CSV injection): = + - @ tab and carriage return."""
    for n, name in enumerate(["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\tx", "\rx"], 1):
        _attestation(
            catalogues["MS-DUI-Va2"],
            candidature,
            f"SEGUR-MS-DUI-Va2-2027-{n:05d}",
            datetime(2027, 6, 1, tzinfo=PARIS),
        )
        Attestation.objects.filter(sequence=n).update(solution_name=name)
    publish_edition()
    csv_text = client.get("/api/v1/registry.csv").content.decode("utf-8-sig")
    for name in ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)"]:
        assert f";'{name};" in csv_text
        assert f";{name};" not in csv_text
    assert "'\tx" in csv_text and "'\rx" in csv_text


@pytest.mark.parametrize("url", ["/registre/?at=9999-12-31", "/registre/?at=0001-01-01"])
def test_a_date_outside_the_registry_is_a_400_with_a_french_message(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Date hors de la période du registre" in response.content.decode()


def test_the_api_answers_a_date_outside_the_registry_with_a_400(client):
    for path in ["/api/v1/registry", "/api/v1/registry.csv", "/api/v1/registry.json"]:
        response = client.get(path, {"at": "9999-12-31"})
        assert response.status_code == 400
        assert "Date hors de la période du registre" in response.json()["detail"]


def test_a_malformed_number_to_verify_is_a_400_with_a_french_message(client):
    response = client.get("/registre/verifier/", {"numero": "a/b"})
    assert response.status_code == 400
    assert "ne contient que des lettres" in response.content.decode()
