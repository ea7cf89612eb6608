"""The whole conformity check, as deposits and the CLI run it: ``validate()`` per document.

Usage: python benchmarks/bench_conformity.py [SHARED_DIR] [--batch N]
(default $REFERENCEMENT_SHARED or ../shared; batch 1000). Prints:

- install: schematrons compiled / failed, seconds;
- validate() per document (parse, XSD, header, INS, selection, schematron) on the agency's
  examples in one warm process, three rounds: median and p90 of the wall time (targets
  22 ms and 60 ms), and the mean CPU time of this process and its checking processes;
- a batch of N documents through 2 worker processes (each calls validate() as the
  worker's check task does): documents per second;
- an XDM archive listing 1,000 references to one document: seconds (target < 1 s);
- a 3.5 MB bomb-like XDM archive (entries just under the compression-ratio limit, all
  referenced): peak RSS of a fresh process checking it (target < 300 MB).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import zipfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from referencement.conformity import saxon, validate  # noqa: E402
from referencement.conformity.schematron_install import install_schematrons  # noqa: E402

ENTRY = (
    '<rim:ExtrinsicObject id="D{n}" mimeType="text/xml"><rim:Slot name="URI"><rim:ValueList>'
    "<rim:Value>{uri}</rim:Value></rim:ValueList></rim:Slot>"
    '<rim:Slot name="hash"><rim:ValueList><rim:Value>{hash}</rim:Value></rim:ValueList>'
    '</rim:Slot><rim:ExternalIdentifier value="279035121518989^^^&amp;1.2.250.1.213.1.4.10&amp;'
    'ISO" identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" id="e{n}" '
    'registryObject="D{n}"/></rim:ExtrinsicObject>'
)


def main() -> None:
    repo_root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "shared",
        nargs="?",
        default=os.environ.get("REFERENCEMENT_SHARED") or repo_root.parent / "shared",
    )
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    shared = Path(args.shared)
    examples = [p.read_bytes() for p in sorted((shared / "cisis" / "ExemplesCDA").glob("*.xml"))]
    with tempfile.TemporaryDirectory() as tmp:
        installed = Path(tmp)
        started = time.perf_counter()
        result = install_schematrons(shared / "cisis", installed)
        print(
            f"install: {len(result.compiled)} compiled, {len(result.failed)} failed, "
            f"{time.perf_counter() - started:.1f} s"
        )
        for data in examples:  # warm-up: compile each schematron once, JIT the paths
            validate(data, schematron_dir=installed)
        wall = []
        started_cpu = time.process_time() + checkers_cpu()
        for _ in range(3):
            for data in examples:
                started = time.perf_counter()
                validate(data, schematron_dir=installed)
                wall.append(time.perf_counter() - started)
        cpu = time.process_time() + checkers_cpu() - started_cpu
        wall.sort()
        print(
            f"validate() per document ({len(examples)} examples × 3), wall: median "
            f"{statistics.median(wall) * 1000:.1f} ms, p90 {wall[int(len(wall) * 0.9)] * 1000:.1f} ms"
        )
        print(
            f"CPU per document, mean (this process and its checking processes): "
            f"{cpu / len(wall) * 1000:.1f} ms"
        )
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process so far: {peak:.0f} MiB")
        batch(examples, installed, args.batch)
        many = references_xdm(examples[examples_index(shared, "VAC_2023.01.xml")], 1000)
        started = time.perf_counter()
        report = validate(many, schematron_dir=installed)
        print(
            f"XDM with 1,000 references to one document: {time.perf_counter() - started:.2f} s "
            f"({report.verdict})"
        )
        bomb = bomb_xdm()
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            verdict, rss = pool.submit(_rss_after, bomb, str(installed)).result()
        print(f"bomb-like XDM ({len(bomb) / 1e6:.1f} MB): {verdict}; peak RSS {rss:.0f} MiB")


def checkers_cpu() -> float:
    """CPU seconds used so far by the (idle) checking processes that run the schematrons."""
    ticks = 0
    for pid in saxon.idle_checker_pids():
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def examples_index(shared: Path, name: str) -> int:
    return sorted(p.name for p in (shared / "cisis" / "ExemplesCDA").glob("*.xml")).index(name)


def _warm(installed: str, examples: list[bytes]) -> None:
    for data in examples:
        validate(data, schematron_dir=Path(installed))


def _check(data: bytes, installed: str) -> str:
    return str(validate(data, schematron_dir=Path(installed)).verdict)


def batch(examples: list[bytes], installed: Path, count: int) -> None:
    documents = [examples[n % len(examples)] for n in range(count)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        2, mp_context=context, initializer=_warm, initargs=(str(installed), examples)
    ) as pool:
        list(pool.map(_check, documents[:2], [str(installed)] * 2))  # both workers warm
        started = time.perf_counter()
        verdicts = list(pool.map(_check, documents, [str(installed)] * count, chunksize=10))
        elapsed = time.perf_counter() - started
    print(
        f"batch of {count} documents, 2 worker processes: {elapsed:.1f} s, "
        f"{count / elapsed:.0f} documents/s ({len(set(verdicts))} distinct verdicts)"
    )


def references_xdm(cda: bytes, count: int) -> bytes:
    digest = hashlib.sha1(cda).hexdigest()
    entries = "".join(ENTRY.format(n=n, uri="DOC0001.XML", hash=digest) for n in range(count))
    return _xdm(entries, {"IHE_XDM/SUBSET01/DOC0001.XML": cda})


def bomb_xdm(target: int = 3_500_000) -> bytes:
    """CDA-like entries of 6 MB that deflate about 160:1 (under the 200:1 refusal), as many as a
    3.5 MB archive holds (about 3.5 GB decompressed), every one referenced."""
    rng = random.Random(13)
    letters = b"abcdefghijklmnopqrstuvwxyz"
    text = b"".join(bytes(rng.choices(letters, k=3)) + b" " * 1200 for _ in range(5_000))
    block = (
        b'<ClinicalDocument xmlns="urn:hl7-org:v3"><title>' + text + b"</title></ClinicalDocument>"
    )
    count = target // len(zlib.compress(block))
    files = {f"IHE_XDM/SUBSET01/DOC{n:04d}.XML": block for n in range(count)}
    entries = "".join(
        ENTRY.format(n=n, uri=name.rsplit("/", 1)[1], hash="0" * 40) for n, name in enumerate(files)
    )
    return _xdm(entries, files)


def _xdm(entries: str, files: dict[str, bytes]) -> bytes:
    metadata = (
        '<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" '
        'xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><rim:RegistryObjectList>'
        f"{entries}</rim:RegistryObjectList></lcm:SubmitObjectsRequest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.TXT", "Archive IHE_XDM")
        archive.writestr("INDEX.HTM", "<html></html>")
        archive.writestr("IHE_XDM/SUBSET01/METADATA.XML", metadata)
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _rss_after(data: bytes, installed: str) -> tuple[str, float]:
    verdict = str(validate(data, schematron_dir=Path(installed)).verdict)
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, i.e. the parent's peak.
    status = Path("/proc/self/status").read_text(encoding="ascii")
    peak_kib = next(
        int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
    )
    return verdict, peak_kib / 1024


if __name__ == "__main__":
    main()
