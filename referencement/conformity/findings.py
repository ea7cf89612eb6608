"""Findings and reports: the only shapes every conformity check returns."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERREUR = "erreur"
    AVERTISSEMENT = "avertissement"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One observation on a file.

    ``location`` is an XPath, a zip entry path, an HL7 ``SEG[n]-field`` or ``ligne N``;
    a finding from a nested file gets the container location as prefix (``within``).
    ``line`` is the line in the checked file when the parser knows it. ``operator_note``
    tells the platform's operator how to make a skipped check run: it is shown to agency
    staff only, never to editors.
    """

    rule: str
    severity: Severity
    location: str
    message: str
    line: int | None = None
    operator_note: str = ""

    def within(self, prefix: str) -> Finding:
        location = f"{prefix} > {self.location}" if self.location else prefix
        return replace(self, location=location)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "location": self.location,
            "line": self.line,
            "message": self.message,
            "operator_note": self.operator_note,
        }


def error(
    rule: str, location: str, message: str, *, line: int | None = None, operator_note: str = ""
) -> Finding:
    return Finding(rule, Severity.ERREUR, location, message, line, operator_note)


def warning(
    rule: str, location: str, message: str, *, line: int | None = None, operator_note: str = ""
) -> Finding:
    return Finding(rule, Severity.AVERTISSEMENT, location, message, line, operator_note)


def info(
    rule: str, location: str, message: str, *, line: int | None = None, operator_note: str = ""
) -> Finding:
    return Finding(rule, Severity.INFO, location, message, line, operator_note)


def has_error(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERREUR for f in findings)


@dataclass
class Report:
    kind: str
    filename: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {str(s): counts.get(s, 0) for s in Severity}

    @property
    def ok(self) -> bool:
        return not has_error(self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "ok": self.ok,
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
        }
