"""The catalogue files shipped in `catalogues/<code>.yaml`: reading and schema check.

A file describes one dispositif: identity, rule parameters, calendar, profiles and profile
rules, chapters, document types, extra evidence and requirement groups (requirements that
share a chapter, feature, perimeter and profiles, as the source texts' tables list them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from referencement.lib.rem_sheets import RequirementRow

from .choices import (
    CollegeOutcome,
    ConventionTiming,
    Corridor,
    DelayUnit,
    DossierRequirement,
    Perimeter,
    ProfileChangePolicy,
    ProfileRuleKind,
    QueueBasis,
    RequirementKind,
)
from .dossier import EDITOR_FIELD_CODES, ELEMENTS

CATALOGUE_DIR = Path(__file__).parent / "catalogues"
# libyaml's parser (shipped in PyYAML's wheels) reads the catalogues ten times faster than the
# pure-Python one: every start, `load-catalogues` and most tests read all five files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(Exception):
    """A catalogue file breaks the schema; the message names the file and the place."""


@dataclass(frozen=True)
class CatalogueFile:
    path: Path
    data: dict[str, Any]
    digest: str


def catalogue_paths(directory: Path = CATALOGUE_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def read_catalogue(path: Path) -> CatalogueFile:
    raw = path.read_bytes()
    try:
        data = yaml.load(raw, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path.name} : YAML illisible ({error}).") from error
    problems = check_catalogue(data)
    if problems:
        raise CatalogueError(f"{path.name} :\n  - " + "\n  - ".join(problems))
    digest = hashlib.sha256(raw)
    if "charter" in data:
        # Issue 12 item 8: the charter is the document itself, kept beside the YAML; a
        # changed document changes the catalogue's digest, so it is loaded again.
        document = _charter_document(path, data["charter"]["file"])
        data["charter"]["text"] = document.decode()
        digest.update(document)
    return CatalogueFile(path, data, digest.hexdigest())


def _charter_document(path: Path, name: str) -> bytes:
    document = (path.parent / name).resolve()
    if not document.is_relative_to(path.parent.resolve()) or not document.is_file():
        raise CatalogueError(f"{path.name} : charter.file « {name} » introuvable.")
    return document.read_bytes()


# --- schema ------------------------------------------------------------------------------

_DELAY = {"amount": int, "unit": str, "source": str}
# The charter the editor's legal representative accepts (001 §4.3): the document's file
# (Markdown, beside the YAML), its version label, its source and what the page says of it.
_CHARTER = {"version": str, "file": str, "source": str, "note": str}
_TOP = {
    "code": str,
    "title": str,
    "source": str,
    "corridor": str,
    "wave": int,
    "funded": bool,
    "description": str,
    "catalogue_note": str,
    "charter": dict,
    "parameters": dict,
    "milestones": list,
    "profiles": list,
    "rules": list,
    "chapters": list,
    "document_types": list,
    "extra_evidence": list,
    "requirements": list,
    "dossier": dict,
}
_REQUIRED_TOP = (
    "code",
    "title",
    "source",
    "corridor",
    "wave",
    "funded",
    "parameters",
    "milestones",
    "profiles",
    "dossier",
)
# Issue 12 item 7: the administrative dossier each text asks for (001 §4.3, 003 §4.2,
# 004 §4.2, 002 §2.1): the editor's fields it marks (*) and the elements of dossier.py.
_DOSSIER = {"source": str, "note": str, "editor_fields": list, "elements": list}
_DOSSIER_ELEMENT = {"code": str, "required": str, "source": str, "label": str, "ineligible": list}
_PARAMETERS = {
    "admin_response": dict,
    "admin_late_rejects": bool,
    "queue_guarantee": dict,
    "abandonment": dict,
    "queue_basis": str,
    "profile_change_policy": str,
    "college_outcomes": list,
    "reserves_fix": dict,
    "field_test_session": dict,
    "evidence_equivalence": bool,
    "next_version": dict,
    "equivalence_sources": list,
    "equivalence_perimeter": str,
    "candidates_public": bool,
    "convention": dict,
    "evidence_deadline": dict,
    "assumed": list,
    "assumption_note": str,
    "sources": dict,
}
# Issue 12: every parameter carries the text it comes from. A delay (and `next_version`,
# `convention`, `evidence_deadline`) has its own `source`; the others are cited in
# `parameters.sources`.
_DELAYS = ("admin_response", "queue_guarantee", "abandonment", "reserves_fix", "field_test_session")
_UNSOURCED = frozenset(
    {
        "assumed",
        "assumption_note",
        "sources",
        "next_version",
        "convention",
        "evidence_deadline",
        *_DELAYS,
    }
)
# Rules every dispositif applies whose section differs between texts: the refusal citing
# them names the dispositif's own text (« Dossier complet », the profiles on an attestation).
RULE_SOURCES = ("complete_dossier", "profile_attestation")
# Issue 14 item 5: whether a referenced solution may open its next version with its evidence
# carried forward (001 §1.2, 003 §1.2 « compatibilité ascendante »), and which items are
# always deposited again (requirement or extra evidence codes, e.g. intrusion tests).
_NEXT_VERSION = {"allowed": bool, "source": str, "note": str, "always_redeposit": list}
# Issue 12 item 10b: when the editor signs the convention (004 §4.2 vs 001 §4.5).
_CONVENTION = {"signed": str, "source": str, "note": str}
# The Date closing the evidence deposit when it is not Date 2 (004 §4.3–§4.4: no Date 2).
_EVIDENCE_DEADLINE = {"milestone": int, "source": str, "note": str}
_REQUIRED_PARAMETERS = (
    "admin_response",
    "admin_late_rejects",
    "queue_guarantee",
    "abandonment",
    "queue_basis",
    "profile_change_policy",
    "college_outcomes",
)
_ITEMS = {
    "milestones": (
        {"number": int, "at": (str, date, datetime), "label": str, "source": str},
        ("number", "at", "label", "source"),
    ),
    "profiles": (
        {"code": str, "label": str, "mandatory": bool, "criteria": str},
        ("code", "label"),
    ),
    "rules": (
        {"kind": str, "profiles": list, "requirements": list, "source": str, "description": str},
        ("kind", "profiles", "source"),
    ),
    "chapters": ({"code": str, "title": str, "field_test": bool}, ("code", "title")),
    "document_types": ({"code": str, "label": str, "category": str}, ("code", "label")),
    "extra_evidence": (
        {
            "code": str,
            "label": str,
            "assessed": bool,
            "redeposit_until": int,
            "derogation": str,
            "late_deposit": bool,
            "source": str,
            "exempt_profiles": list,
            "exemption_source": str,
        },
        ("code", "label", "source"),
    ),
    "requirements": (
        {
            "chapter": str,
            "function": str,
            "perimeter": str,
            "profiles": list,
            "kind": str,
            "ids": list,
            "source": str,
        },
        ("chapter", "perimeter", "profiles", "ids"),
    ),
}


def _check_mapping(where: str, value: Any, spec: dict, required: tuple) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where} : un dictionnaire est attendu."]
    problems = [f"{where} : clé inconnue « {key} »." for key in value if key not in spec]
    problems += [
        f"{where} : clé obligatoire « {key} » absente." for key in required if key not in value
    ]
    for key, expected in spec.items():
        if key in value and value[key] is not None and not isinstance(value[key], expected):
            problems.append(f"{where}.{key} : type inattendu ({type(value[key]).__name__}).")
    return problems


def _check_choice(where: str, value: Any, choices: type) -> list[str]:
    if value is not None and value not in choices.values:
        return [f"{where} : « {value} » n'est pas parmi {', '.join(choices.values)}."]
    return []


def check_catalogue(data: Any) -> list[str]:
    """Every schema problem, in French, with its place in the file."""
    problems = _check_mapping("racine", data, _TOP, _REQUIRED_TOP)
    if problems:
        return problems
    problems += _check_choice("corridor", data["corridor"], Corridor)
    if "charter" in data:
        problems += _check_mapping(
            "charter", data["charter"], _CHARTER, ("version", "file", "source")
        )
    parameters = data["parameters"]
    problems += _check_mapping("parameters", parameters, _PARAMETERS, _REQUIRED_PARAMETERS)
    for name in _DELAYS:
        if isinstance(parameters.get(name), dict):
            problems += _check_mapping(
                f"parameters.{name}", parameters[name], _DELAY, ("amount", "unit", "source")
            )
            problems += _check_choice(
                f"parameters.{name}.unit", parameters[name].get("unit"), DelayUnit
            )
    if isinstance(parameters.get("next_version"), dict):
        problems += _check_mapping(
            "parameters.next_version",
            parameters["next_version"],
            _NEXT_VERSION,
            ("allowed", "source", "note"),
        )
    if isinstance(parameters.get("convention"), dict):
        problems += _check_mapping(
            "parameters.convention", parameters["convention"], _CONVENTION, ("signed", "source")
        )
        problems += _check_choice(
            "parameters.convention.signed", parameters["convention"].get("signed"), ConventionTiming
        )
    if isinstance(parameters.get("evidence_deadline"), dict):
        problems += _check_mapping(
            "parameters.evidence_deadline",
            parameters["evidence_deadline"],
            _EVIDENCE_DEADLINE,
            ("milestone", "source", "note"),
        )
    problems += _check_choice("parameters.queue_basis", parameters.get("queue_basis"), QueueBasis)
    problems += _check_choice(
        "parameters.profile_change_policy",
        parameters.get("profile_change_policy"),
        ProfileChangePolicy,
    )
    for outcome in parameters.get("college_outcomes") or []:
        problems += _check_choice("parameters.college_outcomes", outcome, CollegeOutcome)
    for unknown in set(parameters.get("assumed") or []) - set(_PARAMETERS):
        problems.append(f"parameters.assumed : paramètre inconnu « {unknown} ».")
    problems += _check_sources(parameters)
    for section, (spec, required) in _ITEMS.items():
        for position, item in enumerate(data.get(section) or [], start=1):
            problems += _check_mapping(f"{section}[{position}]", item, spec, required)
    problems += _check_dossier(data["dossier"])
    if problems:
        return problems
    return problems + _check_references(data)


def _check_sources(parameters: dict) -> list[str]:
    sources = parameters.get("sources") or {}
    if not isinstance(sources, dict):
        return []
    cited = [name for name in parameters if name not in _UNSOURCED] + list(RULE_SOURCES)
    problems = [
        f"parameters.sources : source absente pour « {name} »."
        for name in cited
        if not str(sources.get(name) or "").strip()
    ]
    return problems + [
        f"parameters.sources : « {name} » n'est ni un paramètre du fichier ni une règle citée."
        for name in sources
        if name not in cited
    ]


def _check_dossier(dossier: dict) -> list[str]:
    problems = _check_mapping("dossier", dossier, _DOSSIER, ("source", "editor_fields"))
    if problems:
        return problems
    problems += [
        f"dossier.editor_fields : champ de l'éditeur inconnu « {name} »."
        for name in dossier["editor_fields"]
        if name not in EDITOR_FIELD_CODES
    ]
    seen: set[str] = set()
    for position, item in enumerate(dossier.get("elements") or [], start=1):
        where = f"dossier.elements[{position}]"
        found = _check_mapping(where, item, _DOSSIER_ELEMENT, ("code", "required", "source"))
        if found:
            problems += found
            continue
        problems += _check_choice(f"{where}.required", item["required"], DossierRequirement)
        if item["code"] not in ELEMENTS:
            problems.append(f"{where} : élément du dossier inconnu « {item['code']} ».")
        if item["code"] in seen:
            problems.append(f"{where} : élément « {item['code']} » en double.")
        seen.add(item["code"])
    return problems


def _check_references(data: dict) -> list[str]:
    problems = []
    profiles = {p["code"] for p in data["profiles"]}
    chapters = {c["code"] for c in data.get("chapters") or []}
    if not any(p.get("mandatory") for p in data["profiles"]):
        problems.append("profiles : aucun profil obligatoire (le profil Général l'est toujours).")
    for position, milestone in enumerate(data["milestones"], start=1):
        try:
            parse_instant(milestone["at"])
        except ValueError:
            problems.append(f"milestones[{position}].at : date illisible « {milestone['at']} ».")
    evidence_deadline = data["parameters"].get("evidence_deadline")
    if evidence_deadline and evidence_deadline["milestone"] not in {
        m["number"] for m in data["milestones"]
    }:
        problems.append(
            "parameters.evidence_deadline.milestone : "
            f"Date {evidence_deadline['milestone']} absente des milestones."
        )
    for position, rule in enumerate(data.get("rules") or [], start=1):
        problems += _check_choice(f"rules[{position}].kind", rule["kind"], ProfileRuleKind)
        problems += [
            f"rules[{position}] : profil inconnu « {p} »."
            for p in rule["profiles"]
            if p not in profiles
        ]
    for position, item in enumerate(data.get("extra_evidence") or [], start=1):
        where = f"extra_evidence[{position}]"
        exempt = item.get("exempt_profiles") or []
        problems += [f"{where} : profil inconnu « {p} »." for p in exempt if p not in profiles]
        if exempt and not item.get("exemption_source"):
            problems.append(f"{where} : exemption_source obligatoire avec exempt_profiles.")
    seen: set[str] = set()
    for position, group in enumerate(data.get("requirements") or [], start=1):
        where = f"requirements[{position}]"
        problems += _check_choice(f"{where}.perimeter", group["perimeter"], Perimeter)
        problems += _check_choice(f"{where}.kind", group.get("kind"), RequirementKind)
        if group["chapter"] not in chapters:
            problems.append(f"{where} : chapitre inconnu « {group['chapter']} ».")
        problems += [
            f"{where} : profil inconnu « {p} »." for p in group["profiles"] if p not in profiles
        ]
        for code in group["ids"]:
            if code in seen:
                problems.append(f"{where} : exigence « {code} » en double.")
            seen.add(code)
    return problems


def parse_instant(value: str | date | datetime) -> tuple[datetime, bool]:
    """(Paris instant, whether a time was given). A bare date means the end of that day."""
    from .calendar import PARIS, paris_datetime

    if isinstance(value, datetime):
        return value.astimezone(PARIS) if value.tzinfo else value.replace(tzinfo=PARIS), True
    if isinstance(value, date):
        return paris_datetime(value, "23:59"), False
    day, _, hhmm = str(value).strip().partition(" ")
    parsed = date.fromisoformat(day)
    return (
        (paris_datetime(parsed, hhmm), True) if hhmm else (paris_datetime(parsed, "23:59"), False)
    )


def requirement_rows(data: dict) -> list[RequirementRow]:
    """The file's requirement groups as rows; what a group leaves out (function, nature),
    the text and the scenarios are left to the REM import (None keeps the stored value)."""
    chapters = {c["code"]: c["title"] for c in data.get("chapters") or []}
    rows = []
    order = 0
    for group in data.get("requirements") or []:
        for code in group["ids"]:
            order += 1
            rows.append(
                RequirementRow(
                    code=code,
                    chapter_code=group["chapter"],
                    chapter_title=chapters[group["chapter"]],
                    function=group.get("function"),
                    kind=group.get("kind"),
                    perimeter=group["perimeter"],
                    profiles=tuple(group["profiles"]),
                    order=order,
                )
            )
    return rows
