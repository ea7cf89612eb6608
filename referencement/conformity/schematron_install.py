"""Install the agency's CI-SIS schematron package: compile once, index, store.

Installed layout (``dest``)::

    compiled/CI-SIS_<VOLET>_<version>.xsl   ISO pipeline output, one per top-level .sch, its
                                            value sets as parameters (value_sets.py)
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
from saxonche import PySaxonProcessor

from referencement.lib.native_stderr import native_stderr_discarded

from . import value_sets
from .safezip import SafeZipError, extract_all
from .volets import volet_data
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
# ANS content-model templateIds; .1.1.1.1 is the generic CI-SIS header, not a volet.
ANS_PREFIX = "1.2.250.1.213.1.1.1."
ANS_GENERIC = "1.2.250.1.213.1.1.1.1"
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
    # Includes found only by ignoring letter case (the agency runs them on Windows):
    # schematron name → "href → real path" lines.
    case_resolved: dict[str, list[str]] = field(default_factory=dict)
    # Compiled, but no volet templateId known: no document can select them.
    no_volet_oid: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.compiled) and not self.failed

    def table(self) -> str:
        """One line per schematron: compiled (with case-resolved includes) or failed."""
        names = sorted([*self.compiled, *self.failed])
        width = max((len(n) for n in names), default=10)
        lines = [f"{'schématron':<{width}}  résultat"]
        for name in names:
            if name in self.failed:
                lines.append(f"{name:<{width}}  ÉCHEC : {self.failed[name]}")
                continue
            notes = []
            if name in self.case_resolved:
                count = len(self.case_resolved[name])
                notes.append(
                    f"{count} inclusion{'s' if count > 1 else ''} résolue"
                    f"{'s' if count > 1 else ''} sans tenir compte de la casse : "
                    + " ; ".join(self.case_resolved[name])
                )
            if name in self.no_volet_oid:
                notes.append("templateId de volet inconnu : jamais sélectionné")
            lines.append(f"{name:<{width}}  compilé" + (f" ({' ; '.join(notes)})" if notes else ""))
        return "\n".join(lines)


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
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("jeuxDeValeurs", "infrastructure"):
        if (root / folder).is_dir():
            # copyfile, not copy2: the package may be read-only and we must overwrite later.
            shutil.copytree(
                root / folder, dest / folder, dirs_exist_ok=True, copy_function=shutil.copyfile
            )
    with tempfile.TemporaryDirectory() as tmp:
        # A working copy whose include paths are fixed for a case-sensitive file system.
        schematrons = Path(tmp) / "schematrons"
        shutil.copytree(root / "schematrons", schematrons, copy_function=shutil.copyfile)
        fixes = resolve_include_case(schematrons)
        sources = sorted(schematrons.glob("CI-SIS_*.sch"))
        if only is not None:
            sources = [s for s in sources if s.stem in only]
        return _compile_all(schematrons, sources, fixes, dest, progress)


def _compile_all(
    schematrons: Path,
    sources: list[Path],
    fixes: dict[Path, list[str]],
    dest: Path,
    progress: Progress | None,
) -> InstallResult:
    compiled_dir = dest / COMPILED_DIR
    compiled_dir.mkdir(exist_ok=True)
    result = InstallResult(dest=dest)
    index = _read_index(dest)
    # Compiled in the calling thread, which owns this processor (install is one-shot).
    processor = PySaxonProcessor(license=False)
    xslt = processor.new_xslt30_processor()
    steps = [
        xslt.compile_stylesheet(stylesheet_file=str(schematrons / "moteur" / name))
        for name in PIPELINE
    ]
    # Only failed assertions and successful reports are read: no svrl:fired-rule per match.
    steps[2].set_parameter("generate-fired-rule", processor.make_string_value("false"))
    for number, sch in enumerate(sources, start=1):
        if progress:
            progress(sch.stem, number, len(sources))
        resolved = [line for path in _include_closure(sch) for line in fixes.get(path, [])]
        if resolved:
            result.case_resolved[sch.stem] = resolved
        try:
            with native_stderr_discarded():
                node = processor.parse_xml(xml_file_name=str(sch))
                node = steps[0].transform_to_value(xdm_node=node).head
                expanded = steps[1].transform_to_value(xdm_node=node).head
                stylesheet = str(steps[2].transform_to_value(xdm_node=expanded).head)
        except Exception as exc:  # noqa: BLE001 - Saxon raises one generic type
            result.failed[sch.stem] = f"compilation impossible : {_cause(exc, schematrons)}"
            index.pop(sch.stem, None)
            continue
        stylesheet, preloaded = value_sets.preload(stylesheet, compiled_dir)
        target = compiled_dir / f"{sch.stem}.xsl"
        target.write_text(stylesheet, encoding="utf-8")
        entry = _index_entry(sch, str(expanded))
        entry["value_sets"] = preloaded
        if not entry["volet_oid"]:
            result.no_volet_oid.append(sch.stem)
        index[sch.stem] = entry
        result.compiled.append(sch.stem)
    (dest / INDEX_FILE).write_text(json.dumps(index, indent=1, sort_keys=True), encoding="utf-8")
    return result


def resolve_include_case(folder: Path) -> dict[Path, list[str]]:
    """Rewrite, in every ``.sch`` under ``folder``, the includes whose target exists only
    with another letter case; return ``{file: ["href → real path", …]}``."""
    fixes: dict[Path, list[str]] = {}
    for sch in sorted(folder.rglob("*.sch")):
        text = sch.read_text(encoding="utf-8", errors="replace")
        changed = text
        for href in _includes(sch):
            if (sch.parent / href).exists():
                continue
            real = _case_insensitive(sch.parent, href)
            if real is None:
                continue
            changed = changed.replace(f'href="{href}"', f'href="{real}"').replace(
                f"href='{href}'", f"href='{real}'"
            )
            fixes.setdefault(sch, []).append(f"{href} → {real}")
        if changed != text:
            sch.write_text(changed, encoding="utf-8")
    return fixes


def _includes(sch: Path) -> list[str]:
    try:
        tree = etree.parse(str(sch), safe_parser())
    except (etree.XMLSyntaxError, OSError):
        return []
    return [i.get("href", "") for i in tree.iter(f"{{{_SCH}}}include") if i.get("href")]


def _case_insensitive(base: Path, href: str) -> str | None:
    """``href`` with each component replaced by the one entry differing only by case."""
    current = base
    parts: list[str] = []
    for part in href.replace("\\", "/").split("/"):
        if part in ("", ".", ".."):
            current = current.parent if part == ".." else current
            parts.append(part)
            continue
        if (current / part).exists():
            match = part
        else:
            matches = (
                [p.name for p in current.iterdir() if p.name.lower() == part.lower()]
                if current.is_dir()
                else []
            )
            if len(matches) != 1:
                return None
            match = matches[0]
        current = current / match
        parts.append(match)
    return "/".join(parts)


def _include_closure(sch: Path) -> list[Path]:
    """``sch`` and every file it includes, directly or not (after case resolution)."""
    seen: list[Path] = []
    pending = [sch.resolve()]
    while pending:
        path = pending.pop()
        if path in seen or not path.is_file():
            continue
        seen.append(path)
        pending += [(path.parent / href).resolve() for href in _includes(path)]
    return seen


def _cause(exc: Exception, schematrons: Path) -> str:
    """The first line of a Saxon error, with the working copy's path made relative."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.replace(f"file:{schematrons}/", "").replace(f"{schematrons}/", "")


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
    volet = sch.stem.removeprefix("CI-SIS_")
    volet = volet[: version.start() - len("CI-SIS_")] if version else volet
    ans = [t for t in template_ids if t.startswith(ANS_PREFIX) and t != ANS_GENERIC]
    # The most specific ANS templateId is the volet's (…2.1.3 for CARD-F-PRC-DCI, not …2.1).
    volet_oid = max(ans, key=len) if ans else volet_data().volet_oids.get(volet, "")
    return {
        "file": f"{COMPILED_DIR}/{sch.stem}.xsl",
        "volet": volet,
        "volet_oid": volet_oid,
        "version": version.group(1) if version else "",
        "template_ids": sorted(template_ids),
        "codes": sorted(codes),
    }
