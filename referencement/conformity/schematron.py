"""Run the installed CI-SIS schematrons on a CDA document and read their SVRL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import saxon
from .findings import Finding, Severity, info, warning
from .schematron_install import INDEX_FILE

_CDA = {"cda": "urn:hl7-org:v3"}
_SVRL = "http://purl.oclc.org/dsdl/svrl"
# ANS content-model templateIds; .1.1.1.1 is the generic CI-SIS header, not a volet.
_ANS_PREFIX = "1.2.250.1.213.1.1.1."
_ANS_GENERIC = "1.2.250.1.213.1.1.1.1"
# role attribute values used by the CI-SIS files (error, warning, info).
_ROLE_SEVERITY = {
    "error": Severity.ERREUR,
    "fatal": Severity.ERREUR,
    "warning": Severity.AVERTISSEMENT,
    "warn": Severity.AVERTISSEMENT,
    "info": Severity.INFO,
    "information": Severity.INFO,
}


@dataclass(frozen=True)
class Schematron:
    name: str
    path: Path
    version: str
    template_ids: frozenset[str]
    codes: frozenset[str]


def load_index(schematron_dir: Path) -> list[Schematron]:
    try:
        raw = json.loads((schematron_dir / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [
        Schematron(
            name=name,
            path=schematron_dir / entry["file"],
            version=entry.get("version", ""),
            template_ids=frozenset(entry.get("template_ids", ())),
            codes=frozenset(entry.get("codes", ())),
        )
        for name, entry in sorted(raw.items())
    ]


def select(root: etree._Element, index: list[Schematron]) -> list[Schematron]:
    """The schematron of the document's volet, in the version its templateId names.

    CI-SIS documents carry a volet templateId (ANS OID ``1.2.250.1.213.1.1.1.N``) whose
    ``extension`` is the volet version, which is also the version in the file name.
    Without a volet templateId, the document type code decides.
    """
    document_ids = {t.get("root") for t in root.findall("cda:templateId", _CDA)}
    volet_ids = {
        t.get("root"): t.get("extension") or ""
        for t in root.findall("cda:templateId", _CDA)
        if (t.get("root") or "").startswith(_ANS_PREFIX) and t.get("root") != _ANS_GENERIC
    }
    code = root.find("cda:code", _CDA)
    type_code = code.get("code") if code is not None else None
    version = ""
    candidates: list[Schematron] = []
    # The most specific (longest) volet OID decides: CARD-F-PRC-DCI, not CARD-F-PRC.
    for oid in sorted(volet_ids, key=len, reverse=True)[:1]:
        candidates = [s for s in index if oid in s.template_ids]
        version = volet_ids[oid]
    if not candidates and type_code:
        # The type code decides, preferring schematrons whose asserted templateIds are all
        # present; a document without volet templateId gets only those (this keeps N1
        # XDS-SD documents out of the N3 CR-BIO rules).
        by_code = [s for s in index if type_code in s.codes]
        candidates = [s for s in by_code if s.template_ids <= document_ids]
        if not candidates and volet_ids:
            candidates = by_code
    if not candidates:
        return []
    exact = [s for s in candidates if s.version == version]
    if exact:
        return exact
    latest = max(s.version for s in candidates)
    return [s for s in candidates if s.version == latest]


def check(tree: etree._ElementTree, schematron_dir: Path) -> list[Finding]:
    index = load_index(schematron_dir)
    if not index:
        return [
            info(
                "cda.schematron",
                "/",
                "Schématrons CI-SIS non installés sur la plateforme : vérification limitée au "
                "schéma et à l'en-tête.",
                operator_note="Installer le paquet CI-SIS avec "
                "« referencement install-schematrons ».",
            )
        ]
    selected = select(tree.getroot(), index)
    if not selected:
        return [
            info(
                "cda.schematron",
                "/ClinicalDocument/templateId",
                "Aucun schématron CI-SIS installé ne correspond aux templateId et au code "
                "de ce document.",
            )
        ]
    findings = []
    for schematron in selected:
        findings.append(info("cda.schematron", "/", f"Schématron appliqué : {schematron.name}."))
        findings += run(tree, schematron)
    return findings


def run(tree: etree._ElementTree, schematron: Schematron) -> list[Finding]:
    rule = f"schematron.{schematron.name}"
    if not schematron.path.is_file():
        return [
            warning(
                rule,
                "/",
                "Le schématron de ce document n'a pas pu être appliqué.",
                operator_note=f"Schématron compilé introuvable : {schematron.path} ; "
                "réinstaller le paquet CI-SIS avec « referencement install-schematrons ».",
            )
        ]
    text = etree.tostring(tree, encoding="unicode")
    with saxon.lock():
        try:
            executable = saxon.compile_stylesheet(schematron.path)
            document = saxon.processor().parse_xml(xml_text=text)
            svrl = executable.transform_to_string(xdm_node=document)
        except Exception as exc:  # noqa: BLE001 - Saxon raises one generic type
            return [_resource_missing(rule, exc)]
    if not svrl:
        return [warning(rule, "/", "Le schématron n'a produit aucun rapport.")]
    return svrl_findings(svrl.encode("utf-8"), rule)


def _resource_missing(rule: str, exc: Exception) -> Finding:
    # Typically a value set or terminology file absent from the installed package.
    detail = " ".join(str(exc).split())[:300]
    return warning(
        rule,
        "/",
        "Le schématron n'a pas pu s'exécuter jusqu'au bout : ce contrôle n'est pas vérifiable.",
        operator_note=f"Ressource manquante dans le paquet CI-SIS installé ? {detail}",
    )


def svrl_findings(svrl: bytes, rule: str) -> list[Finding]:
    """``failed-assert`` → erreur and ``successful-report`` → avertissement, unless ``role``
    (CI-SIS uses error / warning / info) says otherwise."""
    root = etree.fromstring(svrl)
    findings = []
    for element in root.iter(f"{{{_SVRL}}}failed-assert", f"{{{_SVRL}}}successful-report"):
        failed = element.tag.endswith("failed-assert")
        default = Severity.ERREUR if failed else Severity.AVERTISSEMENT
        severity = _ROLE_SEVERITY.get((element.get("role") or element.get("flag") or "").lower())
        text = element.findtext(f"{{{_SVRL}}}text") or ""
        message = " ".join(text.split()) or f"Assertion non vérifiée : {element.get('test')}"
        findings.append(Finding(rule, severity or default, element.get("location") or "/", message))
    return findings
