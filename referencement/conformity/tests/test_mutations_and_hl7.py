from __future__ import annotations

import base64
from pathlib import Path

import pytest

from referencement.conformity import validate
from referencement.conformity.findings import Severity

VAC = "ExemplesCDA/VAC_2023.01.xml"


def errors(report) -> set[tuple[str, str]]:
    return {(f.rule, f.location) for f in report.findings if f.severity is Severity.ERREUR}


@pytest.fixture(scope="module")
def vac(cisis: Path) -> bytes:
    return (cisis / VAC).read_bytes()


def test_removing_the_patient_ins_is_an_error(vac, installed):
    mutated = vac.replace(b'root="1.2.250.1.213.1.4.10"', b'root="1.2.250.1.71.4.2.1"', 1)
    report = validate(mutated, filename="vac.xml", schematron_dir=installed)
    assert ("cda.ins", "/ClinicalDocument/recordTarget/patientRole") in errors(report)


def test_breaking_the_nir_key_is_an_error(vac, installed):
    mutated = vac.replace(b'extension="279035121518989"', b'extension="279035121518988"', 1)
    report = validate(mutated, filename="vac.xml", schematron_dir=installed)
    assert ("ins.cle", "/ClinicalDocument/recordTarget/patientRole/id/@extension") in errors(report)


def test_type_code_outside_the_document_list_is_an_error(vac, installed):
    # 004 §5.3: a DPI document list without the vaccination note.
    report = validate(
        vac, filename="vac.xml", document_types={"11490-0", "34874-8"}, schematron_dir=installed
    )
    assert ("cda.type", "/ClinicalDocument/code") in errors(report)
    assert validate(vac, document_types={"11369-6"}, schematron_dir=installed).ok


def test_level_1_and_level_3_are_reported_as_info(vac, installed):
    report = validate(vac, schematron_dir=installed)
    assert [f.message for f in report.findings if f.rule == "cda.niveau"] == [
        "Document CDA R2 de niveau 3 (corps structuré)."
    ]


# --- HL7 v2 -----------------------------------------------------------------------------

SAMPLE_DEFECTS = {
    "message_MDM_CR_Radio_INIT_N1.er7": "OBX-5 holds a placeholder sentence, not a CDA",
    "message_MDM_CR_Radio_RPLC_N1.er7": "the embedded CDA N1 has no setId (CI-SIS header)",
    "message_MDM_CR_Radio_DEL_N1.er7": "the embedded CDA N1 has no setId (CI-SIS header)",
    "message_MDM_CR_Radio_INIT_N1_Base64.er7": "the embedded CDA N1 has no setId",
    "message_ORU_CR_Bio_DEL_N3_SEGUR.hl7": "the CDA patient (277076322082910) is not PID-3",
}


def samples() -> list:
    from .conftest import shared_dir

    paths = sorted((shared_dir() / "hl7v2").rglob("*.er7")) + sorted(
        (shared_dir() / "hl7v2").rglob("*.hl7")
    )
    return [
        pytest.param(
            p,
            id=f"{p.parent.name}/{p.name}",
            marks=[pytest.mark.xfail(reason=SAMPLE_DEFECTS[p.name], strict=True)]
            if p.name in SAMPLE_DEFECTS
            else [],
        )
        for p in paths
    ]


@pytest.mark.parametrize("path", samples())
def test_hl7_samples_pass(path: Path, installed):
    report = validate(path.read_bytes(), filename=path.name, schematron_dir=installed)
    assert report.kind == "hl7"
    assert errors(report) == set()


def test_ack_messages_are_recognised(hl7_samples):
    report = validate((hl7_samples / "MDM/Suppression MDM/ack.er7").read_bytes())
    assert report.ok and [f.rule for f in report.findings] == ["hl7.ack"]


@pytest.fixture(scope="module")
def oru(hl7_samples: Path) -> str:
    path = hl7_samples / "ORU/Transmission initiale ORU/message_ORU_CR_Bio_INIT_N3_SEGUR.hl7"
    return path.read_text(encoding="utf-8")


def check(text: str, installed: Path) -> set[tuple[str, str]]:
    return errors(validate(text.encode(), kind="hl7", schematron_dir=installed))


def test_wrong_msh_21_is_an_error(oru, installed):
    assert ("hl7.profil", "MSH[1]-21") in check(
        oru.replace("2.1^CISIS_CDA_HL7_V2", "2.0"), installed
    )


def test_initial_transmission_with_obx_11_c_is_an_error(oru, installed):
    lines = oru.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("OBX|1|"))
    lines[index] = lines[index].rstrip("|").removesuffix("F") + "C|"
    assert ("hl7.action", "OBX[1]-11") in check("\n".join(lines), installed)


def test_bad_base64_is_an_error(oru, installed):
    assert ("hl7.base64", "OBX[1]-5") in check(
        oru.replace("^Base64^PD94", "^Base64^P*94", 1), installed
    )


def test_pid_3_different_from_the_cda_patient_is_an_error(oru, installed):
    changed = oru.replace("PID|||279035121518989", "PID|||185057800608436", 1)
    assert ("hl7.patient", "PID[1]-3") in check(changed, installed)


def test_swapped_segments_are_an_error(oru, installed):
    lines = oru.split("\n")
    lines[1], lines[2] = lines[2], lines[1]  # PV1 before PID
    assert ("hl7.ordre", "PV1[1]") in check("\n".join(lines), installed)


def test_cda_findings_inside_obx_5_are_prefixed(oru, installed):
    payload = oru.split("^Base64^", 1)[1].split("|", 1)[0]
    cda = base64.b64decode(payload + "=" * (-len(payload) % 4))
    broken = cda.replace(b'extension="279035121518989"', b'extension="279035121518988"', 1)
    text = oru.replace(payload, base64.b64encode(broken).decode())
    assert any(
        rule == "ins.cle" and location.startswith("OBX[1]-5 > /ClinicalDocument")
        for rule, location in check(text, installed)
    )
