"""Every agency example through the public entry point ``validate()``, selection included
(issue 13 item 10): the schematron chosen is the one the document's own ``SCHSchema``
processing instruction names, and the verdict is the agency pipeline's (no failed
assertion), except where listed below with the reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from referencement.conformity import validate
from referencement.conformity.findings import Severity, Verdict

from .conftest import example_paths

_PI = re.compile(rb'<\?oxygen SCHSchema="[^"]*/schematrons/(CI-SIS_[^"/]+)\.sch"\?>')

VERSIONLESS = (
    "the volet templateId 1.2.250.1.213.1.1.1.55 carries no @extension and several "
    "BIO-CR-BIO versions are installed, none declared compatible (data/volets.yaml): the "
    "agency picks the schematron by the processing instruction, which is never the selector"
)
# Selection differs from the processing instruction, with the reason.
SELECTION_EXCEPTIONS = {
    "BIO-CR-BIO_2021.01_Auto-Presentable.xml": VERSIONLESS,
    "BIO-CR-BIO_2021.01_CR-2nde-intention.xml": VERSIONLESS,
    "BIO-CR-BIO_2021.01_Microbiologie_V1.xml": VERSIONLESS,
    "BIO-CR-BIO_2021.01_Microbiologie_V2.xml": VERSIONLESS,
    "BIO-CR-BIO_2024.01_TSH_1.xml": VERSIONLESS,
    "BIO-CR-BIO_2024.01_TSH_2.xml": VERSIONLESS,
}
NIR_KEY = (
    "real defect the agency rules do not check: the INS-NIR key is not 97 − (13 digits mod 97)"
)
NIR_BIRTH = (
    "real defect the agency rules do not check: the birth year and month of the INS-NIR "
    "(79, 03) are not the patient's birth date (1976-05)"
)
# Verdict differs from the agency pipeline's « valid », with the reason.
VERDICT_EXCEPTIONS = {
    **{name: (Verdict.NON_VERIFIABLE, reason) for name, reason in SELECTION_EXCEPTIONS.items()},
    "01_Modèles_contenus_CDA.xml": (
        Verdict.NON_VERIFIABLE,
        "structured document declaring the VSM volet templateId without @extension; two VSM "
        "versions installed, none declared compatible",
    ),
    "CSE-CS24_2024.01.xml": (Verdict.NON_CONFORME, NIR_KEY),
    "CSE-CS24_2025.01.xml": (Verdict.NON_CONFORME, NIR_KEY),
    "CSE-CS8_2025.01.xml": (Verdict.NON_CONFORME, NIR_KEY),
    "CSE-CS9_2024.01.xml": (Verdict.NON_CONFORME, NIR_KEY),
    "CSE-MDE_2023.01.xml": (Verdict.NON_CONFORME, NIR_KEY),
    "OBP-SNE_2024.01.xml": (Verdict.NON_CONFORME, NIR_KEY),
    "CANCER-PPS_2022.01_Autopresentable.xml": (Verdict.NON_CONFORME, NIR_BIRTH),
}


def named_schematron(data: bytes) -> str | None:
    match = _PI.search(data[:8192])
    return match.group(1).decode() if match else None


def applied(report) -> list[str]:
    return [f.schematron for f in report.findings if f.rule == "cda.schematron" and f.schematron]


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in example_paths()])
def test_the_selected_schematron_is_the_one_the_document_names(path: Path, installed: Path):
    data = path.read_bytes()
    report = validate(data, filename=path.name, schematron_dir=installed)
    expected = named_schematron(data)
    if path.name in SELECTION_EXCEPTIONS:
        assert applied(report) == []
        assert report.verdict is Verdict.NON_VERIFIABLE, SELECTION_EXCEPTIONS[path.name]
        return
    assert applied(report) == ([expected] if expected else [])


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in example_paths()])
def test_every_example_gets_the_agency_verdict(path: Path, installed: Path):
    report = validate(path.read_bytes(), filename=path.name, schematron_dir=installed)
    expected, reason = VERDICT_EXCEPTIONS.get(path.name, (None, ""))
    if expected is Verdict.NON_CONFORME:
        errors = {f.rule for f in report.findings if f.severity is Severity.ERREUR}
        assert errors == ({"ins.coherence"} if reason == NIR_BIRTH else {"ins.cle"}), reason
    if expected is not None:
        assert report.verdict is expected, reason
        return
    assert report.ok, [f for f in report.findings if f.severity is not Severity.INFO]


def test_schematron_findings_name_their_schematron_version_and_rule(cisis: Path, installed):
    data = (cisis / "ExemplesCDA" / "DLU-EHPAD-DLU_2022.01.xml").read_bytes()
    mutated = validate(
        re.sub(
            rb'(<code code="74207-2"[^>]*codeSystem=")2.16.840.1.113883.6.1"',
            rb'\g<1>2.16.840.1.113883.6.96"',
            data,
            count=1,
        ),
        schematron_dir=installed,
    )
    [finding] = [f for f in mutated.findings if f.severity is Severity.ERREUR]
    assert finding.schematron == "CI-SIS_DLU-EHPAD-DLU_2022.01"
    assert finding.version == "2022.01"
    assert finding.rule_id
    assert finding.location.startswith("/")


def test_a_self_presenting_document_is_validated_through_its_embedded_cda(cisis, installed):
    path = cisis / "ExemplesCDA" / "CANCER-PPS_2022.01_Autopresentable.xml"
    report = validate(path.read_bytes(), filename=path.name, schematron_dir=installed)
    assert report.findings[0].rule == "cda.autopresentable"
    assert applied(report) == ["CI-SIS_CANCER-PPS_2022.01"]
    assert {f.rule for f in report.findings if f.severity is Severity.ERREUR} == {"ins.coherence"}
