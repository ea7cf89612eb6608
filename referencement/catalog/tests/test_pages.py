"""Public pages, JSON API and the agency admin pages of the catalogue."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from referencement.catalog import calendar
from referencement.catalog.choices import ImportStatus
from referencement.catalog.models import RemImport
from referencement.catalog.tasks import analyse_rem_import, apply_rem_import

from .rem_files import convergence_file, convergence_row

pytestmark = pytest.mark.django_db


@time_machine.travel(calendar.paris_datetime(date(2026, 11, 22), "09:00"), tick=False)
def test_api_lists_the_five_dispositifs_with_their_phases(client, catalogues) -> None:
    response = client.get("/api/v1/dispositifs")
    assert response.status_code == 200
    body = {d["code"]: d for d in response.json()}
    assert set(body) == {
        "MS2-DUI-PDE-Va1-SF",
        "MS-DUI-Va2",
        "MDV-LGC-Va1-SF",
        "HOP-PFI-Va2",
        "HOP-DPI-Va1",
    }
    admin = {d["code"]: d["phases"][0]["status"] for d in body.values()}
    assert admin["MS-DUI-Va2"] == "closed"
    assert admin["MS2-DUI-PDE-Va1-SF"] == admin["MDV-LGC-Va1-SF"] == "advisory"


def test_api_returns_the_applicable_requirements(client, catalogues) -> None:
    url = "/api/v1/dispositifs/MS-DUI-Va2/requirements?profile=GENERAL&profile=PDE"
    codes = {r["code"] for r in client.get(url).json()}
    assert "MS.RPT/CD.02" in codes and "MS.AHI/SISIAO.01" not in codes


def test_api_reports_rule_violations_as_400_in_french(client, catalogues) -> None:
    response = client.get("/api/v1/dispositifs/MS2-DUI-PDE-Va1-SF/requirements?profile=GENERAL")
    assert response.status_code == 400
    assert "Spécifique – DUI référentiel d'identités" in response.json()["errors"][0]


def test_api_dispositif_detail_and_openapi_schema(client, catalogues) -> None:
    detail = client.get("/api/v1/dispositifs/HOP-DPI-Va1").json()
    assert detail["parameters"]["profile_change_policy"] == "final"
    assert [p["code"] for p in detail["profiles"]] == [
        "GENERAL",
        "CLIENT-WEB-DPI",
        "INTEGRATION-INS",
    ]
    assert (
        "/api/v1/dispositifs/{code}/requirements"
        in client.get("/api/v1/openapi.json").json()["paths"]
    )


def test_anonymous_users_read_the_public_pages(client, catalogues) -> None:
    assert "MS-DUI-Va2" in client.get("/dispositifs/").content.decode()
    page = client.get("/dispositifs/MDV-LGC-Va1-SF/").content.decode()
    assert "Médecin Traitant" in page and "hypothèse" in page
    ms_dui = client.get("/dispositifs/MS-DUI-Va2/").content.decode()
    # 001 §3.1, issue 12 item 11: the AHI exemption of the extra evidence, in plain French.
    assert ms_dui.count("Non demandée aux candidats au seul profil « AHI » [001 §3.1].") == 3
    listing = client.get("/dispositifs/MS-DUI-Va2/exigences/?profile=GENERAL&profile=AHI&q=SISIAO")
    assert listing.status_code == 200
    assert "MS.AHI/SISIAO.21" in listing.content.decode()


def test_the_filtered_catalogue_downloads_as_csv_and_xlsx(client, catalogues) -> None:
    url = "/dispositifs/MS-DUI-Va2/exigences/?chapter=3.2.11&format="
    csv = client.get(url + "csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").count("MS.AHI/SISIAO.") == 21
    assert client.get(url + "xlsx").content[:2] == b"PK"


@pytest.mark.parametrize("user", ["instructor", "editor_member"])
def test_non_agency_admins_get_403_on_the_upload_pages(request, login_as, catalogues, user) -> None:
    client = login_as(request.getfixturevalue(user))
    assert client.get("/administration/catalogues/").status_code == 403
    assert client.post("/administration/catalogues/recharger/").status_code == 403


def test_anonymous_users_are_sent_to_login_from_the_upload_page(client) -> None:
    response = client.get("/administration/catalogues/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_an_upload_is_previewed_then_applied_on_confirmation(
    login_as, agency_admin, ms_dui, django_capture_on_commit_callbacks
) -> None:
    client = login_as(agency_admin)
    upload = SimpleUploadedFile(
        "rem.xlsx", convergence_file(convergence_row("SC.INS.01")).getvalue()
    )
    with django_capture_on_commit_callbacks():
        response = client.post(
            "/administration/catalogues/", {"dispositif": "MS-DUI-Va2", "file": upload}
        )
    job = RemImport.objects.get()
    assert response["Location"] == f"/administration/catalogues/imports/{job.pk}/"
    assert "Progression" in client.get(response["Location"]).content.decode()
    analyse_rem_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEW
    assert job.summary["counts"]["requirements_retired"] == 413
    assert len(job.summary["retired"]) == 413
    assert ms_dui.requirements.filter(status="retired").count() == 0
    decision = f"/administration/catalogues/imports/{job.pk}/decision/"
    refused = client.post(decision, {"decision": "confirm", "typed_code": "MS-DUI"})
    assert refused.status_code == 400
    assert "saisissez le code du dispositif" in refused.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEW
    with django_capture_on_commit_callbacks():
        client.post(decision, {"decision": "confirm", "typed_code": "MS-DUI-Va2"})
    apply_rem_import.call(job.pk, agency_admin.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.rows_processed == 1
    assert ms_dui.requirements.filter(status="retired").count() == 413


def test_a_bad_upload_shows_the_row_and_applies_nothing(login_as, agency_admin, ms_dui) -> None:
    client = login_as(agency_admin)
    upload = SimpleUploadedFile(
        "rem.xlsx", convergence_file(convergence_row("SC.INS.01", perimeter="V9")).getvalue()
    )
    client.post("/administration/catalogues/", {"dispositif": "MS-DUI-Va2", "file": upload})
    job = RemImport.objects.get()
    analyse_rem_import.call(job.pk)
    page = client.get(f"/administration/catalogues/imports/{job.pk}/").content.decode()
    assert "Ligne 2 : périmètre illisible" in page and "Rien n'a été importé" in page
