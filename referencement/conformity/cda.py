"""CDA R2 documents (N1 and N3): safe parsing, CDA XSD, header checks, CI-SIS schematrons."""

from __future__ import annotations

import copy
import threading
from pathlib import Path

from lxml import etree

from . import schematron
from .findings import Finding, error, info, unverifiable
from .ins import check_patient_role, ins_ids
from .paths import default_schematron_dir
from .xmlsafe import parse_xml

XSD_PATH = Path("infrastructure") / "cda" / "CDA_extended.xsd"
CDA_NS = "urn:hl7-org:v3"
XSLT_NS = "http://www.w3.org/1999/XSL/Transform"
_NS = {"cda": CDA_NS}
# HL7 v3 Confidentiality codes admitted by the CI-SIS header (N normal, R restreint, V très
# restreint).
CONFIDENTIALITY_CODES = {"N", "R", "V"}

_schema_lock = threading.Lock()
_schemas: dict[tuple[str, int], etree.XMLSchema] = {}


def check_cda(
    data: bytes,
    *,
    document_types: set[str] | None = None,
    schematron_dir: Path | None = None,
) -> list[Finding]:
    tree, findings = parse_xml(data, rule="cda.xml")
    if tree is None:
        return findings
    return check_cda_tree(tree, document_types=document_types, schematron_dir=schematron_dir)


def check_cda_tree(
    tree: etree._ElementTree,
    *,
    document_types: set[str] | None = None,
    schematron_dir: Path | None = None,
) -> list[Finding]:
    root = tree.getroot()
    embedded = _self_presented(root)
    if embedded is not None:
        # Issue 13 item 7: the agency validates the ClinicalDocument the stylesheet carries.
        return [
            info(
                "cda.autopresentable",
                "/",
                "Document auto-présentable (feuille de style XSLT embarquant le document) : "
                "le ClinicalDocument embarqué est vérifié.",
            ),
            *check_cda_tree(
                etree.ElementTree(copy.deepcopy(embedded)),
                document_types=document_types,
                schematron_dir=schematron_dir,
            ),
        ]
    if root.tag != f"{{{CDA_NS}}}ClinicalDocument":
        return [
            error(
                "cda.racine",
                "/",
                f"L'élément racine doit être ClinicalDocument dans l'espace de noms {CDA_NS} "
                f"(trouvé : {etree.QName(root).localname}).",
            )
        ]
    directory = schematron_dir if schematron_dir is not None else default_schematron_dir()
    # The schematron runs in a checking process while this one checks the XSD and header.
    with schematron.VoletCheck(tree, directory) as volet:
        findings = check_xsd(tree, directory)
        findings += check_header(root, document_types)
        return findings + volet.findings()


def _self_presented(root: etree._Element) -> etree._Element | None:
    """The ClinicalDocument embedded in a self-presenting (« auto-présentable ») CDA."""
    if root.tag not in (f"{{{XSLT_NS}}}stylesheet", f"{{{XSLT_NS}}}transform"):
        return None
    return next(root.iter(f"{{{CDA_NS}}}ClinicalDocument"), None)


def cda_schema(path: Path) -> etree.XMLSchema:
    """The CDA schema, loaded once per process (reloaded when the file changes)."""
    key = (str(path.resolve()), path.stat().st_mtime_ns)
    with _schema_lock:
        schema = _schemas.get(key)
        if schema is None:
            # Trusted local file installed by the admin; its xs:include are local too.
            schema = etree.XMLSchema(etree.parse(key[0]))
            _schemas[key] = schema
        return schema


def check_xsd(tree: etree._ElementTree, schematron_dir: Path) -> list[Finding]:
    path = schematron_dir / XSD_PATH
    if not path.is_file():
        return [
            unverifiable(
                "cda.xsd",
                "/",
                "Validation par le schéma CDA non vérifiable : le schéma n'est pas installé "
                "sur la plateforme.",
                operator_note="Installer le paquet CI-SIS avec "
                "« referencement install-schematrons » (CDA_extended.xsd absent).",
            )
        ]
    schema = cda_schema(path)
    with _schema_lock:
        valid = schema.validate(tree)
        log = list(schema.error_log)
    if valid:
        return []
    return [
        error("cda.xsd", entry.path or "", f"XSD CDA : {entry.message}", line=entry.line or None)
        for entry in log
    ]


def check_header(root: etree._Element, document_types: set[str] | None) -> list[Finding]:
    findings = _check_identifiers(root)
    findings += _check_patient(root)
    findings += _check_type_code(root, document_types)
    if root.find("cda:author/cda:assignedAuthor", _NS) is None:
        findings.append(
            error("cda.auteur", "/ClinicalDocument/author", "Le document n'a pas d'auteur.")
        )
    findings += _check_confidentiality(root)
    findings += _check_body(root)
    return findings


def _check_identifiers(root: etree._Element) -> list[Finding]:
    findings = []
    for name, label in (("id", "identifiant du document"), ("setId", "identifiant de lot")):
        element = root.find(f"cda:{name}", _NS)
        if element is None or not element.get("root"):
            findings.append(
                error(
                    "cda.identifiants",
                    f"/ClinicalDocument/{name}",
                    f"L'élément {name} ({label}) est absent ou sans @root.",
                )
            )
    version = root.find("cda:versionNumber", _NS)
    value = version.get("value", "") if version is not None else ""
    if not value.isdigit() or int(value) < 1:
        findings.append(
            error(
                "cda.identifiants",
                "/ClinicalDocument/versionNumber",
                "L'élément versionNumber doit porter un entier positif dans @value.",
            )
        )
    return findings


def _check_patient(root: etree._Element) -> list[Finding]:
    roles = root.findall("cda:recordTarget/cda:patientRole", _NS)
    if not roles:
        return [
            error(
                "cda.patient",
                "/ClinicalDocument/recordTarget",
                "Le document ne désigne pas de patient (recordTarget/patientRole).",
            )
        ]
    findings = []
    if len(roles) > 1:
        findings.append(
            error(
                "cda.patient",
                "/ClinicalDocument/recordTarget",
                "Le document doit concerner un seul patient.",
            )
        )
    return findings + check_patient_role(roles[0], "/ClinicalDocument/recordTarget/patientRole")


def patient_ins(root: etree._Element) -> tuple[str, str] | None:
    """``(matricule, oid)`` of the patient INS of a CDA document, if any."""
    role = root.find("cda:recordTarget/cda:patientRole", _NS)
    ids = ins_ids(role) if role is not None else []
    return (ids[0].get("extension", ""), ids[0].get("root", "")) if ids else None


def _check_type_code(root: etree._Element, document_types: set[str] | None) -> list[Finding]:
    code = root.find("cda:code", _NS)
    value = code.get("code") if code is not None else None
    if not value:
        return [
            error(
                "cda.type",
                "/ClinicalDocument/code",
                "Le code du type de document (ClinicalDocument/code/@code) est absent.",
            )
        ]
    if document_types is not None and value not in document_types:
        return [
            error(
                "cda.type",
                "/ClinicalDocument/code",
                f"Le type de document « {value} » ne fait pas partie de la liste attendue "
                f"({', '.join(sorted(document_types))}).",
            )
        ]
    return []


def _check_confidentiality(root: etree._Element) -> list[Finding]:
    element = root.find("cda:confidentialityCode", _NS)
    location = "/ClinicalDocument/confidentialityCode"
    if element is None or not element.get("code"):
        return [error("cda.confidentialite", location, "Le confidentialityCode est absent.")]
    if element.get("code") not in CONFIDENTIALITY_CODES:
        return [
            error(
                "cda.confidentialite",
                location,
                f"confidentialityCode « {element.get('code')} » inattendu "
                f"(attendu : {', '.join(sorted(CONFIDENTIALITY_CODES))}).",
            )
        ]
    return []


def _check_body(root: etree._Element) -> list[Finding]:
    location = "/ClinicalDocument/component"
    if root.find("cda:component/cda:nonXMLBody", _NS) is not None:
        return [info("cda.niveau", location, "Document CDA R2 de niveau 1 (corps non structuré).")]
    if root.find("cda:component/cda:structuredBody", _NS) is not None:
        return [info("cda.niveau", location, "Document CDA R2 de niveau 3 (corps structuré).")]
    return [error("cda.niveau", location, "Le document n'a ni nonXMLBody ni structuredBody.")]
