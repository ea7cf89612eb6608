from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

from referencement.conformity import validate
from referencement.conformity.cli import main
from referencement.conformity.findings import Severity
from referencement.conformity.stats_csv import COUNTERS

METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0"
  xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><rim:RegistryObjectList>
<rim:ExtrinsicObject id="Document01" mimeType="text/xml">
 <rim:Slot name="URI"><rim:ValueList><rim:Value>DOC0001.XML</rim:Value></rim:ValueList></rim:Slot>
 <rim:Slot name="hash"><rim:ValueList><rim:Value>{hash}</rim:Value></rim:ValueList></rim:Slot>
 <rim:Slot name="size"><rim:ValueList><rim:Value>{size}</rim:Value></rim:ValueList></rim:Slot>
 <rim:ExternalIdentifier identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"
   value="{patient}^^^&amp;1.2.250.1.213.1.4.10&amp;ISO" id="e1" registryObject="Document01"/>
</rim:ExtrinsicObject></rim:RegistryObjectList></lcm:SubmitObjectsRequest>"""


def errors(report) -> set[tuple[str, str]]:
    return {(f.rule, f.location) for f in report.findings if f.severity is Severity.ERREUR}


@pytest.fixture(scope="module")
def cda(cisis: Path) -> bytes:
    return (cisis / "ExemplesCDA/VAC_2023.01.xml").read_bytes()


def xdm(cda: bytes, *, patient: str = "279035121518989", hash_: str = "") -> bytes:
    buffer = io.BytesIO()
    metadata = METADATA.format(
        hash=hash_ or hashlib.sha1(cda).hexdigest(), size=len(cda), patient=patient
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.TXT", "Archive IHE_XDM")
        archive.writestr("INDEX.HTM", "<html></html>")
        archive.writestr("IHE_XDM/SUBSET01/METADATA.XML", metadata)
        archive.writestr("IHE_XDM/SUBSET01/DOC0001.XML", cda)
    return buffer.getvalue()


def test_a_well_formed_xdm_package_passes(cda, installed):
    report = validate(xdm(cda), filename="IHE_XDM.ZIP", schematron_dir=installed)
    assert report.kind == "xdm" and errors(report) == set()


def test_xdm_hash_and_patient_must_match_the_document(cda, installed):
    report = validate(xdm(cda, patient="185057800608436", hash_="0" * 40), schematron_dir=installed)
    where = "IHE_XDM/SUBSET01/METADATA.XML > ExtrinsicObject[1]"
    assert {("xdm.hash", where), ("xdm.patient", where)} <= errors(report)


def test_xdm_layout_requires_readme_index_and_metadata(installed):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("DOC.XML", "<a/>")
    rules = {rule for rule, _ in errors(validate(buffer.getvalue(), filename="a.zip"))}
    assert rules == {"xdm.structure"}


def mail(package: bytes, subject: str, ins: str = "O") -> bytes:
    message = EmailMessage()
    message["From"] = "dr@test-ci-sis.mssante.fr"
    message["To"] = "279035121518989@patient.mssante.fr"
    message["Subject"] = subject
    message["X-MSS-INS"] = ins
    message["X-MSS-CODECDA"] = "11369-6"
    message["X-MSS-NIL"] = "N"
    message["X-MSS-MES"] = "FIN"
    message.set_content("Veuillez trouver ci-joint le document.")
    message.add_attachment(package, maintype="application", subtype="zip", filename="IHE_XDM.ZIP")
    return message.as_bytes()


def test_mssante_message_with_coherent_headers_passes(cda, installed):
    data = mail(xdm(cda), "XDM/1.0/DDM+Note de vaccination PAT-TROIS DOMINIQUE 19790328")
    report = validate(data, filename="message.eml", schematron_dir=installed)
    assert report.kind == "eml" and errors(report) == set()


def test_mssante_subject_and_ins_flag_are_checked(cda, installed):
    report = validate(mail(xdm(cda), "Compte rendu", ins="N"), schematron_dir=installed)
    assert {("eml.objet", "Subject"), ("eml.entetes", "X-MSS-INS")} <= errors(report)


# --- statistics CSV (003 §3.2.5) --------------------------------------------------------

TODAY = date(2025, 3, 15)


def stats(rows: list[list[str]] | None = None, delimiter: str = ";", bom: bool = False) -> bytes:
    header = ["finess", "type_document", "periode", *COUNTERS]
    if rows is None:
        months = [(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 4)]
        rows = [["750000001", "11490-0", f"{y}-{m:02d}", *["3"] * len(COUNTERS)] for y, m in months]
    text = "\n".join(delimiter.join(r) for r in [header, *rows])
    return ("\ufeff" if bom else "").encode() + text.encode()


@pytest.mark.parametrize("delimiter,bom", [(";", False), (",", True)])
def test_statistics_covering_current_and_previous_year_pass(delimiter, bom):
    report = validate(stats(delimiter=delimiter, bom=bom), filename="s.csv", today=TODAY)
    assert report.kind == "csv" and report.findings == []


def test_statistics_counters_must_be_non_negative_integers():
    rows = [["750000001", "11490-0", "2025-01", "-1", *["0"] * (len(COUNTERS) - 1)]]
    report = validate(stats(rows), filename="s.csv", today=TODAY)
    assert ("csv.compteur", "ligne 2") in errors(report)


def test_statistics_missing_months_are_an_error():
    rows = [["750000001", "11490-0", "2025-01", *["0"] * len(COUNTERS)]]
    findings = validate(stats(rows), filename="s.csv", today=TODAY).findings
    assert [f.rule for f in findings] == ["csv.periodes_manquantes"]


def test_statistics_required_columns():
    report = validate(b"finess;periode\n750000001;2025-01\n", filename="s.csv", today=TODAY)
    assert {rule for rule, _ in errors(report)} == {"csv.colonnes"}


# --- CLI --------------------------------------------------------------------------------


def test_cli_exit_code_0_when_no_error(tmp_path, capsys):
    path = tmp_path / "ins.txt"
    path.write_text(
        "matricule: 279035121518989\noid: 1.2.250.1.213.1.4.10\n"
        "nom_naissance: PAT-TROIS\nprenoms: DOMINIQUE\ndate_naissance: 19790328\n"
        "sexe: F\nlieu_naissance: 51215\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 0
    assert "conforme" in capsys.readouterr().out


def test_cli_exit_code_1_and_json_output_on_errors(tmp_path, capsys):
    path = tmp_path / "doc.xml"
    path.write_bytes(b"<pas-un-cda")
    assert main(["validate", str(path), "--format", "json"]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert reports[0]["ok"] is False and reports[0]["summary"]["erreur"] == 1


def test_cli_exit_code_3_when_a_check_could_not_run(cisis, tmp_path, capsys):
    path = cisis / "ExemplesCDA" / "VAC_2023.01.xml"
    empty = tmp_path / "rien"
    empty.mkdir()
    assert main(["validate", str(path), "--schematrons", str(empty)]) == 3
    assert "NON VÉRIFIABLE" in capsys.readouterr().out


def test_cli_help_documents_the_exit_codes(capsys):
    assert main(["validate", "--help"]) == 0
    assert "3  non vérifiable" in capsys.readouterr().out


def test_cli_exit_code_2_on_missing_file_or_bad_usage(tmp_path):
    assert main(["validate", str(tmp_path / "absent.xml")]) == 2
    assert main(["validate", "--kind", "pdf", str(tmp_path)]) == 2
    assert main([]) == 2


def test_cli_install_schematrons_prints_a_table_and_fails_when_one_fails(cisis, tmp_path, capfd):
    # BIO-CR-BIO_2023.01 is broken upstream (an empty file where a folder should be).
    assert main(["install-schematrons", str(cisis), "--dest", str(tmp_path)]) == 1
    assert (tmp_path / "index.json").is_file()
    out, err = capfd.readouterr()
    assert re.search(r"CI-SIS_BIO-CR-BIO_2023\.01\s+ÉCHEC : compilation impossible", out)
    # Issue 17 item 3: the failure reads as one French line, without Saxon's own trace.
    assert "FODC0002" not in err and "java." not in err
    assert re.search(r"CI-SIS_VAC_2023\.01\s+compilé", out)
    assert "58 schématrons compilés, 1 en échec" in out
    # The agency runs its pipeline on Windows: CNAM-HR includes « Sections/ » for the
    # folder « sections/ »; resolved, and said.
    line = next(line for line in out.splitlines() if "CI-SIS_CNAM-HR_2021.01" in line)
    assert "compilé (5 inclusions résolues sans tenir compte de la casse" in line
    assert "CNAM-HR_2021.01/Sections/S_Traitements-CISIS.sch → " in line
