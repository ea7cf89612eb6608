"""Findings and reports: the only shapes every conformity check returns."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERREUR = "erreur"
    # A check that applies could not run (no schematron for the volet, schematron failure,
    # time or resource limit, checker exception): never read as a pass.
    NON_VERIFIABLE = "non vérifiable"
    AVERTISSEMENT = "avertissement"
    INFO = "info"


class Verdict(StrEnum):
    """The four verdicts of a report, most severe first."""

    NON_CONFORME = "non conforme"
    NON_VERIFIABLE = "non vérifiable"
    AVERTISSEMENTS = "avertissements"
    CONFORME = "conforme"


@dataclass(frozen=True)
class Finding:
    """One observation on a file.

    ``location`` is an XPath, a zip entry path, an HL7 ``SEG[n]-field`` or ``ligne N``;
    a finding from a nested file gets the container location as prefix (``within``).
    Schematron findings also name the schematron, its version and the rule id, so that a
    report can be traced to the agency's rule. ``line`` is the line in the checked file when
    the parser knows it. ``operator_note`` tells the platform's operator how to make a
    skipped check run: it is shown to agency staff only, never to editors.
    """

    rule: str
    severity: Severity
    location: str
    message: str
    schematron: str = ""
    version: str = ""
    rule_id: str = ""
    line: int | None = None
    operator_note: str = ""

    def within(self, prefix: str) -> Finding:
        location = f"{prefix} > {self.location}" if self.location else prefix
        return replace(self, location=location)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "rule": self.rule,
            "severity": str(self.severity),
            "location": self.location,
            "line": self.line,
            "message": self.message,
            "operator_note": self.operator_note,
        }
        for name in ("schematron", "version", "rule_id"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data


def error(
    rule: str, location: str, message: str, *, line: int | None = None, operator_note: str = ""
) -> Finding:
    return Finding(rule, Severity.ERREUR, location, message, line=line, operator_note=operator_note)


def unverifiable(
    rule: str, location: str, message: str, *, line: int | None = None, operator_note: str = ""
) -> Finding:
    return Finding(
        rule, Severity.NON_VERIFIABLE, location, message, line=line, operator_note=operator_note
    )


def warning(
    rule: str, location: str, message: str, *, line: int | None = None, operator_note: str = ""
) -> Finding:
    return Finding(
        rule, Severity.AVERTISSEMENT, location, message, line=line, operator_note=operator_note
    )


def info(
    rule: str, location: str, message: str, *, line: int | None = None, operator_note: str = ""
) -> Finding:
    return Finding(rule, Severity.INFO, location, message, line=line, operator_note=operator_note)


def verdict_of(findings: list[Finding]) -> Verdict:
    severities = {f.severity for f in findings}
    if Severity.ERREUR in severities:
        return Verdict.NON_CONFORME
    if Severity.NON_VERIFIABLE in severities:
        return Verdict.NON_VERIFIABLE
    if Severity.AVERTISSEMENT in severities:
        return Verdict.AVERTISSEMENTS
    return Verdict.CONFORME


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
    def verdict(self) -> Verdict:
        return verdict_of(self.findings)

    @property
    def ok(self) -> bool:
        """Conforme, possibly with warnings: every check that applies ran and passed."""
        return self.verdict in (Verdict.CONFORME, Verdict.AVERTISSEMENTS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "verdict": str(self.verdict),
            "ok": self.ok,
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
        }
