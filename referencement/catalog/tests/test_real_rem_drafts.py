"""The agency's real wave-2 draft REM rows import whole and round-trip (issue 14 item 1).

The files are read from the shared reference folder, never copied into the project.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from referencement.catalog.actions import ImportRefused, import_rem
from referencement.catalog.choices import CatalogStatus
from referencement.catalog.exports import export_catalogue
from referencement.catalog.models import Dispositif, EvidenceSpec, Requirement
from referencement.lib.rem_sheets import cell, parse_rem, read_table

pytestmark = pytest.mark.django_db

DRAFTS = [
    # (file, dispositif, requirements, profiles the file names)
    ("real-draft-rows-dpi.xlsx", "HOP-DPI-Va1", 212, 7),
    ("real-draft-rows-lgc.xlsx", "MDV-LGC-Va1-SF", 269, 9),
]


def _rows(path):
    workbook = load_workbook(path, read_only=True)
    try:
        return [row for row in workbook.worksheets[0].iter_rows(values_only=True)][1:]
    finally:
        workbook.close()  # a read-only workbook keeps its file open until closed


def _import(dispositif, source, name):
    return import_rem(dispositif, parse_rem(read_table(source, name)), filename=name)


@pytest.mark.parametrize(("name", "code", "count", "profiles"), DRAFTS)
def test_a_real_draft_imports_its_profiles_statements_scenarios_and_proofs(
    shared_dir, catalogues, name, code, count, profiles
) -> None:
    path = shared_dir / "rem" / name
    if not path.exists():
        pytest.skip(f"{path} absent")
    dispositif = Dispositif.objects.get(code=code)
    report = _import(dispositif, path, name)
    active = dispositif.requirements.filter(status=CatalogStatus.ACTIVE)
    assert active.count() == count == report.counts["requirements_created"]
    named = {p.casefold() for row in _rows(path) for p in str(row[6]).split(";")}
    assert len(named) == profiles
    # Profiles are matched without regard to case (« Médecin traitant » is the YAML's).
    assert {p.casefold() for p in dispositif.profiles.values_list("label", flat=True)} >= named
    for values in _rows(path):
        requirement = Requirement.objects.get(dispositif=dispositif, code=values[1])
        assert requirement.text == cell(values[4])
        assert requirement.profiles.filter(label__iexact=values[6]).exists()
        specs = EvidenceSpec.objects.filter(
            scenario__requirement=requirement, scenario__code=cell(values[7])
        )
        assert specs.filter(text=cell(values[10])).exists(), values[9]
        if values[8]:
            assert requirement.scenarios.get(code=values[7]).text == cell(values[8])


@pytest.mark.parametrize(("name", "code", "count", "profiles"), DRAFTS)
def test_a_real_draft_round_trips_through_export(
    shared_dir, catalogues, name, code, count, profiles
) -> None:
    path = shared_dir / "rem" / name
    if not path.exists():
        pytest.skip(f"{path} absent")
    dispositif = Dispositif.objects.get(code=code)
    _import(dispositif, path, name)
    for fmt in ("xlsx", "csv"):
        out = io.BytesIO()
        export_catalogue(dispositif, out, fmt=fmt)
        out.seek(0)
        assert _import(dispositif, out, f"export.{fmt}").changed == 0


def test_the_new_profiles_are_optional_and_carry_no_rule(shared_dir, catalogues) -> None:
    path = shared_dir / "rem" / "real-draft-rows-dpi.xlsx"
    if not path.exists():
        pytest.skip(f"{path} absent")
    dispositif = Dispositif.objects.get(code="HOP-DPI-Va1")
    report = _import(dispositif, path, path.name)
    created = {p["label"]: p for p in report.new_profiles}
    assert "IE Usagers" in created and "Général" not in created
    profile = dispositif.profiles.get(label="IE Usagers")
    assert profile.code == created["IE Usagers"]["code"] == "IE-USAGERS"
    assert not profile.mandatory
    assert not dispositif.rules.filter(profiles=profile).exists()
    assert len(created["IE Usagers"]["requirements"]) == profile.requirements.count()


def test_one_bad_row_in_a_real_draft_changes_nothing_and_is_named(
    shared_dir, catalogues, tmp_path
) -> None:
    path = shared_dir / "rem" / "real-draft-rows-lgc.xlsx"
    if not path.exists():
        pytest.skip(f"{path} absent")
    workbook = load_workbook(path)
    workbook.active.cell(row=100, column=1, value="Vague 7")
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    dispositif = Dispositif.objects.get(code="MDV-LGC-Va1-SF")
    with pytest.raises(ImportRefused) as refused:
        _import(dispositif, broken, broken.name)
    assert [str(e) for e in refused.value.errors] == [
        "Ligne 100 : périmètre illisible (attendu « Vague 1 » ou « Vague 2 »)."
    ]
    assert dispositif.requirements.count() == 0
    assert not dispositif.profiles.filter(label="Suivi de l'enfant").exists()
