"""``validate --format junit|sarif`` for editors' CI (issue 13): one JUnit test case per
check, SARIF 2.1.0 results with the rule, the location and the « non vérifiable » kind."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from referencement.conformity.cli import main


@pytest.fixture
def two_files(cisis: Path, tmp_path: Path) -> list[str]:
    broken = tmp_path / "cle.xml"
    vac = (cisis / "ExemplesCDA" / "VAC_2023.01.xml").read_bytes()
    broken.write_bytes(vac.replace(b'extension="279035121518989"', b'extension="279035121518988"'))
    return [str(broken), str(cisis / "ExemplesCDA" / "VAC_2023.01.xml")]


def test_junit_has_one_test_case_per_check_and_errors_for_unrun_checks(two_files, tmp_path, capsys):
    empty = tmp_path / "aucun"
    empty.mkdir()
    assert main(["validate", *two_files, "--format", "junit", "--schematrons", str(empty)]) == 1
    suites = ET.fromstring(capsys.readouterr().out)
    broken, clean = suites.findall("testsuite")
    cases = {case.get("name"): case for case in broken.findall("testcase")}
    assert cases["ins.cle"].find("failure") is not None
    assert cases["cda.schematron"].find("error") is not None  # non vérifiable, not a pass
    assert (broken.get("failures"), clean.get("failures")) == ("1", "0")
    assert clean.get("errors") == "2"  # XSD and schematron could not run


def test_sarif_is_2_1_0_with_rule_location_and_open_kind(two_files, installed, capsys):
    broken = two_files[:1]
    assert main(["validate", *broken, "--format", "sarif", "--schematrons", str(installed)]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    [run] = sarif["runs"]
    assert run["tool"]["driver"]["name"] == "referencement-validate"
    [result] = run["results"]
    assert (result["ruleId"], result["level"], result["kind"]) == ("ins.cle", "error", "fail")
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == broken[0]
    assert location["logicalLocations"][0]["fullyQualifiedName"].endswith("id/@extension")


def test_sarif_reports_a_check_that_could_not_run_as_open(two_files, tmp_path, capsys):
    empty = tmp_path / "aucun"
    empty.mkdir()
    assert main(["validate", two_files[1], "--format", "sarif", "--schematrons", str(empty)]) == 3
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert {(r["ruleId"], r["kind"], r["level"]) for r in results} == {
        ("cda.xsd", "open", "none"),
        ("cda.schematron", "open", "none"),
    }
    assert all(r["properties"]["severity"] == "non vérifiable" for r in results)
