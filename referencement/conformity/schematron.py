"""Choose the CI-SIS schematron of a CDA document as the agency does, run it, read its SVRL.

Selection (issue 13, items 2, 3, 6): the volet is the document's ANS templateId *with* its
version (``@extension``); the document code only confirms it. Exact volet and version →
that schematron; known volet, other or no version → the newest installed version declared
compatible (``data/volets.yaml``) with a warning, else « non vérifiable »; never a sibling
volet sharing the code. The ``<?oxygen SCHSchema=…?>`` instruction some documents carry is
only logged.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from . import saxon
from .findings import Finding, Severity, error, info, unverifiable, warning
from .schematron_install import ANS_GENERIC, ANS_PREFIX, INDEX_FILE
from .volets import VoletData, volet_data

logger = logging.getLogger(__name__)

_CDA = {"cda": "urn:hl7-org:v3"}
_SVRL = "http://purl.oclc.org/dsdl/svrl"
_RULE = "cda.schematron"
_WHERE = "/ClinicalDocument/templateId"
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
    volet: str
    volet_oid: str
    version: str
    codes: frozenset[str]
    # Stylesheet parameter → value-set file the checking process parses once (value_sets.py).
    value_sets: tuple[tuple[str, Path], ...] = ()


@dataclass
class Selection:
    """The schematron to run (or none) and what the choice itself says."""

    schematron: Schematron | None = None
    findings: list[Finding] = field(default_factory=list)


def load_index(schematron_dir: Path) -> list[Schematron]:
    """The installed schematrons, read once per installation (re-read when it changes)."""
    path = schematron_dir / INDEX_FILE
    try:
        stat = path.stat()
    except OSError:
        return []
    return list(_read_index(schematron_dir, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _read_index(schematron_dir: Path, *_changed: int) -> tuple[Schematron, ...]:
    try:
        raw = json.loads((schematron_dir / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(
        Schematron(
            name=name,
            path=schematron_dir / entry["file"],
            volet=entry.get("volet", ""),
            volet_oid=entry.get("volet_oid", ""),
            version=entry.get("version", ""),
            codes=frozenset(entry.get("codes", ())),
            value_sets=tuple(
                (parameter, Path(os.path.normpath(schematron_dir / entry["file"] / ".." / href)))
                for parameter, href in sorted(entry.get("value_sets", {}).items())
            ),
        )
        for name, entry in sorted(raw.items())
    )


def volet_template_ids(root: etree._Element) -> dict[str, str]:
    """``{volet templateId: version}`` declared on the document (version may be "")."""
    return {
        t.get("root", ""): t.get("extension") or ""
        for t in root.findall("cda:templateId", _CDA)
        if (t.get("root") or "").startswith(ANS_PREFIX) and t.get("root") != ANS_GENERIC
    }


def is_level_1(root: etree._Element) -> bool:
    return root.find("cda:component/cda:nonXMLBody", _CDA) is not None


def select(
    root: etree._Element, index: list[Schematron], data: VoletData | None = None
) -> Selection:
    data = data if data is not None else volet_data()
    declared = volet_template_ids(root)
    _log_hint(root)
    if is_level_1(root):
        # The volet schematrons describe the structured body; the agency checks a level 1
        # document against the XSD and the CI-SIS header only (no volet SCHSchema).
        return Selection(
            findings=[
                info(
                    _RULE,
                    "/ClinicalDocument/component",
                    "Document de niveau 1 : aucun schématron de volet ne s'applique.",
                )
            ]
        )
    if not declared:
        return Selection(
            findings=[
                unverifiable(
                    _RULE,
                    _WHERE,
                    "Document structuré sans templateId de volet CI-SIS (1.2.250.1.213.1.1.1.…) :"
                    " aucun schématron ne peut être choisi, conformité au volet non vérifiable.",
                )
            ]
        )
    by_oid: dict[str, list[Schematron]] = {}
    for schematron in index:
        by_oid.setdefault(schematron.volet_oid, []).append(schematron)
    known = [oid for oid in declared if oid in by_oid]
    if not known:
        oid = max(declared, key=len)
        return Selection(
            findings=[
                unverifiable(
                    _RULE,
                    _WHERE,
                    f"Aucun schématron installé pour le volet {oid} "
                    f"(version {declared[oid] or 'non précisée'}) : conformité au volet non "
                    "vérifiable.",
                )
            ]
        )
    # The most specific volet decides: CARD-F-PRC-DCI (…2.1.3), not CARD-F-PRC (…2.1).
    oid = max(known, key=len)
    version = declared[oid]
    candidates = sorted(by_oid[oid], key=lambda s: (s.version, s.name))
    exact = [s for s in candidates if version and s.version == version]
    findings: list[Finding] = []
    if exact:
        chosen = exact[0]
    else:
        installed = [s.version for s in candidates]
        compatible = data.compatible(oid, version, installed)
        asked = f"version {version}" if version else "sans version (@extension absent)"
        listing = ", ".join(installed)
        if not compatible:
            return Selection(
                findings=[
                    unverifiable(
                        _RULE,
                        _WHERE,
                        f"Volet {candidates[0].volet} ({oid}) {asked} : versions installées "
                        f"{listing}, aucune déclarée compatible ; conformité au volet non "
                        "vérifiable.",
                    )
                ]
            )
        chosen = [s for s in candidates if s.version == max(compatible)][0]
        findings.append(
            warning(
                _RULE,
                _WHERE,
                f"Volet {chosen.volet} ({oid}) {asked} : versions installées {listing} ; "
                f"règles de la version {chosen.version} appliquées (déclarée compatible).",
            )
        )
    conflict = _code_conflict(root, oid, chosen)
    if conflict is not None:
        return Selection(findings=[conflict])
    return Selection(chosen, findings)


def _code_conflict(root: etree._Element, oid: str, chosen: Schematron) -> Finding | None:
    code = root.find("cda:code", _CDA)
    value = code.get("code", "") if code is not None else ""
    if not chosen.codes or value in chosen.codes:
        return None
    # Reported alone: the volet's rules would only restate the mismatch in their terms.
    return error(
        "cda.volet",
        "/ClinicalDocument/code",
        f"Le templateId {oid} (volet {chosen.volet} {chosen.version}) ne correspond pas au "
        f"code du document « {value} » (codes du volet : {', '.join(sorted(chosen.codes))}).",
    )


def _log_hint(root: etree._Element) -> None:
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "oxygen":
            logger.debug("processing instruction ignored for selection: %s", node.text)


class VoletCheck:
    """The volet schematron of one document, chosen and started in a checking process as
    soon as it is created, so that the caller runs its other checks meanwhile;
    ``findings()`` waits for it. Use it as a context manager (``with``): a check left
    unread is stopped."""

    def __init__(self, tree: etree._ElementTree, schematron_dir: Path) -> None:
        self._findings: list[Finding] = []
        self._job: saxon.Job | None = None
        self._schematron: Schematron | None = None
        root = tree.getroot()
        index = load_index(schematron_dir)
        if not index and not is_level_1(root):
            self._findings.append(
                unverifiable(
                    _RULE,
                    "/",
                    "Schématrons CI-SIS non installés sur la plateforme : conformité au volet "
                    "non vérifiable.",
                    operator_note="Installer le paquet CI-SIS avec "
                    "« referencement install-schematrons ».",
                )
            )
            return
        selection = select(root, index)
        self._findings += selection.findings
        chosen = self._schematron = selection.schematron
        if chosen is None:
            return
        self._findings.append(
            Finding(
                _RULE,
                Severity.INFO,
                "/",
                f"Schématron appliqué : {chosen.name} (version {chosen.version}).",
                schematron=chosen.name,
                version=chosen.version,
            )
        )
        if not chosen.path.is_file():
            self._findings.append(
                unverifiable(
                    _rule(chosen),
                    "/",
                    "Le schématron de ce document n'a pas pu être appliqué.",
                    operator_note=f"Schématron compilé introuvable : {chosen.path} ; "
                    "réinstaller le paquet CI-SIS avec « referencement install-schematrons ».",
                )
            )
            return
        try:
            self._job = saxon.submit(chosen.path, tree, dict(chosen.value_sets))
        except saxon.CheckNotRun as exc:
            self._findings.append(_not_run(chosen, exc))

    def findings(self) -> list[Finding]:
        job, chosen = self._job, self._schematron
        if job is None or chosen is None:
            return self._findings
        try:
            svrl = job.result()
        except saxon.CheckNotRun as exc:
            return [*self._findings, _not_run(chosen, exc)]
        if not svrl:
            return [
                *self._findings,
                unverifiable(_rule(chosen), "/", "Le schématron n'a produit aucun rapport."),
            ]
        return [*self._findings, *svrl_findings(svrl.encode("utf-8"), _rule(chosen), chosen)]

    def __enter__(self) -> VoletCheck:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._job is not None:
            self._job.close()


def _rule(schematron: Schematron) -> str:
    return f"schematron.{schematron.name}"


def _not_run(schematron: Schematron, exc: saxon.CheckNotRun) -> Finding:
    return unverifiable(
        _rule(schematron), "/", f"Le schématron {schematron.name} n'a pas pu s'exécuter : {exc}"
    )


def svrl_findings(svrl: bytes, rule: str, schematron: Schematron) -> list[Finding]:
    """``failed-assert`` → erreur and ``successful-report`` → avertissement, unless ``role``
    (CI-SIS uses error / warning / info) says otherwise; each finding names its pattern."""
    root = etree.fromstring(svrl)
    findings = []
    pattern = ""
    for element in root.iter(
        f"{{{_SVRL}}}active-pattern", f"{{{_SVRL}}}failed-assert", f"{{{_SVRL}}}successful-report"
    ):
        if element.tag.endswith("active-pattern"):
            pattern = element.get("id") or element.get("name") or ""
            continue
        failed = element.tag.endswith("failed-assert")
        default = Severity.ERREUR if failed else Severity.AVERTISSEMENT
        severity = _ROLE_SEVERITY.get((element.get("role") or element.get("flag") or "").lower())
        text = element.findtext(f"{{{_SVRL}}}text") or ""
        message = " ".join(text.split()) or f"Assertion non vérifiée : {element.get('test')}"
        findings.append(
            Finding(
                rule,
                severity or default,
                element.get("location") or "/",
                message,
                schematron=schematron.name,
                version=schematron.version,
                rule_id=element.get("id") or pattern,
            )
        )
    return findings
