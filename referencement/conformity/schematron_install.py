"""Install the agency's CI-SIS schematron package: compile once, index, store.

Installed layout (``dest``)::

    compiled/CI-SIS_<VOLET>_<version>.xsl   ISO pipeline output, one per top-level .sch
    jeuxDeValeurs/                          value sets: compiled stylesheets read them
                                            with document('../jeuxDeValeurs/…')
    infrastructure/cda/CDA_extended.xsd     the CDA schema
    index.json                              what each compiled schematron targets
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import saxon
from .safezip import SafeZipError, extract_all
from .xmlsafe import safe_parser

INDEX_FILE = "index.json"
COMPILED_DIR = "compiled"
# ISO Schematron reference pipeline shipped by the agency in schematrons/moteur/.
PIPELINE = ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt2.xsl")

_SCH = "http://purl.oclc.org/dsdl/schematron"
_TEMPLATE_ID = re.compile(r"templateId\s*\[\s*@root\s*=\s*['\"]([0-9.]+)['\"]")
_CODE = re.compile(r"cda:code\s*\[\s*@code\s*=\s*['\"]([^'\"]+)['\"]")
_VERSION = re.compile(r"_(\d{4}\.\d{2})$")
_VOLET_DIR = re.compile(r"include/specificationsVolets/([^/]+)/")
_DOCUMENT_CONTEXTS = {"cda:ClinicalDocument", "/cda:ClinicalDocument"}
# A rule on "the element carrying the volet templateId" (CANCER-CR-GM, CANCER-FRCP…).
_VOLET_CONTEXT = re.compile(
    r"\*\[cda:templateId/@root\s*=\s*['\"](1\.2\.250\.1\.213\.1\.1\.1\.[0-9.]+)['\"]\]"
)

Progress = Callable[[str, int, int], None]


@dataclass
class InstallResult:
    dest: Path
    compiled: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.compiled) and not self.failed


class InstallError(Exception):
    """The source is not a CI-SIS package (message in French, for the admin)."""


def install_schematrons(
    source: Path,
    dest: Path,
    progress: Progress | None = None,
    *,
    only: set[str] | None = None,
) -> InstallResult:
    """Compile every top-level ``schematrons/CI-SIS_*.sch`` of ``source`` into ``dest``.

    ``source`` is a folder or a zip laid out like the agency's TestContenuCDA package;
    ``only`` restricts compilation to these schematron names (tests, partial updates).
    A schematron that cannot be compiled is reported in ``failed``, never raised.
    """
    source = Path(source)
    dest = Path(dest)
    if zipfile.is_zipfile(source):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                extract_all(source.read_bytes(), Path(tmp))
            except SafeZipError as exc:
                raise InstallError(f"Archive refusée : {exc}") from exc
            return _install_from(_package_root(Path(tmp)), dest, progress, only)
    return _install_from(_package_root(source), dest, progress, only)


def _package_root(folder: Path) -> Path:
    for candidate in [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]:
        if any((candidate / "schematrons").glob("CI-SIS_*.sch")):
            return candidate
    raise InstallError(
        f"Aucun fichier schematrons/CI-SIS_*.sch trouvé dans {folder} : "
        "ce n'est pas un paquet de schématrons CI-SIS."
    )


def _install_from(root: Path, dest: Path, progress: Progress | None, only: set[str] | None):
    schematrons = root / "schematrons"
    sources = sorted(schematrons.glob("CI-SIS_*.sch"))
    if only is not None:
        sources = [s for s in sources if s.stem in only]
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("jeuxDeValeurs", "infrastructure"):
        if (root / folder).is_dir():
            # copyfile, not copy2: the package may be read-only and we must overwrite later.
            shutil.copytree(
                root / folder, dest / folder, dirs_exist_ok=True, copy_function=shutil.copyfile
            )
    compiled_dir = dest / COMPILED_DIR
    compiled_dir.mkdir(exist_ok=True)
    result = InstallResult(dest=dest)
    index = _read_index(dest)
    with saxon.lock():
        proc = saxon.processor()
        xslt = proc.new_xslt30_processor()
        steps = [
            xslt.compile_stylesheet(stylesheet_file=str(schematrons / "moteur" / name))
            for name in PIPELINE
        ]
        for number, sch in enumerate(sources, start=1):
            if progress:
                progress(sch.stem, number, len(sources))
            try:
                node = proc.parse_xml(xml_file_name=str(sch))
                node = steps[0].transform_to_value(xdm_node=node).head
                expanded = steps[1].transform_to_value(xdm_node=node).head
                stylesheet = str(steps[2].transform_to_value(xdm_node=expanded).head)
            except Exception as exc:  # noqa: BLE001 - Saxon raises one generic type
                result.failed[sch.stem] = f"Compilation impossible : {_first_line(exc)}"
                index.pop(sch.stem, None)
                continue
            target = compiled_dir / f"{sch.stem}.xsl"
            target.write_text(stylesheet, encoding="utf-8")
            index[sch.stem] = _index_entry(sch, str(expanded))
            result.compiled.append(sch.stem)
    (dest / INDEX_FILE).write_text(json.dumps(index, indent=1, sort_keys=True), encoding="utf-8")
    return result


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _read_index(dest: Path) -> dict[str, dict]:
    try:
        return json.loads((dest / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _index_entry(sch: Path, expanded: str) -> dict:
    """What a schematron targets: the templateIds and type codes asserted on the header,
    and the volet templateId some files only name in a rule context.

    Some top-level files do not include their own header rules (CANCER-CR-GM…), so the
    volet's ``Entete`` folder is read as well.
    """
    template_ids: set[str] = set()
    codes: set[str] = set()
    trees = [etree.fromstring(expanded.encode("utf-8"), safe_parser())]
    volets = set(_VOLET_DIR.findall(sch.read_text(encoding="utf-8", errors="replace")))
    for volet in volets:
        folder = sch.parent / "include" / "specificationsVolets" / volet
        if not folder.is_dir():
            continue
        for entete in folder.glob("[Ee]ntete/*.sch"):
            try:
                trees.append(etree.parse(str(entete), safe_parser()).getroot())
            except (etree.XMLSyntaxError, OSError):
                continue
    for tree in trees:
        for rule in tree.iter(f"{{{_SCH}}}rule"):
            context = " ".join(rule.get("context", "").split())
            template_ids.update(_VOLET_CONTEXT.findall(context))
            if context not in _DOCUMENT_CONTEXTS:
                continue
            for check in rule.iter(f"{{{_SCH}}}assert", f"{{{_SCH}}}report"):
                test = check.get("test", "")
                template_ids.update(_TEMPLATE_ID.findall(test))
                codes.update(_CODE.findall(test))
    version = _VERSION.search(sch.stem)
    return {
        "file": f"{COMPILED_DIR}/{sch.stem}.xsl",
        "version": version.group(1) if version else "",
        "template_ids": sorted(template_ids),
        "codes": sorted(codes),
    }
