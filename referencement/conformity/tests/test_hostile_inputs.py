"""Hostile inputs give findings, never exceptions, hangs or leaked content."""

from __future__ import annotations

import io
import stat
import struct
import zipfile

import pytest

from referencement.conformity import validate
from referencement.conformity.findings import Severity
from referencement.conformity.safezip import SafeZipError, ZipLimits, iter_entries


def zip_of(entries: dict[str, bytes], *, symlink: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def error_rules(report) -> set[str]:
    return {f.rule for f in report.findings if f.severity is Severity.ERREUR}


def test_xxe_to_a_local_file_is_refused_and_never_read():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<ClinicalDocument xmlns="urn:hl7-org:v3"><title>&x;</title></ClinicalDocument>'
    )
    report = validate(xxe, filename="x.xml")
    assert error_rules(report) == {"cda.xml"}
    assert "root:" not in str(report.to_dict())


def test_xxe_hidden_in_utf16_is_refused():
    xxe = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x SYSTEM '
        '"file:///etc/passwd">]><r>&x;</r>'
    ).encode("utf-16")
    report = validate(xxe, filename="x.xml", kind="cda")
    assert not report.ok and "root:" not in str(report.to_dict())


def test_billion_laughs_is_refused_quickly():
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<!DOCTYPE r [<!ENTITY l0 "ha">{entities}]><r>&l9;</r>'.encode()
    assert error_rules(validate(bomb, filename="b.xml")) == {"cda.xml"}


def test_non_xml_file_named_xml_is_a_finding():
    report = validate(b"%PDF-1.4 not xml", filename="document.xml")
    assert report.kind == "cda" and error_rules(report) == {"cda.xml"}


def test_empty_file_is_a_finding():
    report = validate(b"", filename="vide.xml")
    assert error_rules(report) == {"fichier.vide"}


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "a/../../evil", "C:/evil"])
def test_traversal_and_absolute_paths_in_a_zip_are_refused(name):
    report = validate(zip_of({"README.TXT": b"x", name: b"x"}), filename="x.zip")
    assert error_rules(report) == {"xdm.zip"}


def test_symlinks_in_a_zip_are_refused():
    with pytest.raises(SafeZipError, match="Lien symbolique"):
        read_all(zip_of({"a.txt": b"x"}, symlink="IHE_XDM/SUBSET01/link"))


def test_zip_bomb_is_stopped_by_the_size_limit_while_streaming():
    data = zip_of({"IHE_XDM/SUBSET01/DOC.XML": b"\0" * (4 * 1024 * 1024)})
    with pytest.raises(SafeZipError, match="dépasse"):
        read_all(data, ZipLimits(max_entry_bytes=1024 * 1024, max_ratio=10**6))


def test_abnormal_compression_ratio_is_refused():
    # 32 MiB of zeros deflate ~1000:1, far beyond any CDA or PDF.
    data = zip_of({"IHE_XDM/SUBSET01/DOC.XML": b"\0" * (32 * 1024 * 1024)})
    report = validate(data, filename="bomb.zip")
    assert error_rules(report) == {"xdm.zip"}
    assert "compression" in report.findings[0].message


def test_central_directory_lying_about_sizes_is_refused():
    data = bytearray(zip_of({"README.TXT": b"a" * 5000}))
    directory = data.rfind(b"PK\x01\x02")
    # Uncompressed size field of the central directory entry: declare 10 bytes.
    data[directory + 24 : directory + 28] = struct.pack("<I", 10)
    local = data.find(b"PK\x03\x04")
    data[local + 22 : local + 26] = struct.pack("<I", 10)
    with pytest.raises(SafeZipError):
        read_all(bytes(data))


def test_too_many_entries_are_refused():
    with pytest.raises(SafeZipError, match="entrées"):
        read_all(zip_of({f"f{i}": b"" for i in range(20)}), ZipLimits(max_entries=10))


def read_all(data: bytes, limits: ZipLimits | None = None) -> dict[str, bytes]:
    return dict(iter_entries(data, limits or ZipLimits()))
