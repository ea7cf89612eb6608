"""Reading and writing REM spreadsheets (requirement catalogues), without Django.

Three layouts are accepted, recognised from their header row (REFERENCE.md, DESIGN §3):

- ``convergence``: the agency's export, one row per evidence item (Périmètre, ID, Chapitre,
  Fonction, Exigence, Commentaire, Profil, N° scénario, Scénario de conformité, N° preuve,
  Preuve, Profil historique, Criticité, Ordre). This is also our export layout.
- ``publication``: one row per scenario with « N° preuve 1 … 10 » / « Preuve 1 … 10 ».
- ``referencement``: our own import format, one row per evidence item with « Nature »,
  « Périmètre », one oui/non column per profile, a « Profils » column that wins when they
  disagree (001 §3.1: column L, the profiles column, is authoritative), « Type de preuve »
  and an optional oui/non « Session de tests » (000 §3.3, 004 §4.4: the requirement is
  reviewed in the field test session; neither agency layout has such a column).

Parsing yields `RequirementRow` dataclasses and `RowError`s with spreadsheet row numbers. A
field left as None means "not given by this layout": the importer keeps the stored value.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from .csv_safety import SafeCsvWriter

WAVE_1, WAVE_2 = "vague_1", "vague_2"
KINDS = {
    "EXI": "EXI",
    "EXIGENCE": "EXI",
    "PRE": "PRE",
    "PRECONISATION": "PRE",
    "RECO": "RECO",
    "RECOMMANDATION": "RECO",
}
EVIDENCE_TYPES = ("screenshot", "video", "file", "log", "homologation", "document", "other")
HEADER_SEARCH_ROWS = 10
PROFILE_SEPARATORS = re.compile(r"[;\n|,]")
YES = {"oui", "o", "x", "yes", "y", "1", "vrai", "true"}
NO = {"", "non", "n", "no", "0", "faux", "false"}

CONVERGENCE_HEADERS = [
    "Périmètre",
    "ID",
    "Chapitre",
    "Fonction",
    "Exigence",
    "Commentaire",
    "Profil",
    "N° scénario",
    "Scénario de conformité",
    "N° preuve",
    "Preuve",
    "Profil historique",
    "Criticité",
    "Ordre",
]
PUBLICATION_MARKERS = ("n° exigence", "n° preuve 1", "preuve 1")
REFERENCEMENT_MARKERS = ("id", "nature", "profils", "type de preuve")
CONVERGENCE_MARKERS = ("périmètre", "id", "chapitre", "n° preuve", "profil historique")
FIELD_TEST_HEADER = "Session de tests"


@dataclass(frozen=True)
class EvidenceRow:
    code: str
    text: str
    evidence_type: str | None = None


@dataclass
class ScenarioRow:
    code: str
    text: str
    evidence: list[EvidenceRow] = field(default_factory=list)


@dataclass
class RequirementRow:
    code: str
    row: int = 0
    chapter_code: str | None = None
    chapter_title: str | None = None
    function: str | None = None
    text: str | None = None
    comment: str | None = None
    kind: str | None = None
    perimeter: str | None = None
    profiles: tuple[str, ...] = ()
    criticality: str | None = None
    order: int | None = None
    conditional: bool | None = None
    field_test: bool | None = None
    scenarios: list[ScenarioRow] | None = None


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Ligne {self.row} : {self.message}"


@dataclass
class ParsedRem:
    layout: str
    requirements: list[RequirementRow]
    errors: list[RowError]
    warnings: list[RowError]
    rows_total: int


class RemFormatError(Exception):
    """The file is not a REM spreadsheet we can read (no recognisable header row)."""


@lru_cache(maxsize=4096)
def normalise(header: Any) -> str:
    """Header names and yes/no cells compared without case, spacing or apostrophe style
    (cached: every cell lookup of a 5,000-row file goes through here)."""
    text = unicodedata.normalize("NFC", str(header or "")).strip().lower()
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def _ascii_upper(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper().strip()


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_perimeter(value: str) -> str | None:
    """« Vague 1 », « V1 », « 1 », « vague_1 » → vague_1; empty → None."""
    digits = re.sub(r"\D", "", value)
    if not value:
        return None
    return {"1": WAVE_1, "2": WAVE_2}.get(digits, "")


def parse_kind(value: str) -> str | None:
    return KINDS.get(_ascii_upper(value), "") if value else None


def infer_kind(statement: str) -> str | None:
    """The nature written in the statement: « DOIT » is a requirement, « PEUT » alone a
    recommendation (the publication layout's header: « Énoncé de l'exigence (DOIT) ou de la
    préconisation (PEUT) »); None when the statement says neither."""
    if re.search(r"\bDOIT\b", statement):
        return "EXI"
    if re.search(r"\bPEUT\b", statement):
        return "PRE"
    return None


def parse_yes_no(value: str) -> bool | None:
    lowered = normalise(value)
    if lowered in YES:
        return True
    return False if lowered and lowered in NO else None


def split_profiles(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in PROFILE_SEPARATORS.split(value) if p.strip())


def infer_evidence_type(text: str) -> str:
    """A best guess from the wording of the expected evidence (001 §4.4 lists the kinds)."""
    lowered = text.lower()
    for keywords, kind in (
        (("capture", "copie d'écran", "copie écran"), "screenshot"),
        (("vidéo", "video"), "video"),
        (("homologation", "attestation", "habilitation"), "homologation"),
        (("log", "trace"), "log"),
        (("fichier", "cda", "xml", "csv", "json", "archive", "zip"), "file"),
        (("document", "rapport", "procédure"), "document"),
    ):
        if any(keyword in lowered for keyword in keywords):
            return kind
    return "other"


# --- reading files -----------------------------------------------------------------------


def read_table(source: str | Path | IO[bytes], filename: str = "") -> Iterator[tuple[int, list]]:
    """(row number, cells) of the first sheet of an XLSX file or of a CSV file."""
    name = (filename or str(getattr(source, "name", source))).lower()
    if name.endswith(".csv"):
        yield from _read_csv(source)
    else:
        yield from _read_xlsx(source)


def _read_xlsx(source: str | Path | IO[bytes]) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise RemFormatError(f"Le fichier n'est pas un classeur XLSX lisible ({error}).") from error
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _read_csv(source: str | Path | IO[bytes]) -> Iterator[tuple[int, list]]:
    raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    yield from enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)


def count_rows(source: str | Path | IO[bytes], filename: str = "") -> int:
    return sum(1 for _ in read_table(source, filename))


# --- layouts -------------------------------------------------------------------------------


def detect_layout(headers: Iterable[Any]) -> str | None:
    names = {normalise(h) for h in headers}
    if all(marker in names for marker in PUBLICATION_MARKERS):
        return "publication"
    if all(marker in names for marker in REFERENCEMENT_MARKERS):
        return "referencement"
    if all(marker in names for marker in CONVERGENCE_MARKERS):
        return "convergence"
    return None


class _Row:
    """Cells of one spreadsheet row by normalised header name."""

    def __init__(self, index: dict[str, int], values: list, number: int) -> None:
        self.index, self.values, self.number = index, values, number

    def get(self, header: str) -> str:
        position = self.index.get(normalise(header))
        if position is None or position >= len(self.values):
            return ""
        return cell(self.values[position])

    def has(self, header: str) -> bool:
        return normalise(header) in self.index


@dataclass
class _Builder:
    """Groups the rows of one requirement and checks they agree with each other."""

    requirements: dict[str, RequirementRow] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    def requirement(self, candidate: RequirementRow) -> RequirementRow:
        existing = self.requirements.get(candidate.code)
        if existing is None:
            candidate.scenarios = []
            self.requirements[candidate.code] = candidate
            return candidate
        for name in ("text", "kind", "perimeter", "profiles", "field_test"):
            if getattr(candidate, name) != getattr(existing, name):
                self.errors.append(
                    RowError(
                        candidate.row,
                        f"l'exigence {candidate.code} diffère de sa première ligne "
                        f"({existing.row}) pour « {name} ».",
                    )
                )
                return existing
        for name, label in (("chapter_title", "chapitre"), ("function", "fonction")):
            if getattr(candidate, name) != getattr(existing, name):
                # The agency's drafts list a few requirements under two chapters.
                self.warnings.append(
                    RowError(
                        candidate.row,
                        f"l'exigence {candidate.code} est aussi rangée sous le {label} "
                        f"« {getattr(candidate, name)} » : celui de la ligne {existing.row} "
                        "est conservé.",
                    )
                )
        return existing

    def add_evidence(
        self,
        requirement: RequirementRow,
        scenario_code: str,
        scenario_text: str,
        evidence: list[EvidenceRow],
        number: int,
    ) -> None:
        """Proofs without a scenario number (the agency's drafts have some) are kept under
        a scenario with an empty number, which the export writes back the same way."""
        if not scenario_code and not evidence:
            return
        assert requirement.scenarios is not None
        scenario = next((s for s in requirement.scenarios if s.code == scenario_code), None)
        if scenario is None:
            scenario = ScenarioRow(scenario_code, scenario_text)
            requirement.scenarios.append(scenario)
        for item in evidence:
            same = next((e for e in scenario.evidence if e.code == item.code), None)
            if same is None:
                scenario.evidence.append(item)
            elif same.text == item.text:
                self.warnings.append(
                    RowError(number, f"preuve {item.code} en double : ligne ignorée.")
                )
            else:
                code = _free_code(item.code, {e.code for e in scenario.evidence})
                self.warnings.append(
                    RowError(
                        number,
                        f"N° preuve {item.code} déjà utilisé dans ce scénario pour une autre "
                        f"preuve : celle-ci est enregistrée sous {code}.",
                    )
                )
                scenario.evidence.append(EvidenceRow(code, item.text, item.evidence_type))


def _free_code(code: str, taken: set[str]) -> str:
    suffix = 2
    while f"{code}-{suffix}" in taken:
        suffix += 1
    return f"{code}-{suffix}"


def _common(row: _Row, code: str) -> RequirementRow | RowError:
    if not code:
        return RowError(row.number, "ID de l'exigence manquant.")
    return RequirementRow(code=code, row=row.number)


def _convergence(row: _Row, builder: _Builder) -> None:
    result = _common(row, row.get("ID"))
    if isinstance(result, RowError):
        builder.errors.append(result)
        return
    perimeter = parse_perimeter(row.get("Périmètre"))
    profiles = split_profiles(row.get("Profil") or row.get("Profil historique"))
    order = row.get("Ordre")
    problems = _check(row.number, perimeter=perimeter, kind=None, profiles=profiles, order=order)
    if problems:
        builder.errors.extend(problems)
        return
    result.chapter_title = row.get("Chapitre")
    result.function = row.get("Fonction")
    result.text = row.get("Exigence")
    result.kind = infer_kind(result.text)
    result.comment = row.get("Commentaire")
    result.perimeter = perimeter
    result.profiles = profiles
    result.criticality = row.get("Criticité")
    result.order = int(order) if order else None
    requirement = builder.requirement(result)
    evidence_code = row.get("N° preuve")
    evidence = [EvidenceRow(evidence_code, row.get("Preuve"))] if evidence_code else []
    builder.add_evidence(
        requirement, row.get("N° scénario"), row.get("Scénario de conformité"), evidence, row.number
    )


def _publication(row: _Row, builder: _Builder) -> None:
    result = _common(row, row.get("N° exigence"))
    if isinstance(result, RowError):
        builder.errors.append(result)
        return
    kind = parse_kind(row.get("Nature de l'exigence"))
    profiles = split_profiles(row.get("Profil"))
    if not profiles and row.get("Exigence conditionnelle OUI/NON").upper() == "NON":
        profiles = ("Général",)
    problems = _check(row.number, perimeter=None, kind=kind, profiles=profiles, order="")
    if problems:
        builder.errors.extend(problems)
        return
    result.chapter_code = row.get("ID Section") or None
    result.chapter_title = row.get("Section")
    result.function = row.get("Fonction") or row.get("Bloc")
    result.text = row.get("Énoncé de l'exigence (DOIT) ou de la préconisation (PEUT)")
    result.kind = kind
    result.profiles = profiles
    result.conditional = parse_yes_no(row.get("Exigence conditionnelle OUI/NON"))
    requirement = builder.requirement(result)
    evidence = []
    for n in range(1, 11):
        code = row.get(f"N° preuve {n}")
        if code:  # the template repeats « Preuve n » texts without numbers: ignore those
            evidence.append(EvidenceRow(code, row.get(f"Preuve {n}")))
    builder.add_evidence(
        requirement, row.get("N° scénario"), row.get("Scénario de conformité"), evidence, row.number
    )


def _referencement(row: _Row, builder: _Builder, profile_columns: list[str]) -> None:
    result = _common(row, row.get("ID"))
    if isinstance(result, RowError):
        builder.errors.append(result)
        return
    kind = parse_kind(row.get("Nature"))
    perimeter = parse_perimeter(row.get("Périmètre"))
    flagged = tuple(h for h in profile_columns if normalise(row.get(h)) in YES)
    bad_flags = [h for h in profile_columns if normalise(row.get(h)) not in YES | NO]
    listed = split_profiles(row.get("Profils"))
    profiles = listed or flagged
    if listed and flagged and {normalise(p) for p in listed} != {normalise(p) for p in flagged}:
        builder.warnings.append(
            RowError(
                row.number,
                f"les colonnes oui/non ({', '.join(flagged)}) diffèrent de la colonne « Profils » "
                f"({', '.join(listed)}), qui fait foi.",
            )
        )
    evidence_type = normalise(row.get("Type de preuve"))
    order = row.get("Ordre")
    problems = _check(row.number, perimeter=perimeter, kind=kind, profiles=profiles, order=order)
    problems += [RowError(row.number, f"valeur oui/non illisible dans « {h} ».") for h in bad_flags]
    if evidence_type and evidence_type not in EVIDENCE_TYPES:
        problems.append(RowError(row.number, f"type de preuve inconnu « {evidence_type} »."))
    field_test = None
    if row.has(FIELD_TEST_HEADER):
        flag = normalise(row.get(FIELD_TEST_HEADER))
        field_test = flag in YES
        if flag not in YES | NO:
            problems.append(
                RowError(row.number, f"valeur oui/non illisible dans « {FIELD_TEST_HEADER} ».")
            )
    if problems:
        builder.errors.extend(problems)
        return
    result.chapter_code = row.get("ID chapitre") or None
    result.chapter_title = row.get("Chapitre")
    result.function = row.get("Fonction")
    result.text = row.get("Exigence")
    result.comment = row.get("Commentaire") if row.has("Commentaire") else None
    result.kind = kind
    result.perimeter = perimeter
    result.profiles = profiles
    result.criticality = row.get("Criticité") if row.has("Criticité") else None
    result.order = int(order) if order else None
    result.field_test = field_test
    requirement = builder.requirement(result)
    code = row.get("N° preuve")
    evidence = [EvidenceRow(code, row.get("Preuve"), evidence_type or None)] if code else []
    builder.add_evidence(
        requirement, row.get("N° scénario"), row.get("Scénario de conformité"), evidence, row.number
    )


def _check(
    number: int, *, perimeter: str | None, kind: str | None, profiles: tuple[str, ...], order: str
) -> list[RowError]:
    problems = []
    if perimeter == "":
        problems.append(
            RowError(number, "périmètre illisible (attendu « Vague 1 » ou « Vague 2 »).")
        )
    if kind == "":
        problems.append(RowError(number, "nature illisible (attendu EXI, PRE ou RECO)."))
    if not profiles:
        problems.append(RowError(number, "aucun profil indiqué."))
    if order and not order.isdigit():
        problems.append(RowError(number, f"ordre « {order} » non numérique."))
    return problems


NON_PROFILE_HEADERS = {
    normalise(h)
    for h in (
        "ID",
        "ID chapitre",
        "Chapitre",
        "Fonction",
        "Exigence",
        "Commentaire",
        "Nature",
        "Périmètre",
        "Profils",
        "N° scénario",
        "Scénario de conformité",
        "N° preuve",
        "Preuve",
        "Type de preuve",
        "Criticité",
        "Ordre",
        FIELD_TEST_HEADER,
    )
}


def parse_rem(
    rows: Iterable[tuple[int, list]],
    *,
    on_progress: Callable[[int], None] | None = None,
) -> ParsedRem:
    """Validate every row into requirements; `on_progress(rows_read)` is called as it goes."""
    iterator = iter(rows)
    layout, index, headers = None, {}, []
    for _ in range(HEADER_SEARCH_ROWS):
        try:
            _, headers = next(iterator)
        except StopIteration:
            break
        layout = detect_layout(headers)
        if layout:
            index = {normalise(h): i for i, h in enumerate(headers) if normalise(h)}
            break
    if layout is None:
        raise RemFormatError(
            "Aucune ligne d'en-têtes reconnue : le fichier doit suivre la disposition de l'export "
            "Convergence, celle de publication (N° preuve 1…10) ou le format de la plateforme."
        )
    profile_columns = [
        cell(h) for h in headers if normalise(h) and normalise(h) not in NON_PROFILE_HEADERS
    ]
    builder = _Builder()
    total = 0
    for number, values in iterator:
        if not any(cell(v) for v in values):
            continue
        total += 1
        row = _Row(index, values, number)
        if layout == "convergence":
            _convergence(row, builder)
        elif layout == "publication":
            _publication(row, builder)
        else:
            _referencement(row, builder, profile_columns)
        if on_progress:
            on_progress(total)
    for requirement in builder.requirements.values():
        for scenario in requirement.scenarios or []:
            scenario.evidence = [
                e if e.evidence_type else EvidenceRow(e.code, e.text, infer_evidence_type(e.text))
                for e in scenario.evidence
            ]
    return ParsedRem(
        layout, list(builder.requirements.values()), builder.errors, builder.warnings, total
    )


# --- writing -------------------------------------------------------------------------------

PERIMETER_LABELS = {WAVE_1: "Vague 1", WAVE_2: "Vague 2"}


def convergence_rows(requirements: Iterable[RequirementRow]) -> Iterator[list]:
    """Rows of the Convergence export layout, one per evidence item (header first)."""
    yield list(CONVERGENCE_HEADERS)
    for req in requirements:
        profiles = "; ".join(req.profiles)
        head = [
            PERIMETER_LABELS.get(req.perimeter or "", ""),
            req.code,
            req.chapter_title or "",
            req.function or "",
            req.text or "",
            req.comment or "",
            profiles,
        ]
        tail = [profiles, req.criticality or "", req.order if req.order is not None else ""]
        items = [(s, e) for s in req.scenarios or [] for e in (s.evidence or [None])]
        for scenario, evidence in items or [(None, None)]:
            yield (
                head
                + [
                    scenario.code if scenario else "",
                    scenario.text if scenario else "",
                    evidence.code if evidence else "",
                    evidence.text if evidence else "",
                ]
                + tail
            )


def write_xlsx(rows: Iterable[list], out: IO[bytes]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Exigences")
    for values in rows:
        sheet.append(values)
    workbook.save(out)


def write_csv(rows: Iterable[list], out: IO[bytes]) -> None:
    """Semicolon-separated UTF-8 with BOM, which French spreadsheet software opens as is."""
    text = io.StringIO()
    writer = SafeCsvWriter(text, delimiter=";")
    writer.writerows(rows)
    out.write(text.getvalue().encode("utf-8-sig"))
