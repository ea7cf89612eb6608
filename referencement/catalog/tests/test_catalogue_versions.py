"""Catalogue versions and provenance (issue 14 items 2 and 3)."""

from __future__ import annotations

import io
import shutil

import pytest
import yaml

from referencement.catalog.actions import import_rem, load_catalogue
from referencement.catalog.catalogue_files import CATALOGUE_DIR, read_catalogue
from referencement.catalog.choices import CatalogStatus, VersionOrigin
from referencement.catalog.exports import export_catalogue
from referencement.catalog.models import CatalogueVersion, Requirement
from referencement.lib.rem_sheets import parse_rem, read_table

from .rem_files import convergence_file, convergence_row

pytestmark = pytest.mark.django_db

NEW = ["SC.NEW.01", "SC.NEW.02", "SC.NEW.03"]


def _rem_adding_a_profile_and_three_requirements(dispositif) -> io.BytesIO:
    out = io.BytesIO()
    export_catalogue(dispositif, out, fmt="xlsx")
    out.seek(0)
    rows = [values for _, values in read_table(out, "export.xlsx")][1:]
    rows += [convergence_row(code, profile="Nouveau profil") for code in NEW]
    return convergence_file(*rows)


def _import(dispositif, buffer, actor=None):
    return import_rem(
        dispositif,
        parse_rem(read_table(buffer, "rem.xlsx")),
        filename="rem-v2.xlsx",
        sha256="ab" * 32,
        actor=actor,
    )


def _next_yaml(tmp_path) -> object:
    """The shipped MS-DUI-Va2 file with one more requirement: the agency's next file."""
    data = yaml.safe_load((CATALOGUE_DIR / "MS-DUI-Va2.yaml").read_text(encoding="utf-8"))
    data["requirements"][0]["ids"].append("SC.YAML.99")
    path = tmp_path / "MS-DUI-Va2.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copytree(CATALOGUE_DIR / "charters", tmp_path / "charters")  # beside the YAML
    return read_catalogue(path)


def test_a_file_reload_never_retires_what_an_import_created_and_history_has_3_versions(
    ms_dui, agency_admin, tmp_path, client
) -> None:
    _import(ms_dui, _rem_adding_a_profile_and_three_requirements(ms_dui), actor=agency_admin)
    report = load_catalogue(_next_yaml(tmp_path))
    assert sorted(report.kept) == NEW
    assert report.retired == []
    assert set(ms_dui.requirements.filter(code__in=NEW).values_list("status", flat=True)) == {
        CatalogStatus.ACTIVE
    }
    versions = client.get("/api/v1/dispositifs/MS-DUI-Va2/versions").json()
    assert [(v["number"], v["origin"]) for v in versions] == [
        (3, VersionOrigin.FILE),
        (2, VersionOrigin.REM),
        (1, VersionOrigin.FILE),
    ]
    diff = client.get("/api/v1/dispositifs/MS-DUI-Va2/versions/1/diff/2").json()
    assert diff["added"] == NEW
    assert diff["changed"] == [] and diff["retired"] == []
    assert [p["label"] for p in diff["profiles_added"]] == ["Nouveau profil"]
    assert client.get("/api/v1/dispositifs/MS-DUI-Va2/versions/2/diff/3").json()["added"] == [
        "SC.YAML.99"
    ]


def test_every_requirement_profile_and_proof_records_its_origin(ms_dui, agency_admin) -> None:
    _import(ms_dui, _rem_adding_a_profile_and_three_requirements(ms_dui), actor=agency_admin)
    imported = Requirement.objects.get(dispositif=ms_dui, code="SC.NEW.01")
    assert imported.origin.origin == VersionOrigin.REM
    assert imported.origin.sha256 == "ab" * 32
    assert imported.origin.created_by == agency_admin
    assert imported.origin.source_name == "rem-v2.xlsx"
    proof = imported.scenarios.get().evidence_specs.get()
    assert proof.origin == imported.origin
    assert ms_dui.profiles.get(label="Nouveau profil").origin == imported.origin
    from_file = Requirement.objects.get(dispositif=ms_dui, code="SC.INS.01")
    assert from_file.origin.origin == VersionOrigin.FILE
    assert from_file.origin.source_name == "MS-DUI-Va2.yaml"
    assert from_file.origin.sha256 == ms_dui.catalogue_hash


def test_an_import_that_changes_nothing_creates_no_version(ms_dui) -> None:
    out = io.BytesIO()
    export_catalogue(ms_dui, out, fmt="xlsx")
    before = CatalogueVersion.objects.filter(dispositif=ms_dui).count()
    _import(ms_dui, out)
    assert CatalogueVersion.objects.filter(dispositif=ms_dui).count() == before == 1


def test_a_version_cannot_be_modified(ms_dui) -> None:
    version = CatalogueVersion.objects.get(dispositif=ms_dui)
    version.source_name = "autre.yaml"
    with pytest.raises(ValueError):
        version.save()


def test_the_diff_lists_changed_fields_before_and_after(ms_dui, client) -> None:
    rows = [
        convergence_row(r.code, profile="Général", text="Le système DOIT faire.")
        for r in ms_dui.requirements.filter(profiles__code="GENERAL")
    ]
    _import(ms_dui, convergence_file(*rows))
    rows[0] = convergence_row(rows[0][1], text="Le système PEUT faire.")
    _import(ms_dui, convergence_file(*rows))
    diff = client.get("/api/v1/dispositifs/MS-DUI-Va2/versions/2/diff/3").json()
    assert diff["added"] == [] and diff["retired"] == []
    assert diff["changed"] == [
        {
            "code": rows[0][1],
            "fields": {
                "text": ["Le système DOIT faire.", "Le système PEUT faire."],
                "kind": ["EXI", "PRE"],
            },
        }
    ]
    page = client.get("/dispositifs/MS-DUI-Va2/versions/2/diff/3/").content.decode()
    assert "Le système PEUT faire." in page and "1 exigence modifiée" in page


def test_the_public_pages_show_history_and_a_requirement_with_its_content(ms_dui, client) -> None:
    _import(ms_dui, _rem_adding_a_profile_and_three_requirements(ms_dui))
    history = client.get("/dispositifs/MS-DUI-Va2/versions/").content.decode()
    assert "2 versions" in history and "Import REM" in history
    assert client.get("/dispositifs/MS-DUI-Va2/versions/?de=1&a=2")["Location"] == (
        "/dispositifs/MS-DUI-Va2/versions/1/diff/2/"
    )
    page = client.get("/dispositifs/MS-DUI-Va2/exigences/SC.NEW.01/").content.decode()
    assert "Le système DOIT faire." in page
    assert "Scénario SC.NEW.01.01" in page and "SC.NEW.01.01.01" in page
    assert "Import REM « rem-v2.xlsx »" in page
    assert client.get("/dispositifs/MS-DUI-Va2/versions/9/diff/1/").status_code == 404


def test_a_candidature_records_the_catalogue_version_it_was_opened_under(
    catalogues, editor_member
) -> None:
    from referencement.candidatures.testing import draft

    candidature = draft("MS2-DUI-PDE-Va1-SF", editor_member)
    assert candidature.catalogue_version.number == 1
    assert candidature.catalogue_version.dispositif.code == "MS2-DUI-PDE-Va1-SF"
