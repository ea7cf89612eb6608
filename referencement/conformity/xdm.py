"""IHE_XDM zip archives (the MSSanté / media exchange package) and the CDA they carry.

Entries are read lazily within one byte budget (issue 13 item 9): only METADATA.XML and
the documents it references are decompressed, each at most once, and a document
referenced many times is validated once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from .cda import check_cda_tree, patient_ins
from .findings import Finding, error
from .safezip import SafeZipError, ZipLimits, ZipReader
from .xmlsafe import MAX_XML_BYTES, parse_xml

# IHE ITI TF-1 §16 (XDM): files at the root of the media and the submission set folder.
ROOT_FILES = ("README.TXT", "INDEX.HTM")
METADATA = "METADATA.XML"
_RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"
_NS = {"rim": _RIM}
_CDA = {"cda": "urn:hl7-org:v3"}
# IHE ITI TF-3 §4.2.3.2: XDSDocumentEntry.patientId identification scheme.
DOCUMENT_PATIENT_ID = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"
# What one archive may cost decompressed: a few documents of the CDA size limit.
XDM_LIMITS = ZipLimits(max_total_bytes=2 * MAX_XML_BYTES, max_entry_bytes=MAX_XML_BYTES)


@dataclass(frozen=True)
class XdmDocument:
    """What the MSSanté checks need from a CDA of the archive (not its whole tree)."""

    path: str
    patient: tuple[str, str] | None
    type_code: str
    family_name: str
    birth_time: str

    @classmethod
    def of(cls, path: str, tree: etree._ElementTree) -> XdmDocument:
        root = tree.getroot()
        patient = "string(cda:recordTarget/cda:patientRole/cda:patient/"
        return cls(
            path=path,
            patient=patient_ins(root),
            type_code=root.xpath("string(cda:code/@code)", namespaces=_CDA),
            family_name=root.xpath(
                patient + "cda:name/cda:family[@qualifier='BR'])", namespaces=_CDA
            ).strip(),
            birth_time=root.xpath(patient + "cda:birthTime/@value)", namespaces=_CDA)[:8],
        )


@dataclass
class XdmContent:
    documents: list[XdmDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Checked:
    """One archive entry read and checked once, whatever the number of references."""

    sha1: str
    size: int
    document: XdmDocument | None


def check_xdm(
    data: bytes,
    *,
    document_types: set[str] | None = None,
    schematron_dir: Path | None = None,
    limits: ZipLimits = XDM_LIMITS,
) -> list[Finding]:
    return read_xdm(
        data, document_types=document_types, schematron_dir=schematron_dir, limits=limits
    ).findings


def read_xdm(
    data: bytes,
    *,
    document_types: set[str] | None = None,
    schematron_dir: Path | None = None,
    limits: ZipLimits = XDM_LIMITS,
) -> XdmContent:
    content = XdmContent()
    try:
        with ZipReader(data, limits) as reader:
            _read(reader, content, document_types, schematron_dir)
    except SafeZipError as exc:
        content.findings.append(error("xdm.zip", exc.name or "/", str(exc)))
    return content


def _read(
    reader: ZipReader,
    content: XdmContent,
    document_types: set[str] | None,
    schematron_dir: Path | None,
) -> None:
    names = set(reader.names)
    for name in ROOT_FILES:
        if name not in names:
            content.findings.append(
                error("xdm.structure", name, f"Fichier {name} absent à la racine de l'archive.")
            )
    metadata_paths = sorted(
        n for n in names if n.upper().startswith("IHE_XDM/") and n.endswith("/" + METADATA)
    )
    if not metadata_paths:
        content.findings.append(
            error(
                "xdm.structure",
                f"IHE_XDM/SUBSET01/{METADATA}",
                f"Aucun IHE_XDM/<sous-dossier>/{METADATA} dans l'archive.",
            )
        )
        return
    checked: dict[str, _Checked] = {}
    for metadata_path in metadata_paths:
        _check_submission(
            metadata_path, reader, names, checked, content, document_types, schematron_dir
        )


def _check_submission(
    metadata_path: str,
    reader: ZipReader,
    names: set[str],
    checked: dict[str, _Checked],
    content: XdmContent,
    document_types: set[str] | None,
    schematron_dir: Path | None,
) -> None:
    tree, findings = parse_xml(reader.read(metadata_path, MAX_XML_BYTES), rule="xdm.metadata")
    content.findings += [f.within(metadata_path) for f in findings]
    if tree is None:
        return
    folder = PurePosixPath(metadata_path).parent
    objects = tree.getroot().iter(f"{{{_RIM}}}ExtrinsicObject")
    found = False
    for number, entry in enumerate(objects, start=1):
        found = True
        where = f"{metadata_path} > ExtrinsicObject[{number}]"
        uri = _slot(entry, "URI")
        if not uri:
            content.findings.append(
                error("xdm.metadata", where, "Le document n'a pas de slot URI.")
            )
            continue
        path = str(folder / uri)
        if path not in names:
            content.findings.append(
                error("xdm.metadata", where, f"Le fichier {uri} référencé est absent du zip.")
            )
            continue
        if path not in checked:
            checked[path] = _check_document(path, reader, content, document_types, schematron_dir)
        document = checked[path]
        content.findings += _check_hash_and_size(entry, document, where)
        if document.document is not None:
            content.findings += _check_patient(entry, document.document, where)
    if not found:
        content.findings.append(
            error("xdm.metadata", metadata_path, "METADATA.XML ne décrit aucun document.")
        )


def _check_document(
    path: str,
    reader: ZipReader,
    content: XdmContent,
    document_types: set[str] | None,
    schematron_dir: Path | None,
) -> _Checked:
    data = reader.read(path, MAX_XML_BYTES)
    checked = _Checked(sha1=hashlib.sha1(data).hexdigest(), size=len(data), document=None)
    cda, cda_findings = parse_xml(data, rule="cda.xml")
    del data
    content.findings += [f.within(path) for f in cda_findings]
    if cda is None:
        return checked
    content.findings += [
        f.within(path)
        for f in check_cda_tree(cda, document_types=document_types, schematron_dir=schematron_dir)
    ]
    checked.document = XdmDocument.of(path, cda)
    content.documents.append(checked.document)
    return checked


def _slot(entry: etree._Element, name: str) -> str:
    values = entry.xpath(
        "rim:Slot[@name=$n]/rim:ValueList/rim:Value/text()", namespaces=_NS, n=name
    )
    return "".join(str(v).strip() for v in values)


def _check_hash_and_size(entry: etree._Element, document: _Checked, where: str) -> list[Finding]:
    findings = []
    declared_hash = _slot(entry, "hash").lower()
    # XDS metadata: "hash" is the SHA-1 of the document, in hexadecimal.
    if declared_hash and declared_hash != document.sha1:
        findings.append(
            error("xdm.hash", where, "Le hash SHA-1 déclaré ne correspond pas au document.")
        )
    declared_size = _slot(entry, "size")
    if declared_size and declared_size != str(document.size):
        findings.append(
            error(
                "xdm.taille",
                where,
                f"Taille déclarée {declared_size} ≠ taille réelle {document.size} octets.",
            )
        )
    return findings


def _check_patient(entry: etree._Element, document: XdmDocument, where: str) -> list[Finding]:
    values = entry.xpath(
        "rim:ExternalIdentifier[@identificationScheme=$s]/@value",
        namespaces=_NS,
        s=DOCUMENT_PATIENT_ID,
    )
    if not values:
        return [error("xdm.patient", where, "Le patientId du document est absent.")]
    # CX: id^^^&oid&ISO
    number, _, authority = str(values[0]).partition("^^^")
    oid = authority.split("&")[1] if authority.count("&") >= 1 else ""
    patient = document.patient
    if patient is not None and (number, oid) != patient:
        return [
            error(
                "xdm.patient",
                where,
                f"patientId « {values[0]} » différent de l'INS du CDA ({patient[0]}, "
                f"OID {patient[1]}).",
            )
        ]
    return []
