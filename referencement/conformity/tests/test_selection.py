"""Choosing the schematron as the agency does (issue 13 items 2, 3, 4, 6) and the fourth
verdict « non vérifiable »: a document is never « conforme » unless every check ran."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from referencement.conformity import schematron, validate
from referencement.conformity.findings import Severity, Verdict
from referencement.conformity.volets import VoletData
from referencement.conformity.xmlsafe import parse_xml

EXAMPLES = "ExemplesCDA"


@pytest.fixture(scope="module")
def vac(cisis: Path) -> bytes:
    return (cisis / EXAMPLES / "VAC_2023.01.xml").read_bytes()


def without(installed: Path, tmp_path: Path, *names: str) -> Path:
    """An installation like ``installed`` where the named schematrons failed to install."""
    for folder in ("compiled", "jeuxDeValeurs", "infrastructure"):
        (tmp_path / folder).symlink_to(installed / folder)
    index = json.loads((installed / "index.json").read_text(encoding="utf-8"))
    for name in names:
        index.pop(name)
    (tmp_path / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return tmp_path


def not_info(report) -> list:
    return [f for f in report.findings if f.severity is not Severity.INFO]


def test_a_volet_whose_schematron_failed_is_never_checked_with_a_sibling(vac, installed, tmp_path):
    # VAC and VAC-NOTE share nothing but their family; VAC missing must not mean VAC-NOTE.
    report = validate(vac, schematron_dir=without(installed, tmp_path, "CI-SIS_VAC_2023.01"))
    [finding] = not_info(report)
    assert finding.severity is Severity.NON_VERIFIABLE
    assert "1.2.250.1.213.1.1.1.37" in finding.message
    assert report.verdict is Verdict.NON_VERIFIABLE
    assert not report.ok


def test_a_card_document_is_not_checked_with_the_other_card_volets(cisis, installed, tmp_path):
    # CARD-F-PRC-TAP shares its code and its parent templateId …2.1 with DCI, PPV, AVK, PSC.
    data = (cisis / EXAMPLES / "CARD-F-PRC-TAP_2022.01.xml").read_bytes()
    report = validate(
        data, schematron_dir=without(installed, tmp_path, "CI-SIS_CARD-F-PRC-TAP_2022.01")
    )
    assert [f.rule for f in not_info(report)] == ["cda.schematron"]
    assert report.verdict is Verdict.NON_VERIFIABLE


def test_an_unknown_version_is_not_checked_with_the_newest_rules(vac, installed):
    report = validate(
        vac.replace(b'extension="2023.01"', b'extension="2021.01"', 1), schematron_dir=installed
    )
    [finding] = not_info(report)
    assert finding.severity is Severity.NON_VERIFIABLE
    assert "version 2021.01" in finding.message and "versions installées 2023.01" in finding.message


def test_a_version_declared_compatible_is_used_with_a_warning_naming_the_versions(cisis, installed):
    data = (cisis / EXAMPLES / "BIO-CR-BIO_2024.01_TSH_1.xml").read_bytes()
    tree, _ = parse_xml(data)
    index = schematron.load_index(installed)
    oid = "1.2.250.1.213.1.1.1.55"
    compatible = VoletData(compatible_versions={oid: [["2021.01", "2024.01"]]})
    selection = schematron.select(tree.getroot(), index, compatible)
    assert selection.schematron is not None
    assert selection.schematron.name == "CI-SIS_BIO-CR-BIO_2024.01"
    [finding] = selection.findings
    assert finding.severity is Severity.AVERTISSEMENT
    assert "versions installées 2021.01, 2024.01" in finding.message
    assert "version 2024.01 appliquées" in finding.message
    assert schematron.select(tree.getroot(), index, VoletData()).schematron is None


def test_a_templateid_code_conflict_is_reported_first_in_one_line(cisis, installed):
    # A VAC-NOTE document (code 87273-9) carrying the VAC templateId.
    data = (cisis / EXAMPLES / "VAC_2023.01.xml").read_bytes()
    mutated = re.sub(rb'<code code="11369-6"', b'<code code="87273-9"', data, count=1)
    report = validate(mutated, schematron_dir=installed)
    [finding] = not_info(report)
    assert finding.rule == "cda.volet"
    assert "1.2.250.1.213.1.1.1.37" in finding.message and "87273-9" in finding.message
    assert "\n" not in finding.message


def test_the_processing_instruction_never_selects_the_schematron(vac, installed):
    hinted = vac.replace(b"CI-SIS_VAC_2023.01.sch", b"CI-SIS_VAC-NOTE_2023.01.sch")
    report = validate(hinted, schematron_dir=installed)
    assert [f.schematron for f in report.findings if f.schematron][:1] == ["CI-SIS_VAC_2023.01"]


def test_no_installed_schematron_is_never_conforme(vac, tmp_path):
    report = validate(vac, schematron_dir=tmp_path)
    assert report.verdict is Verdict.NON_VERIFIABLE
    assert {f.rule for f in report.findings if f.severity is Severity.NON_VERIFIABLE} == {
        "cda.xsd",
        "cda.schematron",
    }


def test_a_schematron_that_fails_to_run_is_non_verifiable_not_a_warning(vac, installed, tmp_path):
    broken = without(installed, tmp_path, "CI-SIS_VAC_2023.01")
    index = json.loads((installed / "index.json").read_text(encoding="utf-8"))
    entry = {**index["CI-SIS_VAC_2023.01"], "file": "broken.xsl"}
    (tmp_path / "broken.xsl").write_text("<not-a-stylesheet/>", encoding="utf-8")
    (tmp_path / "index.json").write_text(
        json.dumps({"CI-SIS_VAC_2023.01": entry}), encoding="utf-8"
    )
    report = validate(vac, schematron_dir=broken)
    [finding] = not_info(report)
    assert finding.severity is Severity.NON_VERIFIABLE
    assert "n'a pas pu s'exécuter" in finding.message


def test_the_index_lists_every_volet_oid_and_version(installed):
    index = schematron.load_index(installed)
    unknown = {s.name for s in index if not s.volet_oid}
    # CI-SIS_TLM-CR_2022.01 names no templateId and no example shows it: reported at install.
    assert unknown == {"CI-SIS_TLM-CR_2022.01"}
    assert all(s.version for s in index)
    by_name = {s.name: s for s in index}
    assert by_name["CI-SIS_CSE-MDE_2023.01"].volet_oid == "1.2.250.1.213.1.1.1.5.4"
    assert by_name["CI-SIS_BIO-CR-BIO_2021.01"].volet_oid == "1.2.250.1.213.1.1.1.55"
    assert by_name["CI-SIS_CARD-F-PRC-DCI_2022.01"].volet_oid == "1.2.250.1.213.1.1.1.2.1.3"
