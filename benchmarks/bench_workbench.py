"""Render time and query count of the instruction workbench of a 400-item dossier.

Usage: python benchmarks/bench_workbench.py [ITEMS] [RUNS]   (default 400 items, 20 runs)
On a temporary SQLite instance, or on PostgreSQL with DATABASE_URL (a dedicated database).
One MS-DUI-Va2 candidature in instruction with ITEMS evidence items (two text versions
each, one item in three judged conforme); renders GET /instruction/<pk>/ (the first chapter
with items to judge), the largest chapter, and the « non jugées » filter; prints the median
and p90 server-side render time and the number of SQL queries. Target: < 300 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter

from bench_queue import instructor_client
from bulk import candidatures, editors_and_user, evidence_versions, setup_django


def measure(client, url: str, runs: int) -> tuple[float, float, float, int]:
    """Median wall time, p90 wall time, median CPU time of this process (the figure that
    does not depend on what else the shared machine runs) and the SQL query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, query plans
    walls, cpus = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        assert response.status_code == 200, response.status_code
    p90 = statistics.quantiles(walls, n=10)[-1]
    return statistics.median(walls), p90, statistics.median(cpus), len(queries.captured_queries)


def judge_every_third(candidature, user) -> None:
    from referencement.evidence.models import EvidenceVersion
    from referencement.instruction.models import Verdict

    latest = EvidenceVersion.objects.filter(evidence__candidature=candidature, number=2)
    Verdict.objects.bulk_create(
        Verdict(version=v, value="conforme", decided_by=user)
        for n, v in enumerate(latest.order_by("pk"))
        if n % 3 == 0
    )


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REFERENCEMENT_HOME"] = tmp
        setup_django()
        from referencement.candidatures.choices import CandidatureStatus as S
        from referencement.evidence.models import Evidence

        editors, user = editors_and_user(1)
        rows = candidatures("MS-DUI-Va2", 1, S.IN_INSTRUCTION, editors=editors, user=user)
        evidence_versions(rows, items * 2, user=user, per_item=2)
        candidature = rows[0]
        judge_every_third(candidature, user)
        chapters = Counter(
            Evidence.objects.filter(candidature=candidature).values_list(
                "requirement__chapter_id", flat=True
            )
        )
        largest, size = chapters.most_common(1)[0]
        client = instructor_client()
        database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        total = sum(chapters.values())
        print(f"Paillasse d'instruction, {total} preuves, {database}, {runs} rendus :")
        base = f"/instruction/{candidature.pk}/"
        for label, url in (
            ("GET /instruction/<pk>/", base),
            (f"chapitre le plus long ({size} preuves)", f"{base}?chapitre={largest}"),
            ("non jugées seulement", f"{base}?chapitre={largest}&non_jugees=1"),
        ):
            median, p90, cpu, queries = measure(client, url, runs)
            print(
                f"  {label:38s} médiane {median:7.1f} ms   p90 {p90:7.1f} ms   "
                f"CPU {cpu:7.1f} ms   {queries} requêtes SQL"
            )


if __name__ == "__main__":
    main()
