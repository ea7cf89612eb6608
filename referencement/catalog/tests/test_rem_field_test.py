"""000 §3.3, 004 §4.4: the requirements reviewed in the field test session are catalogue
data. HOP-DPI-Va1 has no YAML chapters (its REM is imported): the « Session de tests »
column of our REM layout flags them; neither agency layout has such a column."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from referencement.catalog.models import CatalogueVersion, Dispositif, Requirement
from referencement.catalog.versions import diff

from .rem_files import xlsx

pytestmark = pytest.mark.django_db
HEADERS = [
    "ID",
    "Chapitre",
    "Exigence",
    "Nature",
    "Périmètre",
    "Profils",
    "N° scénario",
    "Scénario de conformité",
    "N° preuve",
    "Preuve",
    "Type de preuve",
    "Session de tests",
]


def _row(code: str, field_test: str) -> list[str]:
    return [
        code,
        "Identité",
        "Le système DOIT qualifier l'INS.",
        "EXI",
        "Vague 1",
        "Général",
        f"{code}.01",
        "Scénario",
        f"{code}.01.01",
        "Capture",
        "screenshot",
        field_test,
    ]


def _import(tmp_path, *rows: list[str]) -> None:
    path = tmp_path / "rem.xlsx"
    path.write_bytes(xlsx([HEADERS, *rows]).getvalue())
    call_command("import_rem", str(path), dispositif="HOP-DPI-Va1")


def _flags() -> dict[str, bool]:
    return dict(
        Requirement.objects.filter(dispositif__code="HOP-DPI-Va1").values_list("code", "field_test")
    )


def test_004_4_4_rem_import_sets_the_field_test_flag_from_its_column(client, catalogues, tmp_path):
    assert Dispositif.objects.get(code="HOP-DPI-Va1").field_test_session
    _import(tmp_path, _row("INS.01", "oui"), _row("DOC.01", ""))
    assert _flags() == {"INS.01": True, "DOC.01": False}
    page = client.get("/dispositifs/HOP-DPI-Va1/").content.decode()
    assert "1 exigence marquée par la colonne « Session de tests » du REM importé" in page
    _import(tmp_path, _row("INS.01", "non"), _row("DOC.01", "oui"))
    assert _flags() == {"INS.01": False, "DOC.01": True}


def test_004_4_4_an_unreadable_field_test_cell_refuses_the_whole_file(catalogues, tmp_path):
    with pytest.raises(CommandError, match="illisible dans « Session de tests »"):
        _import(tmp_path, _row("INS.01", "peut-être"))
    assert _flags() == {}


def test_000_3_3_the_public_page_names_the_chapters_reviewed_in_session(client, catalogues):
    page = client.get("/dispositifs/MS2-DUI-PDE-Va1-SF/").content.decode()
    assert (
        "celles des chapitres « Gestion de l&#x27;identité nationale de santé », « Cœur de métier »"
    ) in page
    assert "L'instruction ne se termine qu'une fois ces résultats enregistrés." in page
    assert "signalée « Session de tests non tenue dans le délai »" in page
    assert "(hypothèse : les textes ne disent pas ce qui suit un délai dépassé)" in page


def test_004_4_4_a_version_diff_shows_a_change_of_the_field_test_flag(client, catalogues, tmp_path):
    _import(tmp_path, _row("INS.01", "non"))
    _import(tmp_path, _row("INS.01", "oui"))
    versions = Dispositif.objects.get(code="HOP-DPI-Va1").catalogue_versions.order_by("number")
    first, second = [v.number for v in versions][-2:]
    diff = client.get(f"/api/v1/dispositifs/HOP-DPI-Va1/versions/{first}/diff/{second}").json()
    assert diff["changed"] == [{"code": "INS.01", "fields": {"field_test": [False, True]}}]
    page = client.get(f"/dispositifs/HOP-DPI-Va1/versions/{first}/diff/{second}/").content.decode()
    assert "vérifiée en session de tests" in page and "<td>non</td><td>oui</td>" in page


def test_004_4_4_a_version_frozen_before_the_flag_existed_is_not_a_change(catalogues, tmp_path):
    """A snapshot taken before the flag was part of it reads as « not reviewed in session »:
    reloading the same catalogue records no new version and the diff shows nothing."""
    _import(tmp_path, _row("INS.01", "non"))
    version = Dispositif.objects.get(code="HOP-DPI-Va1").catalogue_versions.latest("number")
    older = version.snapshot
    for fields in older["requirements"].values():
        del fields["field_test"]
    CatalogueVersion.objects.filter(pk=version.pk).update(snapshot=older)
    _import(tmp_path, _row("INS.01", "non"))
    assert Dispositif.objects.get(code="HOP-DPI-Va1").catalogue_versions.latest("number") == version
    _import(tmp_path, _row("INS.01", "oui"))
    latest = Dispositif.objects.get(code="HOP-DPI-Va1").catalogue_versions.latest("number")
    assert diff(older, latest.snapshot)["changed"] == [
        {"code": "INS.01", "fields": {"field_test": [False, True]}}
    ]
