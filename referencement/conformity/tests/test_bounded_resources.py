"""Issue 13 item 9: bounded resources. A hostile or huge input ends in a finding, never in
an exception, a hang or the whole archive in memory (timings: benchmarks/)."""

from __future__ import annotations

import hashlib
import importlib
import io
import random
import zipfile
from pathlib import Path

import pytest

from referencement.conformity import validate
from referencement.conformity.findings import Severity, Verdict
from referencement.conformity.safezip import ZipReader

# The package re-exports the function under the module's name.
validate_module = importlib.import_module("referencement.conformity.validate")
ENTRY = """<rim:ExtrinsicObject id="D{n}" mimeType="text/xml">
 <rim:Slot name="URI"><rim:ValueList><rim:Value>DOC0001.XML</rim:Value></rim:ValueList></rim:Slot>
 <rim:Slot name="hash"><rim:ValueList><rim:Value>{hash}</rim:Value></rim:ValueList></rim:Slot>
 <rim:ExternalIdentifier identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"
   value="279035121518989^^^&amp;1.2.250.1.213.1.4.10&amp;ISO" id="e{n}" registryObject="D{n}"/>
</rim:ExtrinsicObject>"""


def xdm_with_references(cda: bytes, count: int, extra: dict[str, bytes] | None = None) -> bytes:
    entries = "".join(ENTRY.format(n=n, hash=hashlib.sha1(cda).hexdigest()) for n in range(count))
    metadata = (
        '<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" '
        'xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><rim:RegistryObjectList>'
        f"{entries}</rim:RegistryObjectList></lcm:SubmitObjectsRequest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.TXT", "Archive IHE_XDM")
        archive.writestr("INDEX.HTM", "<html></html>")
        archive.writestr("IHE_XDM/SUBSET01/METADATA.XML", metadata)
        archive.writestr("IHE_XDM/SUBSET01/DOC0001.XML", cda)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def vac(cisis: Path) -> bytes:
    return (cisis / "ExemplesCDA" / "VAC_2023.01.xml").read_bytes()


def test_a_document_referenced_1000_times_is_validated_once(vac, installed):
    report = validate(xdm_with_references(vac, 1000), schematron_dir=installed)
    assert report.verdict is Verdict.CONFORME
    applied = [f for f in report.findings if f.schematron and f.severity is Severity.INFO]
    assert len(applied) == 1


def test_entries_the_metadata_does_not_reference_are_never_decompressed(vac, installed):
    # 4 MiB that no ExtrinsicObject names.
    noise = random.Random(13).randbytes(4 * 1024 * 1024)
    data = xdm_with_references(vac, 1, {"IHE_XDM/SUBSET01/NOISE.BIN": noise})
    with ZipReader(data) as reader:
        assert "IHE_XDM/SUBSET01/NOISE.BIN" in reader.names
        assert reader.spent == 0
    assert validate(data, schematron_dir=installed).verdict is Verdict.CONFORME


def test_a_deeply_nested_message_is_refused_before_parsing():
    head = b"From: a@b.fr\r\nTo: c@d.fr\r\nSubject: XDM/1.0/DDM+x\r\nMIME-Version: 1.0\r\n"
    nested = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(5000)
    )
    report = validate(head + nested, filename="m.eml")
    assert [(f.rule, f.severity) for f in report.findings] == [("eml.format", Severity.ERREUR)]


def test_a_checker_exception_is_a_non_verifiable_finding_with_its_reason(vac, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("templateId")

    monkeypatch.setattr(validate_module, "check_cda", broken)
    report = validate(vac, filename="vac.xml")
    [finding] = report.findings
    assert finding.severity is Severity.NON_VERIFIABLE
    assert "KeyError" in finding.message
    assert report.verdict is Verdict.NON_VERIFIABLE
