"""Mutated copies of an agency example each give the expected single finding (issue 13,
Done when): the example itself is conforme, so the finding is the mutation's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from referencement.conformity import validate
from referencement.conformity.findings import Severity, Verdict

DLU = "ExemplesCDA/DLU-EHPAD-DLU_2022.01.xml"
_CDA = {"c": "urn:hl7-org:v3"}
PATIENT = "/ClinicalDocument/recordTarget/patientRole"


@pytest.fixture(scope="module")
def dlu(cisis: Path) -> bytes:
    return (cisis / DLU).read_bytes()


def single(data: bytes, installed: Path):
    report = validate(data, filename="dlu.xml", schematron_dir=installed)
    findings = [f for f in report.findings if f.severity is not Severity.INFO]
    assert len(findings) == 1, findings
    return report.verdict, findings[0]


def test_the_example_itself_is_conforme(dlu, installed):
    assert validate(dlu, schematron_dir=installed).verdict is Verdict.CONFORME


def test_removing_the_mandatory_added_documents_section(dlu, installed):
    root = etree.fromstring(dlu)
    [component] = root.xpath(
        "c:component/c:structuredBody/c:component[c:section/c:templateId"
        "[@root='1.2.250.1.213.1.1.2.37']]",
        namespaces=_CDA,
    )
    component.getparent().remove(component)
    verdict, finding = single(etree.tostring(root), installed)
    assert verdict is Verdict.NON_CONFORME
    assert finding.schematron == "CI-SIS_DLU-EHPAD-DLU_2022.01"
    assert "Documents ajoutés" in finding.message


def test_an_unknown_volet_templateid(dlu, installed):
    mutated = dlu.replace(b'root="1.2.250.1.213.1.1.1.22"', b'root="1.2.250.1.213.1.1.1.99"', 1)
    verdict, finding = single(mutated, installed)
    assert verdict is Verdict.NON_VERIFIABLE
    assert finding.rule == "cda.schematron"


def test_a_wrong_code_system_for_the_document_type(dlu, installed):
    mutated = re.sub(
        rb'(<code code="74207-2"[^>]*codeSystem=")2\.16\.840\.1\.113883\.6\.1"',
        rb'\g<1>2.16.840.1.113883.6.96"',
        dlu,
        count=1,
    )
    verdict, finding = single(mutated, installed)
    assert verdict is Verdict.NON_CONFORME
    assert finding.location.startswith("/")
    assert "codeSystem" in finding.message


def test_a_broken_nir_key(dlu, installed):
    mutated = dlu.replace(b'extension="279035121518989"', b'extension="279035121518988"', 1)
    verdict, finding = single(mutated, installed)
    assert (verdict, finding.rule) == (Verdict.NON_CONFORME, "ins.cle")
    assert finding.location == f"{PATIENT}/id/@extension"


def test_a_second_ins_with_a_wrong_key_is_checked_too(dlu, installed):
    # Issue 13 item 8: an NIA beside the NIR, with a wrong key.
    nia = b'<id extension="279035121518989" root="1.2.250.1.213.1.4.10"/>'
    assert nia in dlu
    mutated = dlu.replace(
        nia, nia + b'<id extension="279035121518900" root="1.2.250.1.213.1.4.9"/>', 1
    )
    verdict, finding = single(mutated, installed)
    assert (verdict, finding.rule) == (Verdict.NON_CONFORME, "ins.cle")
    assert finding.location == f"{PATIENT}/id[@root='1.2.250.1.213.1.4.9']/@extension"


def test_malformed_xml(dlu, installed):
    verdict, finding = single(dlu[:-40], installed)
    assert (verdict, finding.rule) == (Verdict.NON_CONFORME, "cda.xml")


def test_a_missing_birth_place_is_an_error_as_in_the_structuration_minimale_profile(dlu, installed):
    # CI-SIS StructurationMinimale, rule SMDS_CDAClinicalDocument: with an INS, the birth
    # place (COG code) is a mandatory trait.
    root = etree.fromstring(dlu)
    [birthplace] = root.xpath("//c:patient/c:birthplace", namespaces=_CDA)
    birthplace.getparent().remove(birthplace)
    verdict, finding = single(etree.tostring(root), installed)
    assert (verdict, finding.rule) == (Verdict.NON_CONFORME, "ins.traits")
    assert finding.location == f"{PATIENT}/patient/birthplace/place/addr/county"
