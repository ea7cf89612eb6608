"""Public entry point: guess what a file is and run the matching checks."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path, PurePath

from .cda import check_cda
from .eml import check_eml
from .findings import Finding, Report, error, unverifiable
from .hl7v2 import check_hl7
from .ins import check_ins_file
from .stats_csv import check_stats_csv
from .xdm import check_xdm

KINDS = ("cda", "xdm", "ins", "eml", "hl7", "csv")
_EXTENSIONS = {
    ".xml": "cda",
    ".zip": "xdm",
    ".eml": "eml",
    ".hl7": "hl7",
    ".er7": "hl7",
    ".csv": "csv",
    ".json": "ins",
    ".txt": "ins",
}
_MAIL_HEADER = re.compile(
    rb"^(From|To|Subject|MIME-Version|Received|Message-ID|Date):", re.IGNORECASE | re.MULTILINE
)


def detect_kind(data: bytes, filename: str = "") -> str:
    """The kind from the content first, then from the file name; ``""`` when unknown."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xdm"
    if head.startswith(b"MSH"):
        return "hl7"
    if head.startswith(b"<"):
        return "cda"
    if head.startswith(b"{") or re.match(rb"(?i)#?.*\n?matricule\s*:", head):
        return "ins"
    first_line = head.split(b"\n", 1)[0].lower()
    if b"finess" in first_line and (b";" in first_line or b"," in first_line):
        return "csv"
    if _MAIL_HEADER.search(head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]):
        return "eml"
    return _EXTENSIONS.get(PurePath(filename).suffix.lower(), "")


def validate(
    data: bytes,
    *,
    filename: str = "",
    kind: str = "auto",
    document_types: set[str] | None = None,
    schematron_dir: Path | None = None,
    today: date | None = None,
) -> Report:
    """Check ``data`` and return a report; malformed input gives findings, never raises.

    A check that could not run (no schematron for the volet, timeout, checker exception…)
    gives a « non vérifiable » finding: the verdict is never « conforme » then.
    """
    if kind == "auto":
        kind = (
            detect_kind(data, filename)
            if data.strip()
            else _EXTENSIONS.get(PurePath(filename).suffix.lower(), "inconnu")
        )
    report = Report(kind=kind or "inconnu", filename=filename)
    if not data.strip():
        report.findings.append(error("fichier.vide", "/", "Le fichier est vide."))
        return report
    if kind not in KINDS:
        report.findings.append(
            error(
                "fichier.type",
                "/",
                "Type de fichier non reconnu (attendu : CDA, zip IHE_XDM, INS, message "
                ".eml, HL7 v2 ou CSV de statistiques).",
            )
        )
        return report
    try:
        report.findings = _run(kind, data, document_types, schematron_dir, today)
    except (RecursionError, MemoryError) as exc:
        report.findings = [
            unverifiable("controle", "/", f"Limite de ressources atteinte ({type(exc).__name__}).")
        ]
    except Exception as exc:  # noqa: BLE001 - a checker defect must not read as a pass or a 500
        report.findings = [
            unverifiable(
                "controle",
                "/",
                f"Le contrôle n'a pas pu s'exécuter ({type(exc).__name__} : {exc}).",
            )
        ]
    return report


def _run(
    kind: str,
    data: bytes,
    document_types: set[str] | None,
    schematron_dir: Path | None,
    today: date | None,
) -> list[Finding]:
    if kind == "cda":
        return check_cda(data, document_types=document_types, schematron_dir=schematron_dir)
    if kind == "xdm":
        return check_xdm(data, document_types=document_types, schematron_dir=schematron_dir)
    if kind == "eml":
        return check_eml(data, schematron_dir=schematron_dir)
    if kind == "hl7":
        return check_hl7(data, schematron_dir=schematron_dir)
    if kind == "csv":
        return check_stats_csv(data, today=today)
    return check_ins_file(data)
