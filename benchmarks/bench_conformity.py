"""Throughput of CI-SIS schematron validation: cached compiled XSLT vs compile per document.

Usage: python benchmarks/bench_conformity.py [SHARED_DIR]   (default $REFERENCEMENT_SHARED or
../shared). Prints the full install time, medians per document, both throughputs, the
ratio and peak memory. Target at steady state: ≤ 22 ms per document per schematron.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from referencement.conformity import saxon, schematron
from referencement.conformity.schematron_install import install_schematrons
from referencement.conformity.xmlsafe import parse_xml


def main() -> None:
    repo_root = Path(__file__).resolve().parents[1]
    default = os.environ.get("REFERENCEMENT_SHARED") or repo_root.parent / "shared"
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else default)
    examples = sorted((shared / "cisis" / "ExemplesCDA").glob("*.xml"))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = install_schematrons(shared / "cisis", Path(tmp))
        install = time.perf_counter() - started
        print(
            f"install: {len(result.compiled)} compiled, {len(result.failed)} failed, "
            f"{install:.1f} s"
        )
        index = schematron.load_index(Path(tmp))
        jobs = []
        for path in examples:
            tree, _ = parse_xml(path.read_bytes())
            if tree is not None:
                jobs += [(tree, s) for s in schematron.select(tree.getroot(), index)]
        print(f"{len(jobs)} (document, schematron) pairs from {len(examples)} examples")
        for tree, chosen in jobs:  # warm-up: compile each once, JIT the paths
            schematron.run(tree, chosen)
        cached = _timed(jobs)
        per_document = _timed(jobs, compile_each=True)
    for label, times in (("cached", cached), ("compile per document", per_document)):
        median = statistics.median(times) * 1000
        print(f"{label:>22}: median {median:6.1f} ms/doc, {len(times) / sum(times):6.1f} doc/s")
    print(f"ratio (per-document / cached, total time): {sum(per_document) / sum(cached):.1f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB")


def _timed(jobs: list, *, compile_each: bool = False) -> list[float]:
    times = []
    for tree, chosen in jobs:
        started = time.perf_counter()
        if compile_each:
            saxon.clear_cache()
        schematron.run(tree, chosen)
        times.append(time.perf_counter() - started)
    return times


if __name__ == "__main__":
    main()
