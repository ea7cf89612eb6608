"""Reports for editors' CI: JUnit XML (one test case per check) and SARIF 2.1.0 (findings
shown inline by code-hosting platforms)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from xml.etree import ElementTree as ET

from .findings import Finding, Report, Severity

TOOL = "referencement-validate"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LINE = re.compile(r"ligne (\d+)")


def _describe(finding: Finding) -> str:
    where = f" @ {finding.location}" if finding.location else ""
    return f"{finding.rule}{where} : {finding.message}"


def to_junit(reports: list[Report]) -> str:
    """One test suite per file, one test case per check (rule); an ``erreur`` is a
    failure, a « non vérifiable » an error (the check did not run)."""
    suites = ET.Element("testsuites", name=TOOL)
    for report in reports:
        by_rule: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            by_rule[finding.rule].append(finding)
        suite = ET.SubElement(suites, "testsuite", name=report.filename or report.kind)
        failures = errors = 0
        for rule, findings in by_rule.items() or [("conformite", [])]:
            case = ET.SubElement(suite, "testcase", classname=report.filename, name=rule)
            failed = [f for f in findings if f.severity is Severity.ERREUR]
            unrun = [f for f in findings if f.severity is Severity.NON_VERIFIABLE]
            if failed:
                failures += 1
                failure = ET.SubElement(case, "failure", message=failed[0].message, type=rule)
                failure.text = "\n".join(_describe(f) for f in failed)
            if unrun:
                errors += 1
                error = ET.SubElement(
                    case, "error", message=f"non vérifiable : {unrun[0].message}", type=rule
                )
                error.text = "\n".join(_describe(f) for f in unrun)
            others = [f for f in findings if f.severity in (Severity.AVERTISSEMENT, Severity.INFO)]
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(
                    f"[{f.severity}] {_describe(f)}" for f in others
                )
        suite.set("tests", str(len(suite)))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
    suites.set("tests", str(sum(int(s.get("tests", "0")) for s in suites)))
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def to_sarif(reports: list[Report]) -> str:
    """SARIF 2.1.0: one run, one result per ``erreur``, « non vérifiable » (kind ``open``:
    the tool could not decide) or ``avertissement``."""
    rules: dict[str, dict] = {}
    results = []
    for report in reports:
        for finding in report.findings:
            if finding.severity is Severity.INFO:
                continue
            rules.setdefault(finding.rule, {"id": finding.rule, "name": finding.rule})
            results.append(_sarif_result(report, finding))
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": TOOL, "rules": list(rules.values())}},
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2)


def _sarif_result(report: Report, finding: Finding) -> dict:
    physical: dict = {"artifactLocation": {"uri": report.filename}}
    line = _LINE.search(finding.location)
    if line:
        physical["region"] = {"startLine": int(line.group(1))}
    location: dict = {"physicalLocation": physical}
    if finding.location:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.location}]
    result: dict = {
        "ruleId": finding.rule,
        "message": {"text": finding.message},
        "locations": [location],
        "properties": {"severity": str(finding.severity)}
        | {k: v for k, v in finding.to_dict().items() if k in ("schematron", "version", "rule_id")},
    }
    if finding.severity is Severity.NON_VERIFIABLE:
        # SARIF §3.27.9: a result the tool could not decide is kind "open", level "none".
        result |= {"kind": "open", "level": "none"}
    else:
        result |= {
            "kind": "fail",
            "level": "error" if finding.severity is Severity.ERREUR else "warning",
        }
    return result
