"""Issue 13 item 1: the schematron runs, and says « non conforme », whatever the thread or
process that asks (a SaxonC processor works only in the thread that created it)."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from referencement.conformity import saxon, validate
from referencement.conformity.findings import Severity, Verdict

_CDA = {"c": "urn:hl7-org:v3"}


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
    expected = (str(Verdict.NON_CONFORME), ["schematron.CI-SIS_DLU-EHPAD-DLU_2022.01"])
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: verdict_and_rules(non_conformant, installed), range(16)))
    assert results == [expected] * 16


def test_the_same_check_from_2_worker_processes_always_says_non_conforme(non_conformant, installed):
    expected = (str(Verdict.NON_CONFORME), ["schematron.CI-SIS_DLU-EHPAD-DLU_2022.01"])
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        results = list(pool.map(verdict_and_rules, [non_conformant] * 4, [installed] * 4))
    assert results == [expected] * 4


def test_a_check_over_its_time_limit_is_non_verifiable():
    release = threading.Event()

    def blocked(_processor) -> str:
        release.wait()
        return "done"

    try:
        with pytest.raises(saxon.CheckNotRun, match="délai"):
            saxon.run_checked(blocked, timeout=0.05)
    finally:
        release.set()
