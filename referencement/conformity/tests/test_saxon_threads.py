"""Issue 13 item 1: the schematron runs, and says « non conforme », whatever the thread or
process that asks (a SaxonC processor works only in the thread that created it: checks run in dedicated
checking processes)."""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from referencement.conformity import saxon, validate
from referencement.conformity.findings import Severity, Verdict

_CDA = {"c": "urn:hl7-org:v3"}
DLU = "CI-SIS_DLU-EHPAD-DLU_2022.01"
EXPECTED = (str(Verdict.NON_CONFORME), [f"schematron.{DLU}"])
# Counts forever (a tail call: no stack overflow to end it).
RUNAWAY = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xsl:template match="/"><xsl:call-template name="count"/></xsl:template>
  <xsl:template name="count">
    <xsl:param name="n" as="xs:integer" select="0"/>
    <xsl:call-template name="count"><xsl:with-param name="n" select="$n + 1"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
"""


@pytest.fixture(scope="module")
def non_conformant(cisis: Path) -> bytes:
    """DLU example without its mandatory « Documents ajoutés » section: only the
    schematron can see it."""
    root = etree.fromstring((cisis / "ExemplesCDA" / "DLU-EHPAD-DLU_2022.01.xml").read_bytes())
    [component] = root.xpath(
        "c:component/c:structuredBody/c:component[c:section/c:templateId"
        "[@root='1.2.250.1.213.1.1.2.37']]",
        namespaces=_CDA,
    )
    component.getparent().remove(component)
    return etree.tostring(root)


def verdict_and_rules(data: bytes, schematron_dir: Path) -> tuple[str, list[str]]:
    report = validate(data, schematron_dir=schematron_dir)
    rules = sorted(f.rule for f in report.findings if f.severity is not Severity.INFO)
    return str(report.verdict), rules


def test_the_same_check_from_8_threads_always_says_non_conforme(non_conformant, installed):
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: verdict_and_rules(non_conformant, installed), range(16)))
    assert results == [EXPECTED] * 16


def test_the_same_check_from_2_worker_processes_always_says_non_conforme(non_conformant, installed):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        results = list(pool.map(verdict_and_rules, [non_conformant] * 4, [installed] * 4))
    assert results == [EXPECTED] * 4


def test_a_check_over_its_time_limit_is_non_verifiable_and_its_process_killed(
    non_conformant, installed, tmp_path, monkeypatch
):
    """Issue 13 item 9: the per-check limit kills the runaway work (its checking process),
    the verdict says why, and the next check runs in a fresh process."""
    runaway = tmp_path / "schematrons"
    (runaway / "compiled").mkdir(parents=True)
    for shared in ("infrastructure", "jeuxDeValeurs", "index.json"):
        (runaway / shared).symlink_to(installed / shared)
    (runaway / "compiled" / f"{DLU}.xsl").write_text(RUNAWAY, encoding="utf-8")
    verdict_and_rules(non_conformant, installed)  # at least one checking process is idle
    before = set(saxon.idle_checker_pids())
    monkeypatch.setenv("REFERENCEMENT_CHECK_TIMEOUT", "0.5")

    report = validate(non_conformant, schematron_dir=runaway)

    assert report.verdict is Verdict.NON_VERIFIABLE
    [finding] = [f for f in report.findings if f.severity is Severity.NON_VERIFIABLE]
    assert finding.message == f"Le schématron {DLU} n'a pas pu s'exécuter : délai de 0.5 s dépassé"
    [killed] = before - set(saxon.idle_checker_pids())
    with pytest.raises(ProcessLookupError):
        os.kill(killed, 0)
    monkeypatch.delenv("REFERENCEMENT_CHECK_TIMEOUT")
    assert verdict_and_rules(non_conformant, installed) == EXPECTED


def test_a_checking_process_killed_from_outside_is_replaced_for_the_next_check(
    non_conformant, installed
):
    verdict_and_rules(non_conformant, installed)
    for pid in saxon.idle_checker_pids():
        os.kill(pid, signal.SIGKILL)
    assert verdict_and_rules(non_conformant, installed) == EXPECTED


def test_stopping_the_idle_checking_processes_reaps_them(non_conformant, installed):
    verdict_and_rules(non_conformant, installed)
    idle = saxon.idle_checker_pids()
    assert idle
    saxon.stop_idle_checkers()
    assert saxon.idle_checker_pids() == []
    for pid in idle:
        with pytest.raises(ProcessLookupError):  # a zombie would still answer
            os.kill(pid, 0)
    assert verdict_and_rules(non_conformant, installed) == EXPECTED
