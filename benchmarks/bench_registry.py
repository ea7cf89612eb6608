"""Throughput and latency of the public registry under load, on PostgreSQL.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_demo \
       python benchmarks/bench_registry.py [--workers 3] [--duration 20] [--runs 3]

Fills the (dedicated!) database once with 10,000 referenced solutions (attestations and
registry events) and 100,000 evidence versions, starts the platform as production would
(gunicorn with REFERENCEMENT_ENV=production), then loads each endpoint with `wrk` (Debian
package) over loopback: requests/s, p50 and p99 latency, medians over the runs.
Target: ≥ 500 requests/s with p99 < 100 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bulk import REPO, attestations, candidatures, editors_and_user, evidence_versions, setup_django

SOLUTIONS = 10_000
VERSIONS = 100_000
CODE = "MS-DUI-Va2"
PORT = 8766
CONNECTIONS = 8


def random_attestation_script(folder: Path, name: str, path: str) -> Path:
    """A wrk script asking for a random attestation per request; `path` has a %05d where
    the sequence goes (numbers as registry.rules makes them)."""
    script = folder / f"{name}.lua"
    script.write_text(
        "math.randomseed(os.time())\n"
        "request = function()\n"
        f'  return wrk.format("GET", string.format("{path}", math.random(1, {SOLUTIONS})))\n'
        "end\n"
    )
    return script


def populate() -> str:
    """Fill an empty database; reuse it when already filled. Returns a number's template."""
    from django.db import connection

    from referencement.candidatures.choices import CandidatureStatus
    from referencement.evidence.models import EvidenceVersion
    from referencement.registry.models import Attestation

    if not Attestation.objects.exists():
        started = time.monotonic()
        editors, user = editors_and_user()
        rows = candidatures(
            CODE, SOLUTIONS, CandidatureStatus.REFERENCED, editors=editors, user=user
        )
        attestations(rows)
        evidence_versions(rows, VERSIONS, user=user)
        print(f"Données générées en {time.monotonic() - started:.0f} s.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would have by now
    first = Attestation.objects.order_by("sequence").first()
    versions = EvidenceVersion.objects.count()
    print(f"{Attestation.objects.count()} attestations, {versions} versions de preuves.")
    publish_after_a_decision(first)
    return first.number.rsplit("-", 1)[0] + "-%05d"


def publish_after_a_decision(attestation) -> None:
    """Issue 15: the first edition, then the one the worker publishes after a decision
    (here the first attestation alternately withdrawn and reinstated). Each run has a new
    temporary store: the editions of a previous run have lost their files."""
    from referencement.registry.editions import publish_edition
    from referencement.registry.models import Edition

    Edition.objects.all().delete()
    started = time.perf_counter()
    publish_edition()
    first = time.perf_counter() - started
    status = "valid" if attestation.status != "valid" else "withdrawn"
    type(attestation).objects.filter(pk=attestation.pk).update(status=status)
    started = time.perf_counter()
    edition = publish_edition()
    print(
        f"Édition n° 1 publiée en {first:.2f} s, n° {edition.number} après une décision en "
        f"{time.perf_counter() - started:.2f} s ({edition.referenced_count} référencées)."
    )


def wrk(url: str, duration: int, script: Path | None = None) -> tuple[float, float, float]:
    # A long timeout: a slow endpoint is measured, not dropped (wrk's default is 2 s).
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{duration}s",
        "--timeout",
        "60s",
        "--latency",
        url,
    ]
    if script:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"Réponses en erreur :\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, _latency(out, "50%"), _latency(out, "99%")


def _latency(out: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wait_for(port: int, timeout: float = 60) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("Le serveur n'a pas démarré.")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL doit désigner une base PostgreSQL dédiée au banc d'essai.")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REFERENCEMENT_HOME"] = tmp
        setup_django()
        pattern = populate()
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "REFERENCEMENT_ENV": "production",
            "REFERENCEMENT_SECRET_KEY": "banc-d-essai-" + "x" * 50,
            "REFERENCEMENT_ALLOWED_HOSTS": "127.0.0.1",
            "REFERENCEMENT_SSL_REDIRECT": "false",
        }
        subprocess.run(
            [sys.executable, "-m", "referencement.cli", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        api = random_attestation_script(Path(tmp), "api", f"/api/v1/attestations/{pattern}")
        page = random_attestation_script(Path(tmp), "page", f"/registre/attestations/{pattern}/")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "referencement.wsgi:application",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{PORT}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{PORT}"
        # The whole list comes last: its slow requests would still be running in the
        # workers when the next endpoint's measurement starts.
        endpoints = {
            "GET /api/v1/attestations/{numéro}": (f"{base}/", api),
            "GET /registre/attestations/{numéro}/": (f"{base}/", page),
            "GET /registre/ (page HTML paginée)": (f"{base}/registre/", None),
            "GET /api/v1/registry?dispositif=HOP-DPI-Va1": (
                f"{base}/api/v1/registry?dispositif=HOP-DPI-Va1",
                None,
            ),
            "GET /api/v1/registry (page 1 of 100 among 10 000)": (f"{base}/api/v1/registry", None),
            "GET /api/v1/registry?q=… (filtered page)": (
                f"{base}/api/v1/registry?dispositif={CODE}&q=00042",
                None,
            ),
            "GET /api/v1/registry.csv (10 000 entries)": (f"{base}/api/v1/registry.csv", None),
        }
        try:
            wait_for(PORT)
            print(
                f"gunicorn {args.workers} workers, wrk 2 threads {CONNECTIONS} connexions, "
                f"{args.duration} s × {args.runs} passes (médianes) :"
            )
            for name, (url, lua) in endpoints.items():
                runs = [wrk(url, args.duration, lua) for _ in range(args.runs)]
                rps, p50, p99 = (statistics.median(r[i] for r in runs) for i in range(3))
                print(f"  {name:48s} {rps:8.1f} req/s   p50 {p50:7.1f} ms   p99 {p99:7.1f} ms")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
