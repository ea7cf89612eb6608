"""IHE_XDM zip archives (the MSSanté / media exchange package) and the CDA they carry."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from .cda import check_cda_tree, patient_ins
from .findings import Finding, error
from .safezip import DEFAULT_LIMITS, SafeZipError, ZipLimits, read_all
from .xmlsafe import parse_xml

# IHE ITI TF-1 §16 (XDM): files at the root of the media and the submission set folder.
ROOT_FILES = ("README.TXT", "INDEX.HTM")
METADATA = "METADATA.XML"
_RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"
_NS = {"rim": _RIM}
# IHE ITI TF-3 §4.2.3.2: XDSDocumentEntry.patientId identification scheme.
DOCUMENT_PATIENT_ID = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"


@dataclass
class XdmDocument:
    path: str
    tree: etree._ElementTree

    @property
    def patient(self) -> tuple[str, str] | None:
        return patient_ins(self.tree.getroot())

    @property
    def type_code(self) -> str:
        code = self.tree.getroot().find("{urn:hl7-org:v3}code")
        return code.get("code", "") if code is not None else ""


@dataclass
class XdmContent:
    documents: list[XdmDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def check_xdm(
    data: bytes,
    *,
    document_types: set[str] | None = None,
    schematron_dir: Path | None = None,
    limits: ZipLimits = DEFAULT_LIMITS,
) -> list[Finding]:
    return read_xdm(
        data, document_types=document_types, schematron_dir=schematron_dir, limits=limits
    ).findings


def read_xdm(
    data: bytes,
    *,
    document_types: set[str] | None = None,
    schematron_dir: Path | None = None,
    limits: ZipLimits = DEFAULT_LIMITS,
) -> XdmContent:
    content = XdmContent()
    try:
        entries = read_all(data, limits)
    except SafeZipError as exc:
        content.findings.append(error("xdm.zip", exc.name or "/", str(exc)))
        return content
    for name in ROOT_FILES:
        if name not in entries:
            content.findings.append(
                error("xdm.structure", name, f"Fichier {name} absent à la racine de l'archive.")
            )
    metadata_paths = sorted(
        n for n in entries if n.upper().startswith("IHE_XDM/") and n.endswith("/" + METADATA)
    )
    if not metadata_paths:
        content.findings.append(
            error(
                "xdm.structure",
                f"IHE_XDM/SUBSET01/{METADATA}",
                f"Aucun IHE_XDM/<sous-dossier>/{METADATA} dans l'archive.",
            )
        )
        return content
    for metadata_path in metadata_paths:
        _check_submission(metadata_path, entries, content, document_types, schematron_dir)
    return content


def _check_submission(
    metadata_path: str,
    entries: dict[str, bytes],
    content: XdmContent,
    document_types: set[str] | None,
    schematron_dir: Path | None,
) -> None:
    tree, findings = parse_xml(entries[metadata_path], rule="xdm.metadata")
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
        if path not in entries:
            content.findings.append(
                error("xdm.metadata", where, f"Le fichier {uri} référencé est absent du zip.")
            )
            continue
        document = entries[path]
        content.findings += _check_hash_and_size(entry, document, where)
        cda, cda_findings = parse_xml(document, rule="cda.xml")
        content.findings += [f.within(path) for f in cda_findings]
        if cda is None:
            continue
        content.findings += [
            f.within(path)
            for f in check_cda_tree(
                cda, document_types=document_types, schematron_dir=schematron_dir
            )
        ]
        xdm_document = XdmDocument(path, cda)
        content.documents.append(xdm_document)
        content.findings += _check_patient(entry, xdm_document, where)
    if not found:
        content.findings.append(
            error("xdm.metadata", metadata_path, "METADATA.XML ne décrit aucun document.")
        )


def _slot(entry: etree._Element, name: str) -> str:
    values = entry.xpath(
        "rim:Slot[@name=$n]/rim:ValueList/rim:Value/text()", namespaces=_NS, n=name
    )
    return "".join(str(v).strip() for v in values)


def _check_hash_and_size(entry: etree._Element, document: bytes, where: str) -> list[Finding]:
    findings = []
    declared_hash = _slot(entry, "hash").lower()
    # XDS metadata: "hash" is the SHA-1 of the document, in hexadecimal.
    if declared_hash and declared_hash != hashlib.sha1(document).hexdigest():
        findings.append(
            error("xdm.hash", where, "Le hash SHA-1 déclaré ne correspond pas au document.")
        )
    declared_size = _slot(entry, "size")
    if declared_size and declared_size != str(len(document)):
        findings.append(
            error(
                "xdm.taille",
                where,
                f"Taille déclarée {declared_size} ≠ taille réelle {len(document)} octets.",
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
