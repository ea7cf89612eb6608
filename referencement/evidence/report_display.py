"""How a stored conformity report reads on a page (issue 11 item 7): the verdict as a
coloured badge, each finding with its severity in words, its place in the file, its
message in French with the original kept, and the operator's notes for agency staff only.

Verdicts and severities are data: a new status needs a label (in ``choices``) and a
colour here, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from referencement.conformity.messages_fr import translate
from referencement.lib.french import plural

from .choices import ConformityStatus
from .models import EvidenceVersion

# DSFR badge colours (fr-badge--<colour>); a status absent from the map gets a neutral badge.
VERDICT_COLOURS: dict[str, str] = {
    ConformityStatus.PASSED: "success",
    ConformityStatus.WARNINGS: "warning",
    ConformityStatus.FAILED: "error",
    ConformityStatus.PENDING: "info",
}

# severity code → (word shown, badge colour)
SEVERITIES: dict[str, tuple[str, str]] = {
    "erreur": ("Erreur", "error"),
    "avertissement": ("Avertissement", "warning"),
    "info": ("Information", "info"),
}


@dataclass(frozen=True)
class FindingView:
    severity: str
    colour: str
    rule: str
    message: str
    original: str
    location: str
    line: int | None
    operator_note: str


@dataclass(frozen=True)
class ReportView:
    status: str
    label: str
    colour: str
    note: str
    summary: str
    findings: list[FindingView]


def report_view(version: EvidenceVersion, *, for_operator: bool) -> ReportView:
    report = version.conformity_report or {}
    findings = [_finding_view(f, for_operator) for f in report.get("findings", [])]
    return ReportView(
        status=version.conformity_status,
        label=version.get_conformity_status_display(),
        colour=VERDICT_COLOURS.get(version.conformity_status, ""),
        note=report.get("note", ""),
        summary=summary_of(report.get("findings", [])),
        findings=findings,
    )


def summary_of(findings: list[dict]) -> str:
    counts = {code: 0 for code in SEVERITIES}
    for finding in findings:
        code = finding.get("severity", "info")
        counts[code] = counts.get(code, 0) + 1
    return ", ".join(
        plural(counts[code], noun, nouns)
        for code, noun, nouns in (
            ("erreur", "erreur", "erreurs"),
            ("avertissement", "avertissement", "avertissements"),
            ("info", "information", "informations"),
        )
    )


def _finding_view(finding: dict, for_operator: bool) -> FindingView:
    code = finding.get("severity", "info")
    word, colour = SEVERITIES.get(code, (code, ""))
    original = finding.get("message", "")
    message = translate(original)
    return FindingView(
        severity=word,
        colour=colour,
        rule=finding.get("rule", ""),
        message=message,
        original=original if message != original else "",
        location=finding.get("location", "") if finding.get("location") != "/" else "",
        line=finding.get("line"),
        operator_note=finding.get("operator_note", "") if for_operator else "",
    )
