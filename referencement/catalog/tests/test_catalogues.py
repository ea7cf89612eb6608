"""The shipped catalogue files and their loading (DESIGN §3)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from referencement.audit.models import AuditEvent
from referencement.catalog.actions import load_all_catalogues, load_catalogue
from referencement.catalog.catalogue_files import (
    CATALOGUE_DIR,
    CatalogueError,
    check_catalogue,
    read_catalogue,
)
from referencement.catalog.choices import CatalogStatus, DelayUnit
from referencement.catalog.models import Dispositif, Requirement

pytestmark = pytest.mark.django_db
CODES = {"MS2-DUI-PDE-Va1-SF", "MS-DUI-Va2", "MDV-LGC-Va1-SF", "HOP-PFI-Va2", "HOP-DPI-Va1"}


def test_the_five_dispositifs_are_loaded(catalogues) -> None:
    assert set(Dispositif.objects.values_list("code", flat=True)) == CODES


def test_loading_twice_changes_nothing(catalogues) -> None:
    events = AuditEvent.objects.count()
    assert set(load_all_catalogues().values()) == {None}
    assert AuditEvent.objects.count() == events


def test_ms_dui_carries_every_requirement_id_of_001_section_3_2(ms_dui) -> None:
    requirements = Requirement.objects.filter(dispositif=ms_dui)
    assert requirements.count() == 414
    vt = requirements.get(code="MS.CDM/VT.46")
    assert [p.code for p in vt.profiles.all()] == ["PH-AVEC-DECISION"]
    assert requirements.get(code="INS/va1.64").perimeter == "vague_1"
    assert set(
        requirements.get(code="MS.RPT/APISIDOBA.01").profiles.values_list("code", flat=True)
    ) == {"PA", "PH-AVEC-DECISION", "PH-SANS-DECISION", "DOM-SOINS", "DOM-SANS-SOINS"}


def test_rule_parameters_differ_as_data(catalogues) -> None:
    # 001 §4.3–4.4 versus 003 §4.2–4.4.
    ms = Dispositif.objects.get(code="MS-DUI-Va2")
    pfi = Dispositif.objects.get(code="HOP-PFI-Va2")
    assert (ms.admin_response_delay, ms.admin_response_unit, ms.admin_late_rejects) == (
        10,
        DelayUnit.WORKING_DAYS,
        False,
    )
    assert (pfi.admin_response_delay, pfi.admin_late_rejects) == (5, True)
    assert (pfi.queue_guarantee_delay, pfi.queue_guarantee_unit) == (24, DelayUnit.HOURS)


def test_sans_financement_parameters_are_marked_as_assumptions(catalogues) -> None:
    lgc = Dispositif.objects.get(code="MDV-LGC-Va1-SF")
    assert lgc.is_assumed("admin_response") and lgc.dates_advisory
    assert not Dispositif.objects.get(code="MS-DUI-Va2").assumed_parameters


def test_the_pde_catalogue_is_marked_reconstructed(catalogues) -> None:
    pde = Dispositif.objects.get(code="MS2-DUI-PDE-Va1-SF")
    assert "3.2.12" in pde.catalogue_note
    assert pde.requirements.filter(code__startswith="PDE.").count() == 55
    assert not pde.requirements.filter(code__startswith="DUI.").exists()


def test_a_newer_file_without_a_requirement_retires_it(catalogues, tmp_path) -> None:
    source = CATALOGUE_DIR / "HOP-PFI-Va2.yaml"
    data = yaml.safe_load(source.read_text())
    data["requirements"][0]["ids"].remove("PFI.CDA/HL7.01")
    newer = tmp_path / "HOP-PFI-Va2.yaml"
    newer.write_text(yaml.safe_dump(data, allow_unicode=True))
    shutil.copytree(CATALOGUE_DIR / "charters", tmp_path / "charters")  # beside the YAML
    report = load_catalogue(read_catalogue(newer))
    assert report.counts["requirements_retired"] == 1
    retired = Requirement.objects.get(code="PFI.CDA/HL7.01")
    assert retired.status == CatalogStatus.RETIRED


def test_an_extra_evidence_exemption_names_known_profiles_and_its_source_001_3_1() -> None:
    data = yaml.safe_load((CATALOGUE_DIR / "MS-DUI-Va2.yaml").read_text())
    data["extra_evidence"][0]["exempt_profiles"] = ["AHI", "INCONNU"]
    del data["extra_evidence"][1]["exemption_source"]
    problems = check_catalogue(data)
    assert "extra_evidence[1] : profil inconnu « INCONNU »." in problems
    assert "extra_evidence[2] : exemption_source obligatoire avec exempt_profiles." in problems


def test_schema_errors_name_the_place_in_the_file(tmp_path) -> None:
    data = yaml.safe_load((CATALOGUE_DIR / "HOP-DPI-Va1.yaml").read_text())
    data["parameters"]["queue_basis"] = "au hasard"
    data["profiles"][0]["colour"] = "bleu"
    problems = check_catalogue(data)
    assert "profiles[1] : clé inconnue « colour »." in problems
    assert any(p.startswith("parameters.queue_basis : « au hasard »") for p in problems)
    broken = tmp_path / "broken.yaml"
    broken.write_text("code: [unclosed")
    with pytest.raises(CatalogueError, match="broken.yaml"):
        read_catalogue(broken)


def test_every_parameter_names_its_source_issue_12() -> None:
    data = yaml.safe_load((CATALOGUE_DIR / "MS-DUI-Va2.yaml").read_text())
    del data["parameters"]["sources"]["candidates_public"]
    del data["parameters"]["sources"]["complete_dossier"]
    del data["parameters"]["queue_guarantee"]["source"]
    del data["milestones"][0]["source"]
    data["parameters"]["sources"]["obsolete"] = "001 §9"
    problems = check_catalogue(data)
    assert "parameters.sources : source absente pour « candidates_public »." in problems
    assert "parameters.sources : source absente pour « complete_dossier »." in problems
    assert "parameters.queue_guarantee : clé obligatoire « source » absente." in problems
    assert "milestones[1] : clé obligatoire « source » absente." in problems
    assert (
        "parameters.sources : « obsolete » n'est ni un paramètre du fichier ni une règle citée."
        in problems
    )


def test_the_evidence_deadline_names_a_date_of_the_calendar_004_4_4() -> None:
    data = yaml.safe_load((CATALOGUE_DIR / "HOP-DPI-Va1.yaml").read_text())
    data["parameters"]["evidence_deadline"]["milestone"] = 2
    problems = check_catalogue(data)
    assert problems == ["parameters.evidence_deadline.milestone : Date 2 absente des milestones."]
